"""Per-tenant polling: its own schedule, no overlap, staleness, recovery within one interval.

Each tenant runs two loops (alerts+health every ``refresh``, panels every
``metrics_refresh``). The next poll is armed only when the last one has finished, so slow
backends never pile requests up. A failing tenant keeps its last data, marked stale with
the reason, and is asked again after one ``refresh``, not later: an outage's end shows
within one interval. (It used to back off exponentially; after a few minutes' outage the
dashboard then stayed stale for minutes after the backend was back, which is the worst
moment for it. A poll is one read per backend per interval, shared by its tenants, so
retrying at the usual pace adds no load.) Only a server that asks, with ``Retry-After``
(429, 503), is given longer, up to ``backoff_cap``. Tenants never wait on each other: each
poller is its own task with its own timeouts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta

from alerttui.clients.tenant import TenantClients
from alerttui.domain import Snapshot, utcnow
from alerttui.polling.fetch import fetch_alerts, fetch_metrics, prometheus_health, reuse_unchanged
from alerttui.polling.slo import fetch_slos

log = logging.getLogger(__name__)

SnapshotCallback = Callable[[Snapshot], None]
AfterPoll = Callable[[Snapshot], Awaitable[object]]


def retry_delay(failures: int, base: float, cap: float, asked: float | None = None) -> float:
    """When to poll again: after ``base`` (the refresh), failing or not; longer only when
    the server asked with ``Retry-After`` while failing, never beyond ``cap``."""
    if failures <= 0 or asked is None:
        return base
    return max(base, min(cap, asked))


class TenantPoller:
    def __init__(
        self,
        clients: TenantClients,
        *,
        refresh: timedelta,
        metrics_refresh: timedelta,
        metrics_range: timedelta,
        on_snapshot: SnapshotCallback | None = None,
        after_poll: AfterPoll | None = None,
        backoff_cap: timedelta = timedelta(minutes=5),
        clock: Callable[[], datetime] = utcnow,
        phase: float = 0.0,
    ) -> None:
        self.clients = clients
        self.tenant = clients.tenant
        self.refresh = refresh.total_seconds()
        self.metrics_refresh = metrics_refresh.total_seconds()
        self.metrics_range = metrics_range
        self.backoff_cap = max(backoff_cap.total_seconds(), self.refresh)
        self.on_snapshot = on_snapshot
        self.after_poll = after_poll  # e.g. extend acks of alerts that still fire
        self.clock = clock
        self.phase = phase  # the first wait, in [0, refresh): backends' polls spread over the interval
        self.failures = 0
        self.retry_after: float | None = None  # what the last failing poll's server asked for
        self.paused = False
        self.metrics_enabled = True
        self.snapshot = Snapshot(tenant=self.tenant.id, tenant_name=self.tenant.display_name)
        self._wake = asyncio.Event()
        self._wake_metrics = asyncio.Event()
        self._lock = asyncio.Lock()  # one alerts poll at a time, whoever asks

    # -- one poll ----------------------------------------------------------------------

    def _publish(self, snapshot: Snapshot) -> Snapshot:
        self.snapshot = replace(snapshot, generation=self.snapshot.generation + 1)
        if self.on_snapshot is not None:
            self.on_snapshot(self.snapshot)
        return self.snapshot

    async def poll_alerts(self) -> Snapshot:
        async with self._lock:
            now = self.clock()
            am_task = fetch_alerts(self.clients, now)
            result, prom = await asyncio.gather(am_task, prometheus_health(self.clients, now))
            health = [*result.health, *([prom] if prom else [])]
            old = self.snapshot
            if result.complete_failure:
                self.failures += 1
                asked = [e.retry_after for e in result.errors if getattr(e, "retry_after", None) is not None]
                self.retry_after = max(asked) if asked else None
                reason = "; ".join(str(e) for e in result.errors) or "unknown error"
                return self._publish(replace(old, health=tuple(health), attempted_at=now,
                                             last_error=reason, stale=True))
            self.failures = 0
            self.retry_after = None
            partial = "; ".join(str(e) for e in result.errors) or None
            return self._publish(replace(
                old,
                alerts=reuse_unchanged(old.alerts, result.alerts),
                silences=result.silences if result.silences is not None else old.silences,
                health=tuple(health),
                fetched_at=now,
                attempted_at=now,
                last_error=partial,
                stale=False,
            ))

    async def poll_metrics(self) -> Snapshot:
        if not self.tenant.panels and not self.tenant.slos:
            return self.snapshot
        now = self.clock()
        series, slos = await asyncio.gather(fetch_metrics(self.clients, self.tenant.panels, now, self.metrics_range),
                                            fetch_slos(self.clients, self.tenant.id, self.tenant.slos, now))
        return self._publish(replace(self.snapshot, series=series, slos=slos))

    # -- scheduling ----------------------------------------------------------------------

    def refresh_now(self) -> None:
        """Poll at once (the ``r`` key), without waiting for the timer."""
        self._wake.set()
        self._wake_metrics.set()

    def wake_metrics(self) -> None:
        self._wake_metrics.set()

    def next_delay(self) -> float:
        return retry_delay(self.failures, self.refresh, self.backoff_cap, self.retry_after)

    async def _sleep(self, seconds: float, event: asyncio.Event) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=seconds)
        event.clear()

    async def _alerts_loop(self) -> None:
        phase = self.phase
        while True:
            if not self.paused:
                try:
                    snapshot = await self.poll_alerts()
                    if self.after_poll is not None and not snapshot.stale:
                        await self.after_poll(snapshot)
                except Exception:  # a bug must not kill polling for good
                    log.exception("alerts poll of tenant %s crashed", self.tenant.id)
                    self.failures += 1
            # The first wait is shorter for a later phase: data is never older than usual.
            await self._sleep(phase if phase and not self.failures else self.next_delay(), self._wake)
            phase = 0.0

    async def _metrics_loop(self) -> None:
        phase = self.phase
        while True:
            if not self.paused and self.metrics_enabled:
                try:
                    await self.poll_metrics()
                except Exception:
                    log.exception("metrics poll of tenant %s crashed", self.tenant.id)
            await self._sleep(phase or self.metrics_refresh, self._wake_metrics)
            phase = 0.0

    async def run(self) -> None:
        """Poll until cancelled."""
        async with asyncio.TaskGroup() as tg:
            tg.create_task(self._alerts_loop())
            tg.create_task(self._metrics_loop())
