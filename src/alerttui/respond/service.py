"""``Responder``: what the engine does with each good poll to respond as a team.

Every face that polls keeps the incidents current (the dashboard shows them); the process
with the background duties also escalates, says the notices and listens for Slack clicks.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from alerttui.clients.errors import BackendError
from alerttui.clients.tenant import TenantClients
from alerttui.config import Settings
from alerttui.domain import Silence, Snapshot
from alerttui.domain.incidents import Correlator, Incident, Key
from alerttui.forwarding.render import reply_text
from alerttui.i18n import _
from alerttui.operations import Operations
from alerttui.operations.runner import ack_comment
from alerttui.respond.escalation import Escalator
from alerttui.respond.notices import Notice, ending_soon, silenced_resolved
from alerttui.respond.store import IncidentStore
from alerttui.sanitize import clean

log = logging.getLogger(__name__)

OFF_LOOP = 5000  # alerts in a poll from which correlating runs in a thread, not on the UI loop


class Responder:
    def __init__(self, settings: Settings, clients: Mapping[str, TenantClients], ops: Operations,
                 state: Path, *, outbox: Any = None, forwarder: Any = None,
                 emit: Callable[[str, str, str | None, dict[str, Any]], None] = lambda *a: None,
                 clock: Callable[[], datetime]) -> None:
        self.settings = settings
        self.clients = clients
        self.ops = ops
        self.outbox = outbox
        self.forwarder = forwarder
        self.emit = emit
        self.clock = clock
        self.store = IncidentStore(state / "respond.sqlite3")
        self.correlator = Correlator(self._correlation, self.store.load(clock()))
        self.escalator = (Escalator(settings, outbox, forwarder, ops.record_queued, emit, clock)
                          if forwarder is not None and settings.escalation else None)
        self._groups: dict[str, dict[str, Key]] = {}
        self._last: dict[str, Snapshot] = {}
        self._said: set[str] = set()  # notices said, when there is no outbox to remember them
        self.actions: Any = None  # respond.actions.SlackActions, when [slack] has an app token
        self._lock = asyncio.Lock()

    def _correlation(self, tenant: str) -> tuple[list[str] | None, timedelta]:
        c = self.settings.tenant(tenant).correlation
        return c.labels, c.window

    # -- each poll ----------------------------------------------------------------------------

    async def observe(self, snapshot: Snapshot, duties: bool) -> None:
        """Bring the tenant's incidents up to date; with the duties, escalate and notify."""
        if snapshot.stale or snapshot.fetched_at is None:
            return
        # Outside the lock: a tenant whose Alertmanager is slow to give its groups must not
        # hold up every other tenant's incidents (and so their next polls) meanwhile.
        groups = await self._groups_for(snapshot)
        async with self._lock:  # one tenant at a time: the correlator is not shared across threads
            now = self.clock()
            if len(snapshot.alerts) >= OFF_LOOP:
                await asyncio.to_thread(self.correlator.update, snapshot.tenant, snapshot.alerts, now, groups)
            else:
                self.correlator.update(snapshot.tenant, snapshot.alerts, now, groups)
            changed = self.correlator.take_changed()
            if changed:  # SQLite off the event loop: a busy disk must not freeze the screen
                await asyncio.to_thread(self.store.save, changed)
            before = self._last.get(snapshot.tenant)
            self._last[snapshot.tenant] = snapshot
            if not duties or self.ops.kiosk:
                return
            if self.escalator is not None:
                self.escalator.tick(self.correlator.incidents(snapshot.tenant), self._silences)
            self._notices(before, snapshot, now)

    def _silences(self, tenant: str) -> Mapping[str, Silence]:
        snap = self._last.get(tenant)
        return snap.silences if snap is not None else {}

    async def _groups_for(self, snapshot: Snapshot) -> Mapping[str, Key] | None:
        """Alertmanager's groups, when they are the tenant's correlation: read again only
        when an alert appears that no group was known for."""
        tenant = self.settings.tenant(snapshot.tenant)
        if tenant.correlation.labels is not None or tenant.alertmanager is None:
            return None
        known = self._groups.setdefault(snapshot.tenant, {})
        if all(fp in known for fp in snapshot.alerts):
            return known
        clients = self.clients.get(snapshot.tenant)
        if clients is None:
            return known
        for am in clients.alertmanagers:
            try:
                groups = await am.alert_groups(clients.scope)
            except BackendError as exc:
                log.info("groups of %s from %s: %s", snapshot.tenant, am.url, exc)
                continue
            fresh: dict[str, Key] = {}
            for group in sorted(groups, key=lambda g: g.receiver.name):
                key = tuple(sorted(group.labels.items()))
                for alert in group.alerts:
                    fresh.setdefault(alert.fingerprint, key)
            self._groups[snapshot.tenant] = fresh
            return fresh
        return known  # every replica failed: the fallback key for the new ones, this time

    def _will_extend(self, silence: Silence) -> bool:
        ack = self.settings.ack
        return ack.extend and silence.comment == ack_comment(self.ops.operator) and \
            silence.ends_at < silence.starts_at + ack.max

    def _notices(self, before: Snapshot | None, snapshot: Snapshot, now: datetime) -> None:
        for notice in [*ending_soon(snapshot, now, self._will_extend), *silenced_resolved(before, snapshot)]:
            if self.outbox is not None:
                if not self.outbox.once(notice.key):
                    continue
            elif notice.key in self._said:
                continue
            else:
                self._said.add(notice.key)
            self._say(notice)

    def _say(self, notice: Notice) -> None:
        alert, silence = notice.alert, notice.silence
        who = silence.created_by if silence else "-"
        until = silence.ends_at if silence else None
        if self.forwarder is not None:
            lang = self.settings.tenant_language(self.settings.tenant(alert.tenant))
            text = reply_text(notice.kind, lang, self.forwarder.tz(), who=who, until=until)
            self.forwarder.notice(alert.tenant, alert.fingerprint, text, action=notice.kind)
        if notice.kind == "silenced-resolved":
            message = _("{tenant}: {alert} resolved while silenced by {who}: its silence can be expired")
        elif notice.kind == "ack-ending":
            message = _("{tenant}: the ack of {alert} by {who} ends at {until} and it still fires")
        else:
            message = _("{tenant}: the silence of {alert} by {who} ends at {until} and it still fires")
        self.emit("notice", message.format(tenant=alert.tenant, alert=clean(alert.alertname, 100), who=clean(who, 60),
                                           until=until.strftime("%H:%M UTC") if until else "-"),
                  alert.tenant, {"kind": notice.kind, "fingerprint": alert.fingerprint,
                                 "silenceID": silence.id if silence else None})

    # -- what the faces ask -------------------------------------------------------------------

    def incidents(self, tenant: str | None = None) -> list[Incident]:
        return self.correlator.incidents(tenant)

    def incident_of(self, tenant: str, fingerprint: str) -> Incident | None:
        return self.correlator.incident_of(tenant, fingerprint)

    def outlook(self, incident: Incident) -> str:
        return self.escalator.outlook(incident) if self.escalator is not None else ""

    def close(self) -> None:
        self.store.close()

