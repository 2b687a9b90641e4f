"""Every binding (app and dashboard) with its key and description."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from alerttui.i18n import _


def binding_rows(bindings: list[Binding], app_key_display) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(keys, description) per action; several keys for one action share a row ("q, ^c")."""
    keys: dict[tuple[str, str], list[str]] = {}
    for b in bindings:
        if not b.description:
            continue
        shown = keys.setdefault((b.action, b.description), [])
        display = app_key_display(b)
        if display not in shown:
            shown.append(display)
    return [(", ".join(k), desc) for (_action, desc), k in keys.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", _("Close"), id="close_help"),
        Binding("question_mark", "dismiss", _("Close"), show=False, id="close_help_q"),
        Binding("q", "dismiss", _("Close"), show=False, id="close_help_quit"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 72; max-width: 100%; height: auto; max-height: 100%;
                                  border: round $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings_list = bindings

    def compose(self) -> ComposeResult:
        table = Table(title=_("Keys"), show_header=False, box=None, expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        self.rows = binding_rows(self.bindings_list, self.app.get_key_display)
        for key, desc in self.rows:
            table.add_row(Text(key), Text(desc))
        with VerticalScroll():
            yield Static(table)
            yield Static(Text(_("escape, ? or q closes this help"), style="dim"))
