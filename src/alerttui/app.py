"""The Textual app: wiring only. The engine polls and publishes snapshots, which arrive here
as messages for the screens; screens ask for intents through the typed face (``app_face``)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from textual import work
from textual.app import ScreenStackError
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel

from alerttui import heap, i18n
from alerttui.app_face import DashboardFace
from alerttui.bindings import Retranslatable, bind, current, retranslate
from alerttui.commands import AlerttuiCommands
from alerttui.config import Settings
from alerttui.domain import Snapshot, utcnow
from alerttui.engine import Engine, Event, build_engine
from alerttui.i18n import N_, _, ngettext
from alerttui.messages import SnapshotUpdated
from alerttui.sanitize import clean
from alerttui.screens.dashboard import DashboardScreen
from alerttui.widgets.notices import Notices

HANGUP_GRACE = 1.5  # seconds to close the engine after the terminal went


class AlerttuiApp(DashboardFace):
    CSS_PATH = "app.tcss"
    TITLE = "alerttui"
    COMMANDS = DashboardFace.COMMANDS | {AlerttuiCommands}
    BINDINGS = [
        bind("q", "quit", N_("Quit"), id="quit"),
        bind("ctrl+c", "quit", N_("Quit"), show=False, priority=True, id="quit_ctrl_c"),
        bind("question_mark", "help", N_("Help"), id="help"),
        bind("r", "refresh", N_("Refresh"), id="refresh"),
        bind("p", "pause", N_("Pause"), id="pause"),
        bind("L", "switch_language", N_("Language"), id="switch_language", show=False,
             tooltip=N_("Switch between English, French and German")),
    ]

    def __init__(self, settings: Settings, *, engine: Engine | None = None, tenant: str | None = None,
                 kiosk: bool = False, polling: bool = True, clock: Callable[[], datetime] = utcnow) -> None:
        super().__init__()
        self.engine = engine or build_engine(settings, role="dashboard" if polling else "cli", kiosk=kiosk,
                                             polling=polling, clock=clock)
        self.settings = settings
        self.kiosk = self.engine.kiosk
        self.operator = settings.ui.operator
        self.refresh_interval = settings.ui.refresh
        self.metrics_range = settings.ui.metrics_range
        self.history_ranges = settings.ui.history_ranges
        self.clock = self.engine.clock
        self.paused = False
        self.polling = polling and self.engine.hub is not None
        self.tenant_list = [(t.id, t.display_name) for t in settings.tenants]
        self.initial_tenant = tenant
        self.notify_mode = settings.ui.notify  # kept in kiosk mode: a wall screen may want it too
        self._alarms: list[str] = []  # new critical alerts of this burst of polls, for one bell
        self.engine.subscribe(self._snapshot_arrived)
        self.engine.on_event(self._engine_event)

    def on_mount(self) -> None:
        self._watch_terminal()
        panels = {t.id: list(t.panels) for t in self.settings.tenants}
        self.install_screen(DashboardScreen(self.tenant_list, self.initial_tenant, panels), "dashboard")
        self.push_screen("dashboard")
        if self.polling:
            self.run_engine()
        self.set_interval(5, lambda: self.is_screen_installed("dashboard") and self.dashboard.update_status())
        if not self.is_headless:  # (tests run many apps in one process: none is frozen there)
            self.call_after_refresh(heap.settle)  # the screens are built: the rest of the heap is per poll

    def _watch_terminal(self) -> None:
        """Leave within a second or two when the terminal goes (an SSH session that drops, a
        killed tmux session), whatever happens to SIGHUP.

        SIGHUP may be ignored (nohup and some session managers ignore it, which is inherited
        across exec) or blocked; Textual's input thread then reads end-of-file from the
        hung-up terminal in a loop (select() on it is always ready: a whole core, for good),
        and its output thread dies on the first write (EIO), after which a full output queue
        blocks the event loop. So the watch is a thread of its own: on SIGHUP, or when the
        terminal stops being one (isatty() fails on a hung-up terminal), it asks the loop to
        close the engine (the outbox's message in flight finished or left pending), waits
        for that at most HANGUP_GRACE, and ends the process. A Textual exit is not tried: it
        writes to the terminal that is gone, and blocks."""
        if self.is_headless:
            return
        stdin = sys.__stdin__
        fd = stdin.fileno() if stdin is not None and os.isatty(stdin.fileno()) else None
        hangup, closed = threading.Event(), threading.Event()
        with contextlib.suppress(ValueError):  # not the main thread: no signal handler there
            signal.signal(signal.SIGHUP, lambda _sig, _frame: hangup.set())
        loop = asyncio.get_running_loop()

        async def close() -> None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.engine.aclose(), HANGUP_GRACE)
            closed.set()

        def watch() -> None:
            while not hangup.wait(0.25):
                if fd is not None and not os.isatty(fd):
                    break
            with contextlib.suppress(RuntimeError):  # the loop is closed: nothing left to close
                asyncio.run_coroutine_threadsafe(close(), loop)
            closed.wait(HANGUP_GRACE)
            os._exit(129)  # 128 + SIGHUP, as a shell reports it

        threading.Thread(target=watch, name="alerttui-hangup", daemon=True).start()

    async def on_unmount(self) -> None:
        await self.engine.aclose()

    @work(exclusive=True, exit_on_error=False, group="engine")
    async def run_engine(self) -> None:
        await self.engine.run()  # polling, and the background duties while this process has them

    def _snapshot_arrived(self, snapshot: Snapshot) -> None:
        self.post_message(SnapshotUpdated(snapshot))

    NOTIFIED: ClassVar[dict[str, SeverityLevel]] = {"ack-failed": "warning", "escalated": "warning",
                                                     "escalation-stopped": "information",
                                                     "notice": "information", "slack-refused": "warning"}

    def _engine_event(self, event: Event) -> None:
        severity = self.NOTIFIED.get(event.kind)
        if severity is not None:
            # Engine messages carry alert names and labels: plain text, never markup.
            self.notify(clean(event.message, 500), severity=severity, markup=False)
        elif (event.kind == "firing" and self.notify_mode != "none" and event.fields.get("severity") == "critical"
              and self.is_screen_installed("dashboard")):
            snap = self.dashboard.snapshots.get(event.tenant or "")
            if snap is None or snap.fetched_at is None:
                return  # a tenant's first poll: what already fired is not news
            if not self._alarms:
                self.call_later(self._ring)  # once for the alerts of this poll
            self._alarms.append(event.message)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """On a screen with notice slots (the dashboard, where the app spends its life), the
        notice goes there: Textual's toasts are made and removed per message, and Textual keeps
        removed widgets' rendered lines (textual#6665). Elsewhere, Textual's toasts. Callable
        from any thread, like Textual's."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # a worker thread: hand it to the app's loop
            self.call_from_thread(self.notify, message, title=title, severity=severity, timeout=timeout,
                                  markup=markup)
            return
        try:
            notices = self.screen.query_children(Notices).first()
        except (ScreenStackError, NoMatches):  # no screen yet, or closing; a screen without slots
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
            return
        notices.show(message, title=title, severity=severity, markup=markup,
                     timeout=self.NOTIFICATION_TIMEOUT if timeout is None else timeout)

    def _ring(self) -> None:
        alarms, self._alarms = self._alarms, []
        if not alarms:
            return
        if self.notify_mode == "bell":
            self.bell()
        elif self.notify_mode == "osc9":
            text = alarms[0] if len(alarms) == 1 else ngettext(
                "{first} (and {n} more critical alert)", "{first} (and {n} more critical alerts)",
                len(alarms) - 1).format(first=alarms[0], n=len(alarms) - 1)
            self.desktop_notification(text)

    def desktop_notification(self, text: str) -> None:
        """An OSC 9 desktop notification (iTerm2, kitty, WezTerm, Windows Terminal…).

        Textual has no public way to write to its terminal (``App.bell`` uses the driver's
        private attribute), so this goes to the real stdout, flushed: one short sequence."""
        out = sys.__stdout__
        if self.is_headless or out is None:
            return
        try:
            out.write(f"\x1b]9;{clean(text, 200)}\x07")
            out.flush()
        except (OSError, ValueError):  # a closed or redirected terminal: nothing to notify
            pass

    def on_snapshot_updated(self, message: SnapshotUpdated) -> None:
        if not self.is_screen_installed("dashboard"):  # closing: the last poll came after the screens went
            return
        self.dashboard.apply_snapshot(message.snapshot)
        from alerttui.screens.incidents import IncidentsScreen
        from alerttui.screens.panels import PanelsScreen
        from alerttui.screens.silences import SilencesScreen

        if isinstance(self.screen, SilencesScreen | IncidentsScreen | PanelsScreen):
            self.screen.update_snapshots(self.dashboard.snapshots)

    def action_refresh(self) -> None:
        if self.engine.hub is not None:
            self.engine.hub.refresh_now()
        self.notify(_("Refreshing all tenants…"), timeout=2)

    def action_pause(self) -> None:
        self.paused = not self.paused
        if self.engine.hub is not None:
            self.engine.hub.set_paused(self.paused)
            if not self.paused:
                self.engine.hub.refresh_now()
        self.dashboard.update_status()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        # A screen class's bindings are shared by its instances and were translated when the
        # class was created or at the last switch: bring a newly opened one up to date.
        if not isinstance(screen, str):
            retranslate(screen)
        return super().push_screen(screen, *args, **kwargs)

    async def action_switch_language(self, language: str | None = None) -> None:
        """Next language (en → fr → de), live: the view, the filter and the cursor stay."""
        order = list(i18n.LANGUAGES)
        nxt = language or order[(order.index(i18n.get_language()) + 1) % len(order)]
        i18n.set_language(nxt)
        retranslate(self)
        for screen in {*self.screen_stack, self.dashboard}:
            retranslate(screen)
            for widget in screen.walk_children():
                retranslate(widget)
            if isinstance(screen, Retranslatable):
                screen.retranslate()
        self.refresh_bindings()
        self.notify({"en": _("Language: English"), "fr": _("Language: French")}.get(nxt, _("Language: German")),
                    timeout=2)

    def action_help(self) -> None:
        from alerttui.screens.help import HelpScreen
        from alerttui.screens.history import HistoryScreen
        from alerttui.screens.incidents import IncidentsScreen
        from alerttui.screens.silences import SilencesScreen

        def shown(bindings: list[Any]) -> list[Binding]:
            return [current(b) for b in bindings if isinstance(b, Binding) and self.may(b.action, None)]

        self.push_screen(HelpScreen(shown([*self.BINDINGS, *DashboardScreen.BINDINGS]),
                                    [(_("Silences view (S)"), shown(SilencesScreen.BINDINGS)),
                                     (_("Incidents view (i)"), shown(IncidentsScreen.BINDINGS)),
                                     (_("History view (H)"), shown(HistoryScreen.BINDINGS))]))

    async def action_palette(self, action: str) -> None:
        """Palette commands run here, through the same gate as keys."""
        name = action.split("(")[0]
        if not self.may(name, self.dashboard.target_tenant()):
            self.notify(_("Not allowed here"), severity="warning")
            return
        on_dashboard = name in ("tenant", "filter", "silence", "ack", "silences")
        while on_dashboard and self.screen is not self.dashboard:
            self.pop_screen()
        await (self.dashboard if on_dashboard else self).run_action(action)

    action_silences = DashboardFace.open_silences

    async def action_quit(self) -> None:
        pending = sum(self.engine.outbox_counts) if self.engine.has_duties else 0
        if not pending or self.kiosk:
            self.exit(0)
            return
        from alerttui.screens.confirm_modal import ConfirmModal

        question = ngettext("{n} Slack message has not been sent yet; it will be sent at the next start. Quit?",
                            "{n} Slack messages have not been sent yet; they will be sent at the next start. Quit?",
                            pending).format(n=pending)
        self.push_screen(ConfirmModal(question, yes=_("Quit")), lambda yes: self.exit(0) if yes else None)


def run_app(settings: Settings, tenant: str | None = None, kiosk: bool = False) -> int:
    app = AlerttuiApp(settings, tenant=tenant, kiosk=kiosk)
    return int(app.run() or 0)
