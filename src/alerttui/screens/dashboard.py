"""The dashboard: tenant tabs, alert table, metric panes, filter, stale banner, status bar."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from alerttui.bindings import bind
from alerttui.config import Panel
from alerttui.domain import Alert, MatcherError, MetricSeries, Snapshot
from alerttui.domain.filtering import AlertFilter, parse_filter
from alerttui.face import face_of
from alerttui.i18n import N_, _
from alerttui.sanitize import clean
from alerttui.widgets.alert_table import AlertTable
from alerttui.widgets.footer import Footer
from alerttui.widgets.metric_pane import MetricGrid
from alerttui.widgets.notices import Notices
from alerttui.widgets.slo_pane import SLOPane
from alerttui.widgets.status_bar import StaleBanner, StatusBar, is_stale
from alerttui.widgets.tenant_tabs import TenantTabs

GRIDS_KEPT = 4  # metric grids kept mounted (hidden) for the tenants shown last, then reused


class DashboardScreen(Screen[None]):
    BINDINGS = [
        bind("slash", "filter", N_("Filter"), id="filter", tooltip=N_("Filter by matchers or text")),
        bind("enter", "details", N_("Details"), show=False, id="details"),
        bind("s", "silence", N_("Silence"), id="silence", tooltip=N_("Silence the selected alert")),
        bind("a", "ack", N_("Ack"), id="ack", tooltip=N_("Acknowledge the selected alert")),
        bind("S", "silences", N_("Silences"), id="silences", tooltip=N_("Silences of this tenant")),
        bind("f", "forward", N_("Slack"), id="forward", tooltip=N_("Forward the selected alert to Slack")),
        bind("i", "incidents", N_("Incidents"), show=False, id="incidents",
             tooltip=N_("Incidents: the alerts that belong together")),
        bind("H", "history", N_("History"), show=False, id="history",
             tooltip=N_("When this tenant's alerts fired, from Prometheus")),
        bind("m", "panels", N_("Panels"), show=False, id="panels",
             tooltip=N_("This tenant's panels at full width: bands, forecasts, how they are computed")),
        bind("escape", "clear_filter", N_("Clear filter"), show=False, id="clear_filter"),
        bind("tab", "next_tenant", N_("Next tenant"), show=False, priority=True, id="next_tenant"),
        bind("shift+tab", "previous_tenant", N_("Previous tenant"), show=False, priority=True,
                id="previous_tenant"),
        bind("0", "tenant(0)", N_("All tenants"), show=False, id="all_tenants"),
        *[bind(str(n), f"tenant({n})", N_("Tenant {n}"), fmt={"n": n}, show=False, id=f"tenant_{n}")
          for n in range(1, 10)],
    ]

    def __init__(self, tenants: list[tuple[str, str]], initial_tenant: str | None = None,
                 panels: dict[str, list[Panel]] | None = None) -> None:
        super().__init__()
        self.tenants = tenants
        self.panels = panels or {}
        self.tenant: str | None = initial_tenant
        self.filter = AlertFilter()
        self.snapshots: dict[str, Snapshot] = {}
        # Metric grids of the last few tenants shown, most recent last: only these are in the
        # DOM (100 tenants x 6 panes made every style and query walk a thousand widgets).
        self._grids: dict[str, MetricGrid] = {}
        self._metrics_tenant: str | None = None
        self._metrics_asked: set[str] | None = None
        self._chrome_due = False  # tabs and status bar to redraw after the queued snapshots
        self._keys_for: object = None  # the target tenant the footer's keys were worked out for

    def compose(self) -> ComposeResult:
        yield TenantTabs(self.tenants, id="tabs")
        yield StaleBanner(id="stale")
        yield AlertTable(id="alerts")
        yield Static(id="empty")
        with Vertical(id="metrics"):  # the shown tenant's MetricGrid, mounted when first shown
            yield SLOPane(id="slos")
        yield Input(placeholder=_('matchers or text, e.g. severity="critical" disk'), id="filter")
        yield Static(id="filter-error")
        yield StatusBar(id="status")
        yield Footer()
        yield Notices(id="notices")

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.query_one("#filter-error", Static).display = False
        self.query_one(AlertTable).focus()
        self.refresh_view()

    def retranslate(self) -> None:
        """Every text on this screen in the active language (after ``L``)."""
        self.query_one(AlertTable).relabel()
        self.query_one("#filter", Input).placeholder = _('matchers or text, e.g. severity="critical" disk')
        for grid in self.query(MetricGrid):
            grid.refresh_values()
        self.refresh_view()

    # -- data in ------------------------------------------------------------------------------

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        # A tenant's first data is not "new alerts": only later arrivals get the marker.
        previous = self.snapshots.get(snapshot.tenant)
        first = previous is None or previous.fetched_at is None
        self.snapshots[snapshot.tenant] = snapshot
        self.refresh_view(changed_tenant=snapshot.tenant, mark_new=not first, previous=previous)

    def visible_alerts(self, tenant: str | None = None) -> list[Alert]:
        """The alerts of the tenants in view (of ``tenant`` only, for a poll of that tenant),
        before the filter: the table applies it, testing only what changed."""
        snaps = self._shown_snapshots()
        if tenant is not None:
            snaps = {tenant: snaps[tenant]} if tenant in snaps else {}
        out: list[Alert] = []
        for snap in snaps.values():
            out.extend(snap.alerts.values())
        return out

    def _shown_snapshots(self) -> Mapping[str, Snapshot]:
        if self.tenant is None:
            return self.snapshots
        snap = self.snapshots.get(self.tenant)
        return {self.tenant: snap} if snap else {}

    def refresh_view(self, changed_tenant: str | None = None, now: datetime | None = None,
                     mark_new: bool = False, previous: Snapshot | None = None) -> None:
        """``mark_new``: rows that were not shown get the "new" marker. Only a poll's new
        alerts are new; rows that come back because the filter was widened are not."""
        now = now or self.app_clock()
        tables = self.query(AlertTable)
        if not tables:
            return  # a poll answered before the screen was composed: on_mount shows what it stored
        table = tables.first()
        if changed_tenant is None or self.tenant in (None, changed_tenant):
            silences = {sid: s for snap in self._shown_snapshots().values() for sid, s in snap.silences.items()}
            # A poll of one tenant hands the table only that tenant's alerts: the others' rows
            # stay as they are, so a poll costs what that tenant has, not what every tenant has.
            current = self.snapshots.get(changed_tenant) if changed_tenant else None
            if current is not None and previous is not None and previous.fetched_at is not None:
                # The table shows ``previous`` for this tenant: hand it only what changed (the
                # poller keeps the very objects of unchanged alerts), and what left.
                old, new = previous.alerts, current.alerts
                changed = [a for fp, a in new.items() if old.get(fp) is not a]
                gone = [old[fp].key for fp in old.keys() - new.keys()]
                table.show_alerts(changed, silences, now, mark_new=mark_new, changed_tenant=changed_tenant,
                                  gone=gone)
            else:
                table.show_alerts(self.visible_alerts(changed_tenant), silences, now, mark_new=mark_new,
                                  changed_tenant=changed_tenant)
            self._update_empty(table)
            self._update_metrics()
        if changed_tenant is None:
            self._refresh_chrome()
        elif not self._chrome_due:
            # Polls arrive in bursts (every tenant at start, after ``r``): the tabs and the
            # status bar count every tenant's alerts, so they are redrawn once after the
            # snapshots already queued, not once per snapshot.
            self._chrome_due = True
            self.call_later(self._refresh_chrome)

    def _refresh_chrome(self) -> None:
        self._chrome_due = False
        self.query_one(TenantTabs).show(self.tenant, self.snapshots)
        self.update_status()

    def app_clock(self) -> datetime:
        return face_of(self).clock()

    def update_status(self, now: datetime | None = None) -> None:
        now = now or self.app_clock()
        face = face_of(self)
        shown = self._shown_snapshots()
        stale = [s for s in shown.values() if is_stale(s, now, face.refresh_interval)]
        self.query_one(StaleBanner).show(stale, now)
        self.query_one(StatusBar).show(
            self.tenant, shown, now, operator=face.operator, paused=face.paused, filter_text=self.filter.text,
            kiosk=face.kiosk, extra=face.status_extra())

    def _update_empty(self, table: AlertTable) -> None:
        empty = self.query_one("#empty", Static)
        if table.row_count:
            empty.display = False
            return
        empty.display = True
        if not self._shown_snapshots():
            empty.update(_("Waiting for the first poll…"))
        elif self.filter.active:
            empty.update(Text(_("No alert matches the filter {f}").format(f=clean(self.filter.text, 60))))
        else:
            empty.update(_("No alerts. All quiet."))

    def _metric_tenant(self) -> str | None:
        if self.tenant is not None:
            return self.tenant
        alert = self.query_one(AlertTable).selected_alert()
        return alert.tenant if alert else None

    def _update_metrics(self) -> None:
        """The shown tenant's panes: its grid mounted (or brought back) and its latest series,
        only when they changed; the poller asked for that tenant's panels only."""
        tenant = self._metric_tenant()
        panels = self.panels.get(tenant) if tenant else None
        snap = self.snapshots.get(tenant) if tenant else None
        series = snap.series if snap is not None else ()
        if tenant != self._metrics_tenant:
            previous = self._grids.get(self._metrics_tenant) if self._metrics_tenant else None
            if previous is not None:
                previous.display = False
            self._metrics_tenant = tenant
            if tenant and panels:
                self._show_grid(tenant, panels, series)
        slos = snap.slos if snap is not None else ()
        self.query_one("#metrics").display = bool(panels) or bool(slos)
        self.query_one(SLOPane).show(slos)
        grid = self._grids.get(tenant) if tenant else None
        if grid is not None and series and series is not grid.series:
            grid.show(series)
        asked = {tenant} if tenant else set()
        if asked != self._metrics_asked:
            self._metrics_asked = asked
            face_of(self).set_metrics_tenants(asked)

    def _show_grid(self, tenant: str, panels: list[Panel], series: tuple[MetricSeries, ...]) -> None:
        grid = self._grids.pop(tenant, None)
        if grid is None:
            name = dict(self.tenants).get(tenant, tenant)
            if len(self._grids) >= GRIDS_KEPT:  # the grid shown longest ago is given to this tenant
                grid = self._grids.pop(next(iter(self._grids)))
                grid.rebind(tenant, panels, title=name, series=series)
            else:
                grid = MetricGrid(tenant, panels, title=name, series=series)
                self.query_one("#metrics").mount(grid, before=self.query_one(SLOPane))
        grid.display = True
        self._grids[tenant] = grid

    @on(AlertTable.RowHighlighted)
    def _row_moved(self) -> None:
        if self.tenant is None:
            self._update_metrics()
            self._keys_follow_target()

    def _keys_follow_target(self) -> None:
        """Silence, ack and forward depend on the target tenant's role: the footer is worked
        out again when that tenant changes, not on every highlight (each poll moves the
        highlight under churn, and the footer rebuilt a dozen widgets every time)."""
        target = self.target_tenant()
        if target != self._keys_for:
            self._keys_for = target
            self.refresh_bindings()

    # -- actions (writes go through the app's Operations; the gate hides what is refused) ---

    def target_tenant(self) -> str | None:
        if self.tenant is not None:
            return self.tenant
        alert = self.query_one(AlertTable).selected_alert()
        return alert.tenant if alert else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in ("silence", "ack", "forward"):
            return True
        return face_of(self).may(action, self.target_tenant())

    def action_details(self) -> None:
        alert = self.query_one(AlertTable).selected_alert()
        if alert is not None:
            self._open(AlertTable.Selected(alert))

    def action_silence(self) -> None:
        alert = self.query_one(AlertTable).selected_alert()
        tenant = alert.tenant if alert else self.tenant
        if tenant is None:
            self.notify(_("Select an alert or a tenant first."), severity="warning")
            return
        face_of(self).open_silence_form(tenant, alert=alert)

    def action_ack(self) -> None:
        alert = self.query_one(AlertTable).selected_alert()
        if alert is None:
            self.notify(_("Select an alert to acknowledge."), severity="warning")
            return
        face_of(self).ack(alert)

    def action_silences(self) -> None:
        face_of(self).open_silences()

    def action_history(self) -> None:
        from alerttui.screens.history import HistoryScreen

        tenant = self.target_tenant() or (self.tenants[0][0] if len(self.tenants) == 1 else None)
        if tenant is None:
            self.notify(_("Select a tenant (tab) or an alert first."), severity="warning")
            return
        self.app.push_screen(HistoryScreen(tenant, dict(self.tenants).get(tenant, tenant),
                                           tuple(face_of(self).history_ranges)))

    def action_panels(self) -> None:
        from alerttui.screens.panels import PanelsScreen

        with_panels = [t for t, _n in self.tenants if self.panels.get(t)]
        tenant = self._metric_tenant() or (with_panels[0] if len(with_panels) == 1 else None)
        if tenant is None or not self.panels.get(tenant):
            self.notify(_("Select a tenant with panels (tab) or one of its alerts first."), severity="warning")
            return
        minutes = int(face_of(self).metrics_range.total_seconds() // 60)
        self.app.push_screen(PanelsScreen(tenant, dict(self.tenants).get(tenant, tenant), self.snapshots.get(tenant),
                                          minutes))

    def action_incidents(self) -> None:
        from alerttui.screens.incidents import IncidentsScreen

        self.app.push_screen(IncidentsScreen(self.tenant, self.snapshots))

    def action_forward(self) -> None:
        alert = self.query_one(AlertTable).selected_alert()
        if alert is None:
            self.notify(_("Select an alert to forward."), severity="warning")
            return
        face_of(self).forward(alert)

    # -- tenants -------------------------------------------------------------------------------

    def select_tenant(self, tenant: str | None) -> None:
        if tenant == self.tenant:
            return
        self.tenant = tenant
        self.query_one(AlertTable).clear_all()
        self.refresh_view()
        self._keys_follow_target()  # a tenant's own view: its role decides s/a/f

    def action_tenant(self, n: int) -> None:
        if n == 0:
            self.select_tenant(None)
        elif 1 <= n <= len(self.tenants):
            self.select_tenant(self.tenants[n - 1][0])

    def _cycle(self, step: int) -> None:
        order: list[str | None] = [None, *(t for t, _n in self.tenants)]
        index = order.index(self.tenant) if self.tenant in order else 0
        self.select_tenant(order[(index + step) % len(order)])

    def action_next_tenant(self) -> None:
        self._cycle(1)

    def action_previous_tenant(self) -> None:
        self._cycle(-1)

    # -- filter --------------------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.value = self.filter.text
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display and box.has_focus and box.value != self.filter.text:
            box.value = self.filter.text
        self._set_filter_error(None)
        if self.filter.active or box.display:
            self.filter = AlertFilter()
            box.value = ""
            box.display = False
            self.query_one(AlertTable).focus()
            self._filter_view()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.apply_filter(event.value)
        box = self.query_one("#filter", Input)
        box.display = bool(self.filter.active)
        self.query_one(AlertTable).focus()

    def apply_filter(self, text: str) -> bool:
        try:
            new = parse_filter(text)
        except MatcherError as exc:
            self._set_filter_error(str(exc))
            return False
        self._set_filter_error(None)
        if new != self.filter:
            self.filter = new
            self._filter_view()
        return True

    def _filter_view(self) -> None:
        """The table shows what the filter keeps (a view over the rows it holds: no rows are
        rebuilt), and the texts that depend on it follow."""
        table = self.query_one(AlertTable)
        table.set_filter(self.filter)
        self._update_empty(table)
        self._update_metrics()
        self.update_status()

    def _set_filter_error(self, reason: str | None) -> None:
        err = self.query_one("#filter-error", Static)
        err.display = reason is not None
        if reason is not None:
            err.update(Text(_("invalid filter (keeping the previous one): {reason}").format(
                reason=clean(reason, 200)), no_wrap=True, overflow="ellipsis"))

    # -- details -------------------------------------------------------------------------------

    @on(AlertTable.Selected)
    def _open(self, event: AlertTable.Selected) -> None:
        from alerttui.screens.alert_detail import AlertDetailScreen

        snap = self.snapshots.get(event.alert.tenant)
        self.app.push_screen(AlertDetailScreen(event.alert, snap))
