"""A yes/no question before a destructive action (expire)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from alerttui.bindings import bind
from alerttui.i18n import N_, _


class ConfirmModal(ModalScreen[bool]):
    BINDINGS = [
        bind("y", "answer(True)", N_("Yes"), id="confirm_yes"),
        bind("n,escape", "answer(False)", N_("No"), id="confirm_no"),
    ]
    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical { width: 70; max-width: 100%; height: auto; border: thick $warning;
                              background: $surface; padding: 1 2; }
    ConfirmModal Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmModal Button { margin-left: 2; }
    """

    def __init__(self, question: Text | str, yes: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes or _("Yes")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question if isinstance(self.question, Text) else Text(self.question))
            with Horizontal():
                yield Button(_("No (n)"), id="no")
                yield Button(f"{self.yes_label} (y)", id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
