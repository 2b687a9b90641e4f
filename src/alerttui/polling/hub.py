"""All tenants' pollers behind one object the engine runs and a face can pause, refresh and
ask for an ad-hoc series (the details screen's sparkline)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from alerttui.clients.tenant import TenantClients
from alerttui.config import Panel, Settings
from alerttui.domain import MetricSeries, utcnow
from alerttui.polling.fetch import fetch_panel
from alerttui.polling.poller import AfterPoll, SnapshotCallback, TenantPoller


def backend_of(clients: TenantClients) -> tuple[object, ...]:
    """What a tenant's poll loads: its Alertmanager replicas and identity (tenants that share
    them share their reads too), else its Prometheus."""
    if clients.alertmanagers:
        return ("am", tuple(am.url for am in clients.alertmanagers), clients.am_identity)
    if clients.prometheus is not None:
        return ("prometheus", clients.prometheus.url, clients.prom_identity)
    return ("none",)


def poll_phases(clients: dict[str, TenantClients], refresh: float) -> dict[str, float]:
    """Each tenant's offset in the refresh interval: tenants of one backend poll together (they
    share one read), different backends spread evenly over the interval instead of all at once.
    Every tenant still polls at once at start."""
    backends: dict[tuple[object, ...], float] = {}
    for c in clients.values():
        backends.setdefault(backend_of(c), 0.0)
    for k, key in enumerate(backends):
        backends[key] = refresh * k / len(backends)
    return {tid: backends[backend_of(c)] for tid, c in clients.items()}


class PollingHub:
    def __init__(self, settings: Settings, clients: dict[str, TenantClients], on_snapshot: SnapshotCallback,
                 after_poll: AfterPoll | None = None, clock: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings
        ui = settings.ui
        self.clients = clients  # the engine's: it closes them
        self.clock = clock
        phases = poll_phases(self.clients, ui.refresh.total_seconds())
        self.pollers = {
            tid: TenantPoller(c, refresh=ui.refresh, metrics_refresh=ui.metrics_refresh,
                              metrics_range=ui.metrics_range, on_snapshot=on_snapshot, after_poll=after_poll,
                              phase=phases[tid], clock=clock)  # the engine's: one clock for every part
            for tid, c in self.clients.items()
        }

    async def run(self) -> None:
        """Run every tenant's poller until cancelled."""
        async with asyncio.TaskGroup() as tg:
            for poller in self.pollers.values():
                tg.create_task(poller.run())

    def _forget_reads(self) -> None:
        for clients in self.clients.values():
            if clients.reads is not None:
                clients.reads.forget()

    def refresh_now(self) -> None:
        """Poll every tenant now (``r``), reading Alertmanager again."""
        self._forget_reads()
        for poller in self.pollers.values():
            poller.refresh_now()

    def refresh_tenant(self, tenant_id: str) -> None:
        """Poll one tenant now (after an action changed it), reading Alertmanager again."""
        self._forget_reads()
        poller = self.pollers.get(tenant_id)
        if poller is not None:
            poller.refresh_now()

    def set_paused(self, paused: bool) -> None:
        for poller in self.pollers.values():
            poller.paused = paused

    def set_metrics_visible(self, tenant_ids: set[str]) -> None:
        """Only the tenants on screen poll their panels (dolphie: skip hidden tabs)."""
        for tid, poller in self.pollers.items():
            was = poller.metrics_enabled
            poller.metrics_enabled = tid in tenant_ids
            if poller.metrics_enabled and not was:
                poller.wake_metrics()

    async def expression_series(self, tenant_id: str, expr: str, window: timedelta) -> MetricSeries:
        """A range query of an alert's own expression, for its details screen."""
        panel = Panel(title=expr[:60] or "-", query=expr or "vector(0)")
        return await fetch_panel(self.clients[tenant_id], panel, self.clock(), window)
