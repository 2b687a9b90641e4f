"""The SLA report's figures, from what the tenant's Prometheus and the audit log say: each
SLO's availability over the period against its objective, the incidents (each firing interval
of an alert, from ``ALERTS``) with their time to acknowledge and to resolve, and the noisiest
alerts. Pure: the inputs are fetched by ``polling.report`` and read from the audit log.

Definitions, as the report prints them:
- availability = 1 - error ratio over the period (the SLO's own queries, with the period as
  the range); budget consumed = error ratio / (1 - objective);
- an incident is one firing interval of one alert (start: first sample of ``ALERTS`` firing;
  end: its last sample, or none while it still fires);
- acknowledged at: the first successful ``ack`` or ``silence`` in the audit log, made during the
  interval, whose matchers match the alert's labels (matchers on labels ``ALERTS`` does not
  carry, such as external labels, are left out of the match; a record none of whose matchers
  apply matches nothing);
- time to acknowledge (TTA) = acknowledged at - start; time to resolve (TTR) = end - start;
  MTTA and MTTR are their means over the incidents that have one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from alerttui.domain.history import AlertHistory
from alerttui.domain.matchers import Matcher, MatcherError, parse_matchers
from alerttui.domain.serialize import from_iso
from alerttui.domain.slo import SLOStatus

ACK_ACTIONS = frozenset({"ack", "silence"})


@dataclass(frozen=True)
class Ack:
    """A successful ack or silence from the audit log."""

    time: datetime
    operator: str
    action: str
    matchers: tuple[Matcher, ...]

    def covers(self, labels: Mapping[str, str]) -> bool:
        applicable = [m for m in self.matchers if m.name in labels]
        return bool(applicable) and all(m.matches(labels) for m in applicable)


def acks_from_audit(records: Iterable[Mapping[str, Any]], tenant: str) -> list[Ack]:
    """The tenant's successful acks and silences, oldest first; records that cannot be read
    (no time, matchers that do not parse) are skipped."""
    out = []
    for r in records:
        if r.get("tenant") != tenant or r.get("action") not in ACK_ACTIONS or r.get("result") != "ok":
            continue
        params = r.get("parameters")
        text = params.get("matchers") if isinstance(params, Mapping) else None
        try:
            when = from_iso(r.get("time"))
            matchers = parse_matchers(text) if isinstance(text, str) else ()
        except (ValueError, MatcherError):
            continue
        if when is None or not matchers:
            continue
        out.append(Ack(when, str(r.get("operator") or ""), str(r.get("action")), matchers))
    return sorted(out, key=lambda a: a.time)


@dataclass(frozen=True)
class Incident:
    alertname: str
    labels: Mapping[str, str]
    start: datetime
    end: datetime | None  # None: still firing at the end of the period
    until: datetime
    ack: Ack | None

    @property
    def duration(self) -> timedelta:
        return (self.end or self.until) - self.start

    @property
    def time_to_ack(self) -> timedelta | None:
        return None if self.ack is None else self.ack.time - self.start

    @property
    def time_to_resolve(self) -> timedelta | None:
        return None if self.end is None else self.end - self.start


def incidents_from(histories: Iterable[AlertHistory], acks: Sequence[Ack]) -> list[Incident]:
    """Every firing interval of every alert, oldest first, with its first ack."""
    out = []
    for h in histories:
        for i in h.intervals:
            end = i.end or h.until
            first = next((a for a in acks if i.start <= a.time <= end and a.covers(h.labels)), None)
            out.append(Incident(h.alertname, h.labels, i.start, i.end, h.until, first))
    return sorted(out, key=lambda x: (x.start, x.alertname))


def mean(values: Iterable[timedelta | None]) -> timedelta | None:
    got = [v for v in values if v is not None]
    return sum(got, timedelta(0)) / len(got) if got else None


@dataclass(frozen=True)
class Availability:
    """One SLO over the report's period."""

    name: str
    objective: float  # percent
    status: SLOStatus  # the SLO's figures with the period as its window
    daily: tuple[tuple[datetime, float | None], ...]  # (day start, availability that day)

    @property
    def availability(self) -> float | None:
        return self.status.sli

    @property
    def met(self) -> bool | None:
        a = self.availability
        return None if a is None else a * 100 >= self.objective

    @property
    def budget_consumed(self) -> float | None:
        left = self.status.budget_left
        return None if left is None else 1 - left

    @property
    def downtime(self) -> timedelta | None:
        """The error ratio as time: how long a full outage would have given the same figure."""
        ratio = self.status.error_ratio
        return None if ratio is None else self.status.window * ratio


@dataclass(frozen=True)
class Noisy:
    alertname: str
    labels: Mapping[str, str]
    fired: int
    total: timedelta
    flaps_per_hour: float


def noisiest(histories: Iterable[AlertHistory], limit: int = 10) -> list[Noisy]:
    """The alerts that fired most often (then longest), each series on its own."""
    rows = [Noisy(h.alertname, h.labels, h.fired, h.total(), h.flaps_per_hour()) for h in histories if h.fired]
    rows.sort(key=lambda n: (-n.fired, -n.total.total_seconds(), n.alertname))
    return rows[:limit]


@dataclass(frozen=True)
class Report:
    tenant: str
    tenant_name: str
    since: datetime
    until: datetime
    slos: tuple[Availability, ...]
    incidents: tuple[Incident, ...]
    noisy: tuple[Noisy, ...]
    histories: tuple[AlertHistory, ...]
    errors: tuple[str, ...] = ()  # what could not be read (the report says so, and goes on)

    @property
    def period(self) -> timedelta:
        return self.until - self.since

    @property
    def mtta(self) -> timedelta | None:
        return mean(i.time_to_ack for i in self.incidents)

    @property
    def mttr(self) -> timedelta | None:
        return mean(i.time_to_resolve for i in self.incidents)

    @property
    def acknowledged(self) -> int:
        return sum(1 for i in self.incidents if i.ack is not None)
