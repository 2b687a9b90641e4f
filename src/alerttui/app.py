"""The Textual app: wiring only. Pollers publish snapshots as messages; screens render them;
intents go back through the hub (and, for writes, operations/)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from textual import work
from textual.app import App
from textual.binding import Binding

from alerttui.commands import AlerttuiCommands
from alerttui.config import Settings
from alerttui.domain import MetricSeries, utcnow
from alerttui.i18n import _
from alerttui.messages import SnapshotUpdated
from alerttui.polling.hub import PollingHub
from alerttui.screens.dashboard import DashboardScreen


class AlerttuiApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "alerttui"
    COMMANDS = App.COMMANDS | {AlerttuiCommands}
    BINDINGS = [
        Binding("q", "quit", _("Quit"), id="quit"),
        Binding("ctrl+c", "quit", _("Quit"), show=False, priority=True, id="quit_ctrl_c"),
        Binding("question_mark", "help", _("Help"), id="help"),
        Binding("r", "refresh", _("Refresh"), id="refresh"),
        Binding("p", "pause", _("Pause"), id="pause"),
    ]

    def __init__(self, settings: Settings, *, tenant: str | None = None, kiosk: bool = False,
                 polling: bool = True, clock: Callable[[], datetime] = utcnow) -> None:
        super().__init__()
        self.settings = settings
        self.kiosk = kiosk or settings.ui.kiosk
        self.operator = settings.ui.operator
        self.refresh_interval: timedelta = settings.ui.refresh
        self.clock = clock
        self.paused = False
        self.tenant_list = [(t.id, t.display_name) for t in settings.tenants]
        self.initial_tenant = tenant
        self.hub = PollingHub(settings, self._snapshot_arrived) if polling else None

    @property
    def dashboard(self) -> DashboardScreen:
        screen = self.get_screen("dashboard")
        assert isinstance(screen, DashboardScreen)
        return screen

    def on_mount(self) -> None:
        dashboard = DashboardScreen(
            self.tenant_list, self.initial_tenant, {t.id: list(t.panels) for t in self.settings.tenants})
        self.install_screen(dashboard, "dashboard")
        self.push_screen("dashboard")
        if self.hub is not None:
            self.run_polling()
        self.set_interval(5, self._tick)

    @work(exclusive=True, exit_on_error=False, group="polling")
    async def run_polling(self) -> None:
        assert self.hub is not None
        await self.hub.run()

    def _snapshot_arrived(self, snapshot) -> None:  # type: ignore[no-untyped-def]
        self.post_message(SnapshotUpdated(snapshot))

    def on_snapshot_updated(self, message: SnapshotUpdated) -> None:
        self.dashboard.apply_snapshot(message.snapshot)

    def _tick(self) -> None:
        self.dashboard.update_status()

    # -- intents --------------------------------------------------------------------------------

    def set_metrics_tenants(self, tenants: set[str]) -> None:
        if self.hub is not None:
            self.hub.set_metrics_visible(tenants)

    async def expression_series(self, tenant: str, expr: str, window: timedelta) -> MetricSeries:
        if self.hub is None:
            return MetricSeries(title=expr, query=expr, error=_("polling is off"))
        return await self.hub.expression_series(tenant, expr, window)

    def action_refresh(self) -> None:
        if self.hub is not None:
            self.hub.refresh_now()
        self.notify(_("Refreshing all tenants…"), timeout=2)

    def action_pause(self) -> None:
        self.paused = not self.paused
        if self.hub is not None:
            self.hub.set_paused(self.paused)
            if not self.paused:
                self.hub.refresh_now()
        self.dashboard.update_status()

    def action_help(self) -> None:
        from alerttui.screens.help import HelpScreen

        bindings = [*self.BINDINGS, *DashboardScreen.BINDINGS]
        self.push_screen(HelpScreen([b for b in bindings if isinstance(b, Binding)]))

    async def action_palette(self, action: str) -> None:
        """Palette commands run here, through the same gate as keys (``check_action``)."""
        if self.check_action(action.split("(")[0], ()) is False:
            self.notify(_("Not allowed here"), severity="warning")
            return
        if action.startswith("tenant(") or action == "filter":
            if self.screen is not self.dashboard:
                self.pop_screen()
            await self.dashboard.run_action(action)
        else:
            await self.run_action(action)


def run_app(settings: Settings, tenant: str | None = None, kiosk: bool = False) -> int:
    app = AlerttuiApp(settings, tenant=tenant, kiosk=kiosk)
    result = app.run()
    return int(result or 0)
