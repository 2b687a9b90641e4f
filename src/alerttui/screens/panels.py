"""The panels view (``m``): one tenant's metric panels at full width, each with its anomaly
band drawn, the points outside it marked, the warn and crit lines, and in words the band's
method and parameters and the forecast's fit and verdict: every figure on the panes explained.
It follows the polls while open."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from alerttui.bindings import bind
from alerttui.domain import Snapshot
from alerttui.i18n import N_, _
from alerttui.sanitize import clean
from alerttui.widgets.footer import Footer
from alerttui.widgets.panel_chart import PanelChart


class PanelsScreen(Screen[None]):
    BINDINGS = [bind("escape", "app.pop_screen", N_("Back"), id="panels_back")]
    DEFAULT_CSS = """
    PanelsScreen #panels-title { height: 1; padding: 0 1; background: $panel; }
    PanelsScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """

    def __init__(self, tenant: str, tenant_name: str, snapshot: Snapshot | None, minutes: int) -> None:
        super().__init__()
        self.tenant = tenant
        self.tenant_name = tenant_name
        self.snapshot = snapshot
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        yield Static(_("Panels of {tenant}: the last {minutes} minutes").format(
            tenant=clean(self.tenant_name, 60), minutes=self.minutes), id="panels-title", markup=False)
        with VerticalScroll():
            series = self.snapshot.series if self.snapshot is not None else ()
            if not series:
                yield Static(_("No panel data yet (the panels are read every metrics refresh)."), markup=False)
            for s in series:
                yield PanelChart(s, self.minutes)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def update_snapshots(self, snapshots: Mapping[str, Snapshot]) -> None:
        snap = snapshots.get(self.tenant)
        if snap is None or snap.series == (self.snapshot.series if self.snapshot else ()):
            return
        charts = list(self.query(PanelChart))
        self.snapshot = snap
        if len(charts) != len(snap.series):
            self.app.pop_screen()  # the panels changed shape: reopen for the new ones
            return
        for chart, series in zip(charts, snap.series, strict=True):
            chart.show(series)
