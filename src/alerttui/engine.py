"""The composition root: ``build_engine(settings)`` puts the parts together, once, for every
face (the dashboard, each CLI command, ``alerttui watch``). Nothing else constructs clients.

The engine owns the HTTP clients (one per distinct backend identity), the tenants' pollers,
``Operations`` (the one door for writes and the one audit writer), the outbox and the Slack
forwarder. It publishes snapshots and events to subscribers and knows no Textual.

What must happen while nobody looks at a screen (Slack threads following alerts, draining
the outbox, extending acks) are the *duties*: one process per state directory does them,
a ``watch`` before any dashboard (``duties.Duties``). The engine re-checks who has them
every ``duty_tick`` seconds, so a dashboard takes over within one refresh when a watch stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from alerttui.clients.tenant import ClientPool, TenantClients
from alerttui.config import Settings, TenantConfig
from alerttui.domain import Snapshot, utcnow
from alerttui.duties import Duties
from alerttui.forwarding.outbox import Item, Outbox
from alerttui.i18n import _
from alerttui.operations import AuditLog, Operations
from alerttui.paths import state_dir
from alerttui.polling.hub import PollingHub
from alerttui.sanitize import clean

log = logging.getLogger(__name__)

STOP_GRACE = 4.0  # seconds a stopping engine lets an in-flight Slack send finish
OUTBOX_KEEP = 7 * 86400.0  # sent Slack messages (and once-only keys) kept this long, for `outbox` and threads
PRUNE_EVERY = 3600.0  # seconds between two prunes of the outbox


@dataclass(frozen=True)
class Event:
    """Something the engine did or saw, for ``watch``'s log and the dashboard's notices."""

    kind: str  # started, stale, recovered, firing, resolved, ack-extended, ack-failed, slack-sent,
    #            slack-failed, duties, stopping, stopped
    message: str
    tenant: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Engine:
    settings: Settings
    pool: ClientPool
    clients: dict[str, TenantClients]
    ops: Operations
    outbox: Outbox | None
    forwarder: Any  # forwarding.service.Forwarder | None (imported lazily: slack_sdk is heavy)
    duties: Duties | None
    clock: Callable[[], datetime] = utcnow
    hub: PollingHub | None = None
    responder: Any = None  # respond.service.Responder: incidents, escalation, notices, Slack buttons
    duty_tick: float = 5.0
    _snapshot_subscribers: list[Callable[[Snapshot], None]] = field(default_factory=list)
    _event_subscribers: list[Callable[[Event], None]] = field(default_factory=list)
    _last: dict[str, Snapshot] = field(default_factory=dict)
    _worker_task: asyncio.Task[None] | None = None
    _outbox_counts: tuple[int, int] = (0, 0)
    _next_prune: float = 0.0  # monotonic time of the next outbox prune (by whoever has the duties)

    # -- subscriptions --------------------------------------------------------------------------

    def subscribe(self, on_snapshot: Callable[[Snapshot], None]) -> None:
        self._snapshot_subscribers.append(on_snapshot)

    def on_event(self, on_event: Callable[[Event], None]) -> None:
        self._event_subscribers.append(on_event)

    def emit(self, event: Event) -> None:
        for subscriber in self._event_subscribers:
            try:
                subscriber(event)
            except Exception:  # a face's bug must not stop the engine
                log.exception("event subscriber failed")

    @property
    def kiosk(self) -> bool:
        return self.ops.kiosk

    @property
    def has_duties(self) -> bool:
        return self.duties is not None and self.duties.mine

    def duties_holder(self) -> str:
        """Who does the duties when this process does not ("watch pid 4242"), else ""."""
        return self.duties.holder() if self.duties is not None else ""

    @property
    def outbox_counts(self) -> tuple[int, int]:
        """(pending, failed) Slack messages, as of the last duty tick (read off the UI loop)."""
        return self._outbox_counts

    # -- running --------------------------------------------------------------------------------

    async def run(self) -> None:
        """Poll every tenant and, while this process has them, do the duties; until cancelled."""
        assert self.hub is not None, "build_engine(..., polling=True)"
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(self.hub.run())
                tg.create_task(self._duty_loop())
        finally:
            await self._stop_worker()

    async def _duty_loop(self) -> None:
        while True:
            await self.check_duties()
            await asyncio.sleep(self.duty_tick)

    async def check_duties(self) -> None:
        """Take or give up the duties, start or stop the outbox worker to match, and read
        the outbox's counts (in a thread: no SQLite on the event loop for a status line)."""
        if self.duties is not None and not self.kiosk:
            had = self.duties.mine
            mine = self.duties.reconcile()
            if mine != had:
                self.emit(Event("duties", _("this process now does the background duties") if mine else
                                _("background duties left to {holder}").format(holder=self.duties_holder()
                                                                               or _("another process"))))
            if mine and self.forwarder is not None and self._worker_task is None:
                self._worker_task = asyncio.create_task(self.forwarder.worker.run(), name="outbox-worker")
            elif not mine:
                await self._stop_worker()
            if self.responder is not None and self.responder.actions is not None:
                await self.responder.actions.follow(mine)  # Slack clicks go to whoever does the duties
        if self.outbox is not None:
            self._outbox_counts = await asyncio.to_thread(self.outbox.counts)
            if self.has_duties and time.monotonic() >= self._next_prune:
                self._next_prune = time.monotonic() + PRUNE_EVERY
                await asyncio.to_thread(self.outbox.prune, time.time() - OUTBOX_KEEP)

    async def _stop_worker(self) -> None:
        task, self._worker_task = self._worker_task, None
        if task is None:
            return
        if self.forwarder is not None:
            self.forwarder.worker.stop()  # finish the send in flight, start no other
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(task), timeout=STOP_GRACE)
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- what a poll brings -----------------------------------------------------------------------

    def _snapshot(self, snapshot: Snapshot) -> None:
        old = self._last.get(snapshot.tenant)
        self._last[snapshot.tenant] = snapshot
        self._events_between(old, snapshot)
        for subscriber in self._snapshot_subscribers:
            subscriber(snapshot)

    def _events_between(self, old: Snapshot | None, new: Snapshot) -> None:
        if not self._event_subscribers:
            return
        tid = new.tenant
        if new.stale and (old is None or not old.stale):
            self.emit(Event("stale", _("tenant {tenant} is stale: {reason}").format(
                tenant=tid, reason=clean(new.last_error or "", 300)), tid, {"reason": new.last_error}))
            return
        if new.stale:
            return
        if old is not None and old.stale:
            self.emit(Event("recovered", _("tenant {tenant} answers again").format(tenant=tid), tid))
        if new.fetched_at is None or (old is not None and old.alerts is new.alerts):
            return
        before = old.alerts if old is not None and old.fetched_at is not None else {}
        for fp in new.alerts.keys() - before.keys():
            alert = new.alerts[fp]
            self.emit(Event("firing", _("{tenant}: {alert} firing ({severity})").format(
                tenant=tid, alert=clean(alert.alertname, 100), severity=clean(alert.labels.get("severity", "-"), 30)),
                tid, {"fingerprint": fp, "alertname": alert.alertname, "severity": alert.severity.label}))
        for fp in before.keys() - new.alerts.keys():
            alert = before[fp]
            self.emit(Event("resolved", _("{tenant}: {alert} resolved").format(
                tenant=tid, alert=clean(alert.alertname, 100)), tid, {"fingerprint": fp, "alertname": alert.alertname}))

    async def _after_poll(self, snapshot: Snapshot) -> None:
        """What follows a poll: the incidents (every face), then the duties: Slack threads,
        escalation and notices, ack extension."""
        if self.responder is not None:
            try:
                await self.responder.observe(snapshot, self.has_duties and not self.kiosk)
            except Exception:  # a bug here must not stop the threads and acks below
                log.exception("responding to %s's poll failed", snapshot.tenant)
        if not self.has_duties or self.kiosk:
            return
        if self.forwarder is not None:
            self.forwarder.track(snapshot)
        if not self.settings.ack.extend:
            return
        for result in await self.ops.extend_acks(snapshot.tenant, snapshot.alerts.values(), snapshot.silences):
            if result.unchanged is not None:
                continue
            self.emit(Event("ack-extended" if result.ok else "ack-failed", result.message, snapshot.tenant,
                            {"silenceID": result.silence_id}))

    def _sent(self, item: Item) -> None:
        self.emit(Event("slack-sent", _("Slack: {kind} for {tenant} sent to {channel}").format(
            kind=item.kind, tenant=item.tenant, channel=clean(item.channel, 80)), item.tenant,
            {"item": item.id, "fingerprint": item.fingerprint, "kind": item.kind}))

    def _failed(self, item: Item, reason: str) -> None:
        self.emit(Event("slack-failed", _("Slack refused {kind} for {tenant} in {channel}: {reason}").format(
            kind=item.kind, tenant=item.tenant, channel=clean(item.channel, 80), reason=clean(reason, 300)),
            item.tenant, {"item": item.id, "fingerprint": item.fingerprint}))

    # -- closing ----------------------------------------------------------------------------------

    def snapshot(self, tenant: str) -> Snapshot | None:
        """The tenant's latest snapshot, if it was polled."""
        return self._last.get(tenant)

    async def alert_history(self, tenant: str, since: datetime, until: datetime,
                            alertname: str | None = None) -> list[Any]:
        """The tenant's alert history (``domain.history.AlertHistory``) from its Prometheus;
        [] without one. Raises ``BackendError`` when Prometheus fails."""
        from alerttui.polling.history import fetch_history

        clients = self.clients.get(tenant)
        if clients is None or clients.prometheus is None:
            return []
        return await fetch_history(clients.prometheus, clients.scope, since, until, alertname)

    # -- incidents ----------------------------------------------------------------------------

    def incidents(self, tenant: str | None = None) -> list[Any]:
        """The incidents (``domain.incidents.Incident``), open and most severe first."""
        return self.responder.incidents(tenant) if self.responder is not None else []

    def incident_of(self, tenant: str, fingerprint: str) -> Any:
        return self.responder.incident_of(tenant, fingerprint) if self.responder is not None else None

    def escalation_outlook(self, incident: Any) -> str:
        """"escalates to oncall-secondary in 4m", or ""."""
        return self.responder.outlook(incident) if self.responder is not None else ""

    def _respond_event(self, kind: str, message: str, tenant: str | None, fields: dict[str, Any]) -> None:
        self.emit(Event(kind, message, tenant, fields))

    async def aclose(self) -> None:
        if self.responder is not None and self.responder.actions is not None:
            await self.responder.actions.follow(False)
        await self._stop_worker()
        await self.pool.aclose()
        if self.outbox is not None:
            self.outbox.close()
        if self.duties is not None:
            self.duties.release()
        if self.responder is not None:
            self.responder.close()


