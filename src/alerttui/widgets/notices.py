"""Notices: the short messages of ``App.notify`` (a silence about to end while its alert
still fires, a refused action), shown where Textual shows its toasts, in a few widgets made
once and reused.

Textual's toasts are widgets mounted for each message and removed when it expires, and Textual
keeps every removed widget's styles cache, with its rendered lines, in an ``lru_cache`` of
1,024 entries (textual#6665). A dashboard that shows a notice every 30 s kept 81 of them, about
25,000 Python blocks, after 25 minutes of the soak, and would keep up to 1,024. These slots
are never removed: a new notice takes a hidden slot, or the oldest shown one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widgets import Static

SEVERITIES = ("information", "warning", "error")


class Notice(Static):
    """One slot: hidden until given a message, hidden again when its time is up or on a click."""

    DEFAULT_CSS = """
    Notice {
        display: none;
        width: 60;
        max-width: 50%;
        height: auto;
        margin-top: 1;
        padding: 1 1;
        background: $panel-lighten-1;
        visibility: visible;
        &:ansi { background: $ansi-background; }
        &.-information { border-left: outer $success; }
        &.-warning { border-left: outer $warning; }
        &.-error { border-left: outer $error; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self.shown_at = 0  # the order of the notices (a counter): the oldest slot is reused first
        self.text = ""

    def put(self, content: Content, severity: SeverityLevel, timeout: float, order: int) -> None:
        self.update(content)
        self.text = content.plain
        for name in SEVERITIES:
            self.set_class(name == severity, f"-{name}")
        self.shown_at = order
        self.display = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, self.dismiss)

    def dismiss(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.display = False
        if isinstance(self.parent, Notices):
            self.parent.tidy()

    def on_click(self, event: Click) -> None:
        event.stop()
        self.dismiss()


class Notices(Vertical):
    """Docked above the footer at the bottom right, on a layer of its own over the screen
    (the screen's CSS names the ``notices`` layer). The newest notice is the lowest."""

    SLOTS = 4

    DEFAULT_CSS = """
    Notices {
        display: none;
        layer: notices;
        dock: bottom;
        width: 1fr;
        height: auto;
        align: right bottom;
        margin-bottom: 1;
        visibility: hidden;  /* the rack is not drawn (what is under it shows), its notices are */
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._order = 0

    def compose(self) -> ComposeResult:
        for _ in range(self.SLOTS):
            yield Notice()

    def show(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
             timeout: float = 5.0, markup: bool = True) -> None:
        """``message`` as Textual's toast would show it: markup only when ``markup`` (texts
        from other people's systems are passed with ``markup=False`` and shown literally)."""
        slots = list(self.query_children(Notice))
        if not slots:
            return  # not composed yet
        content = Content.from_markup(message) if markup else Content(message)
        if title:
            content = Content.assemble(Content(title).stylize("bold"), "\n", content)
        free = [slot for slot in slots if not slot.display]
        slot = free[0] if free else min(slots, key=lambda s: s.shown_at)
        self._order += 1
        slot.put(content, severity, timeout, self._order)
        if slot is not slots[-1]:
            self.move_child(slot, after=slots[-1])  # the newest is the lowest
        self.display = True

    def shown(self) -> list[str]:
        """The texts on screen now, oldest first (for tests and screenshots)."""
        return [slot.text for slot in self.query_children(Notice) if slot.display]

    def tidy(self) -> None:
        """Nothing shown: take no room at all (the margin above the footer included)."""
        self.display = any(slot.display for slot in self.query_children(Notice))
