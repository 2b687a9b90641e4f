"""Incidents: the alerts of one tenant that belong together, so a team responds once.

Alerts form one incident when they share the tenant's correlation key (the values of the
correlation labels, or the Alertmanager group they are in) and start within ``window`` of
the incident's first alert. An incident keeps its id while it lives: the id is derived from
its first alert and its membership is remembered (``IncidentRecord``, saved by the caller),
so a restart or a second process finds the same incident. A resolved incident never
reopens: the same alerts firing again later make a new one.

The same alert (same fingerprint: the same labels) reported by two tenants, as shared
infrastructure is, is a cross-tenant duplicate; each tenant's incident names the others.

Pure: no I/O. ``Correlator.update`` is called with each new snapshot of a tenant's alerts and
returns what changed; an unchanged alert map (the same object) costs nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from alerttui.domain.models import Alert
from alerttui.domain.severity import Severity

Key = tuple[tuple[str, str], ...]
KEEP_RESOLVED = timedelta(hours=1)  # how long a resolved incident stays in view
MAX_RESOLVED = 100  # and how many of them, per tenant, at most (the latest)


def incident_id(tenant: str, key: Key, fingerprint: str, starts_at: datetime) -> str:
    """Stable: the same first alert gives the same id in every process."""
    text = "\x1f".join([tenant, repr(key), fingerprint, starts_at.isoformat()])
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def label_key(labels: Iterable[str], alert: Alert) -> Key:
    return tuple((name, alert.labels.get(name, "")) for name in labels)


@dataclass(frozen=True)
class IncidentRecord:
    """What is remembered of an incident across restarts (the caller stores it)."""

    id: str
    tenant: str
    key: Key
    started_at: datetime
    fingerprints: frozenset[str]
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class Incident:
    record: IncidentRecord
    alerts: tuple[Alert, ...] = ()  # live members, most severe and oldest first
    duplicates: tuple[str, ...] = ()  # other tenants reporting one of these alerts

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def tenant(self) -> str:
        return self.record.tenant

    @property
    def started_at(self) -> datetime:
        return self.record.started_at

    @property
    def resolved_at(self) -> datetime | None:
        return self.record.resolved_at

    @property
    def needs_response(self) -> bool:
        """Some member fires with no silence or ack on it (inhibited ones wait for their cause)."""
        return self.record.resolved_at is None and any(not a.silenced and not a.inhibited for a in self.alerts)

    @property
    def state(self) -> str:
        """open | acknowledged | resolved."""
        if self.record.resolved_at is not None:
            return "resolved"
        return "open" if self.needs_response else "acknowledged"

    @property
    def lead(self) -> Alert | None:
        return self.alerts[0] if self.alerts else None

    @property
    def severity(self) -> Severity:
        return self.alerts[0].severity if self.alerts else Severity.NONE

    @property
    def title(self) -> str:
        if not self.alerts:
            return ", ".join(f"{k}={v}" for k, v in self.record.key) or self.id
        names = sorted({a.alertname for a in self.alerts})
        return names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "")

    def counts(self) -> dict[Severity, int]:
        out: dict[Severity, int] = {}
        for a in self.alerts:
            out[a.severity] = out.get(a.severity, 0) + 1
        return out

    def shared_labels(self) -> dict[str, str]:
        """The labels every live member has with the same value."""
        if not self.alerts:
            return {}
        first, *rest = self.alerts
        return {k: v for k, v in first.labels.items() if all(a.labels.get(k) == v for a in rest)}

    def age(self, now: datetime) -> timedelta:
        return (self.record.resolved_at or now) - self.record.started_at

    def sort_key(self) -> tuple[int, int, float, str]:
        rank = {"open": 0, "acknowledged": 1, "resolved": 2}[self.state]
        return (rank, int(self.severity), self.started_at.timestamp(), self.id)


@dataclass
class _Tenant:
    alerts: Mapping[str, Alert] | None = None
    open: dict[str, IncidentRecord] = field(default_factory=dict)  # id -> record
    owner: dict[str, str] = field(default_factory=dict)  # fingerprint -> open incident id
    members: dict[str, dict[str, Alert]] = field(default_factory=dict)  # open incident id -> live alerts
    by_key: dict[Key, list[str]] = field(default_factory=dict)  # key -> open incident ids
    resolved: dict[str, Incident] = field(default_factory=dict)
    built: dict[str, Incident] = field(default_factory=dict)  # the open incidents, as last built


class Correlator:
    """Incidents of every tenant. ``settings(tenant)`` gives (labels or None, window);
    ``None`` labels: the key is the alert's Alertmanager group, from ``update``'s ``groups``.

    Incremental: an update looks at the alerts that are new, changed (another object than
    last time: the poller hands on the previous object for an unchanged alert) or gone, and
    rebuilds only the incidents they belong to."""

    def __init__(self, settings: Callable[[str], tuple[list[str] | None, timedelta]],
                 records: Iterable[IncidentRecord] = ()) -> None:
        self.settings = settings
        self._tenants: dict[str, _Tenant] = {}
        self._reporters: dict[str, set[str]] = {}  # fingerprint -> tenants reporting it
        self._changed: dict[str, IncidentRecord] = {}
        for record in records:
            t = self._tenant(record.tenant)
            if record.resolved_at is None:
                t.open[record.id] = record
                t.members[record.id] = {}
                t.by_key.setdefault(record.key, []).append(record.id)
                for fp in record.fingerprints:
                    t.owner[fp] = record.id
            else:
                t.resolved[record.id] = Incident(record)

    def _tenant(self, tenant: str) -> _Tenant:
        return self._tenants.setdefault(tenant, _Tenant())

    def key_of(self, tenant: str, alert: Alert, groups: Mapping[str, Key] | None) -> Key:
        labels, _window = self.settings(tenant)
        if labels is not None:
            return label_key(labels, alert)
        if groups is not None and alert.fingerprint in groups:
            return groups[alert.fingerprint]
        return (("alertname", alert.alertname),)  # no group known (yet): Alertmanager's default group_by

    def update(self, tenant: str, alerts: Mapping[str, Alert], now: datetime,
               groups: Mapping[str, Key] | None = None) -> list[Incident]:
        """Take a tenant's current alerts; returns the incidents that are new, changed or
        resolved by them (nothing when ``alerts`` is the map seen last time)."""
        t = self._tenant(tenant)
        if t.alerts is alerts:
            return []
        old = t.alerts or {}
        t.alerts = alerts
        labels, window = self.settings(tenant)
        dirty: set[str] = set()
        added = 0
        reporters = self._reporters
        for fp, alert in alerts.items():
            prev = old.get(fp)
            if prev is alert:
                continue  # the same object as last poll: nothing to do
            if prev is None:
                added += 1
                reporters.setdefault(fp, set()).add(tenant)
            iid = t.owner.get(fp)
            if iid is None or iid not in t.open:
                key = label_key(labels, alert) if labels is not None else self.key_of(tenant, alert, groups)
                iid = next((i for i in t.by_key.get(key, ())
                            if abs(alert.starts_at - t.open[i].started_at) <= window), None)
                if iid is None:
                    iid = incident_id(tenant, key, fp, alert.starts_at)
                    if iid in t.open or iid in t.resolved:  # the same first alert again, after it resolved
                        iid = incident_id(tenant, key, fp, now)
                    t.open[iid] = IncidentRecord(iid, tenant, key, alert.starts_at, frozenset())
                    t.members[iid] = {}
                    t.by_key.setdefault(key, []).append(iid)
                t.owner[fp] = iid
            t.members[iid][fp] = alert
            dirty.add(iid)
        if len(old) + added != len(alerts):  # some are gone (skipped when none is: no set to build)
            for fp in old.keys() - alerts.keys():
                who = reporters.get(fp)
                if who is not None:
                    who.discard(tenant)
                    if not who:
                        del reporters[fp]
                iid = t.owner.get(fp)
                if iid is not None and iid in t.members:
                    t.members[iid].pop(fp, None)
                    dirty.add(iid)
        if not old:  # the first poll (or after a restart): remembered incidents may be gone
            dirty.update(iid for iid, live in t.members.items() if not live)
        changed = [incident for iid in dirty if (incident := self._rebuild(t, tenant, iid, now)) is not None]
        for iid, incident in list(t.resolved.items()):
            if incident.resolved_at is not None and now - incident.resolved_at > KEEP_RESOLVED:
                del t.resolved[iid]
        # Flapping alerts resolve many incidents an hour (the soak: thousands, +32 % RSS in
        # 25 min): only the latest stay in view (dicts keep insertion order: oldest first).
        while len(t.resolved) > MAX_RESOLVED:
            del t.resolved[next(iter(t.resolved))]
        return changed

    def _rebuild(self, t: _Tenant, tenant: str, iid: str, now: datetime) -> Incident | None:
        rec = t.open.get(iid)
        if rec is None:
            return None
        live = t.members.get(iid, {})
        if not live:
            done = replace(rec, resolved_at=now)
            del t.open[iid]
            t.members.pop(iid, None)
            t.built.pop(iid, None)
            ids = t.by_key.get(rec.key, [])
            if iid in ids:
                ids.remove(iid)
                if not ids:
                    del t.by_key[rec.key]
            for fp in rec.fingerprints:
                if t.owner.get(fp) == iid:
                    del t.owner[fp]
            incident = Incident(done, (), self._duplicates(tenant, rec.fingerprints))
            t.resolved[iid] = incident
            self._changed[iid] = done
            return incident
        fps = live.keys()
        if not fps <= rec.fingerprints:
            rec = replace(rec, fingerprints=rec.fingerprints | fps,
                          started_at=min(rec.started_at, *(a.starts_at for a in live.values())))
            t.open[iid] = rec
            self._changed[iid] = rec
        incident = Incident(rec, tuple(sorted(live.values(), key=Alert.sort_key)), self._duplicates(tenant, fps))
        if t.built.get(iid) == incident:
            return None
        t.built[iid] = incident
        return incident

    def _duplicates(self, tenant: str, fingerprints: Iterable[str]) -> tuple[str, ...]:
        others: set[str] = set()
        for fp in fingerprints:
            who = self._reporters.get(fp)
            if who is not None and len(who) > 1:
                others |= who
        others.discard(tenant)
        return tuple(sorted(others))

    def take_changed(self) -> list[IncidentRecord]:
        """The records to save since the last call (new members, new incidents, resolutions)."""
        out, self._changed = list(self._changed.values()), {}
        return out

    def incidents(self, tenant: str | None = None) -> list[Incident]:
        """Open, acknowledged and recently resolved incidents, open and most severe first.
        Cross-tenant duplicates are as of now (another tenant's poll may have changed them)."""
        out: list[Incident] = []
        for tid, t in self._tenants.items():
            if tenant is not None and tid != tenant:
                continue
            for inc in t.built.values():
                out.append(replace(inc, duplicates=self._duplicates(tid, (a.fingerprint for a in inc.alerts))))
            out.extend(t.resolved.values())
        return sorted(out, key=Incident.sort_key)

    def incident_of(self, tenant: str, fingerprint: str) -> Incident | None:
        t = self._tenants.get(tenant)
        if t is None:
            return None
        iid = t.owner.get(fingerprint)
        return t.built.get(iid) if iid is not None else None

    def get(self, iid: str) -> Incident | None:
        for t in self._tenants.values():
            if iid in t.built:
                return t.built[iid]
            if iid in t.resolved:
                return t.resolved[iid]
        return None