def build_engine(settings: Settings, *, role: str = "cli", kiosk: bool = False, tenants: Iterable[str] | None = None,
                 polling: bool = False, slack: bool = True, audit: AuditLog | None = None,
                 slack_client: Any = None, clock: Callable[[], datetime] = utcnow,
                 state: Path | None = None, prometheus: bool = True, respond: bool | None = None) -> Engine:
    """The engine for one face. ``role``: ``dashboard`` or ``watch`` take part in the duties
    (``cli`` does not); ``tenants``: only these tenants' clients (a one-tenant command);
    ``polling``: build the pollers; ``slack``: the outbox and forwarder when [slack] is set;
    ``prometheus``: the Prometheus clients (a command that reads only alerts needs none);
    ``respond``: incidents, escalation and Slack buttons (default: for a dashboard or watch)."""
    pool = ClientPool()
    wanted: list[TenantConfig] = (settings.tenants if tenants is None
                                  else [settings.tenant(t) for t in tenants])
    clients = {t.id: TenantClients.from_config(t, pool, prometheus=prometheus) for t in wanted}
    audit = audit or AuditLog(settings.audit_path, settings.privacy.redactor)
    ops = Operations(settings, clients, audit, kiosk=kiosk, clock=clock)
    outbox = forwarder = None
    if slack and settings.slack is not None:
        from alerttui.forwarding.service import Forwarder

        outbox = Outbox(settings.outbox_path)
        forwarder = Forwarder(settings, outbox, ops, client=slack_client, clock=clock)
        if not ops.kiosk:
            ops.listeners.append(forwarder.on_change)
    ops.listeners.append(lambda _change: pool.reads.forget())  # a write shows at the next poll, not a round later
    duties = None
    if role in ("dashboard", "watch") and not ops.kiosk:
        duties = Duties(state or settings_state_dir(settings), role)
    engine = Engine(settings, pool, clients, ops, outbox, forwarder, duties, clock,
                    duty_tick=1.0 if role == "watch" else min(5.0, settings.ui.refresh.total_seconds()))
    if forwarder is not None:
        forwarder.worker.on_sent, forwarder.worker.on_failed = engine._sent, engine._failed
    if respond if respond is not None else role in ("dashboard", "watch"):
        from alerttui.respond.service import Responder

        engine.responder = Responder(settings, clients, ops, state or settings_state_dir(settings), outbox=outbox,
                                     forwarder=forwarder, emit=engine._respond_event, clock=clock)
        if forwarder is not None and settings.slack is not None and settings.slack.app_token is not None \
                and not ops.kiosk:
            from alerttui.respond.actions import SlackActions

            engine.responder.actions = SlackActions(settings, engine, outbox, emit=engine._respond_event)
    if polling:
        engine.hub = PollingHub(settings, clients, engine._snapshot, engine._after_poll, clock=clock)
    return engine


def settings_state_dir(settings: Settings) -> Path:
    """Where the duty locks live: beside the outbox (what the duties work on), else the
    platform's state directory."""
    return settings.outbox_path.parent if settings.outbox_path is not None else state_dir()
