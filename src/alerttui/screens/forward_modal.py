"""Forward an alert to Slack: where it goes, an optional note, and a question first when
the same alert went to the same place recently."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from alerttui.bindings import bind
from alerttui.domain import Alert
from alerttui.i18n import N_, _
from alerttui.sanitize import clean


class ForwardModal(ModalScreen[str | None]):
    """Dismisses with the note ("" for none) to send, or None to cancel."""

    BINDINGS = [
        bind("escape", "cancel", N_("Cancel"), id="forward_cancel"),
        bind("ctrl+s", "send", N_("Send"), id="forward_send", priority=True),
    ]
    DEFAULT_CSS = """
    ForwardModal { align: center middle; }
    ForwardModal > Vertical { width: 80; max-width: 100%; height: auto; border: round $primary;
                              background: $surface; padding: 0 1; }
    ForwardModal .warn { color: $warning; text-style: bold; }
    ForwardModal Input { height: 1; border: none; padding: 0 1; margin-top: 1; }
    ForwardModal #buttons { height: 1; margin-top: 1; align-horizontal: right; }
    ForwardModal #buttons Button { height: 1; border: none; min-width: 10; margin-left: 2; }
    """

    def __init__(self, alert: Alert, target: str, webhook_only: bool, recent: str | None) -> None:
        super().__init__()
        self.alert = alert
        self.target = target
        self.webhook_only = webhook_only
        self.recent = recent

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Forward {alert} to Slack: {target}").format(
                alert=clean(self.alert.alertname, 60), target=clean(self.target, 60)), style="bold"))
            if self.webhook_only:
                yield Static(_("Sent through a webhook: later acks, silences and resolution cannot update it."),
                             classes="warn")
            if self.recent:
                yield Static(Text(_("Already forwarded there {ago}. Send it again?").format(ago=self.recent)),
                             classes="warn")
            yield Input(placeholder=_("note for the channel (optional)"), id="note")
            with Horizontal(id="buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Send (ctrl+s)"), id="send", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_send()
        else:
            self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.action_send()

    def action_send(self) -> None:
        self.dismiss(self.query_one("#note", Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)
