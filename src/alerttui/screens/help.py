"""Every binding (app and dashboard) with its key and description."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from alerttui.bindings import bind
from alerttui.i18n import N_, _


def binding_rows(bindings: list[Binding], app_key_display) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(keys, description) per action; several keys for one action share a row ("q, ^c")."""
    keys: dict[tuple[str, str], list[str]] = {}
    for b in bindings:
        if not b.description:
            continue
        if b.id and b.id.startswith("tenant_"):  # 1..9: one row
            if b.id == "tenant_1":
                keys[("tenant", _("Tenant by number"))] = ["1…9"]
            continue
        shown = keys.setdefault((b.action, b.description), [])
        display = app_key_display(b)
        if display not in shown:
            shown.append(display)
    return [(", ".join(k), desc) for (_action, desc), k in keys.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        bind("escape", "dismiss", N_("Close"), id="close_help"),
        bind("question_mark", "dismiss", N_("Close"), show=False, id="close_help_q"),
        bind("q", "dismiss", N_("Close"), show=False, id="close_help_quit"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 72; max-width: 100%; height: auto; max-height: 100%;
                                  border: round $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, bindings: list[Binding], sections: list[tuple[str, list[Binding]]] | None = None) -> None:
        super().__init__()
        self.bindings_list = bindings
        self.sections = sections or []

    def compose(self) -> ComposeResult:
        table = Table(title=_("Keys"), show_header=False, box=None, expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        self.rows = binding_rows(self.bindings_list, self.app.get_key_display)
        for key, desc in self.rows:
            table.add_row(Text(key), Text(desc))
        extra = []
        for title, bindings in self.sections:
            t = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
            t.add_column(style="bold", no_wrap=True)
            t.add_column(ratio=1)
            for key, desc in binding_rows(bindings, self.app.get_key_display):
                t.add_row(Text(key), Text(desc))
                self.rows.append((key, desc))
            extra.append(t)
        with VerticalScroll():
            yield Static(table)
            for t in extra:
                yield Static(t)
            yield Static(Text(_("escape, ? or q closes this help"), style="dim"))
