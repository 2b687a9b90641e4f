"""Frozen domain objects: what the poller builds and the UI renders. UTC-aware datetimes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from alerttui.domain.anomaly import Anomaly
from alerttui.domain.forecast import Forecast
from alerttui.domain.matchers import Matcher
from alerttui.domain.severity import Severity
from alerttui.domain.slo import SLOStatus

ACK_PREFIX = "ACK!"


class AlertState(StrEnum):
    ACTIVE = "active"
    SUPPRESSED = "suppressed"
    UNPROCESSED = "unprocessed"


class SilenceState(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    EXPIRED = "expired"


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Alert:
    fingerprint: str
    tenant: str
    labels: Mapping[str, str]
    annotations: Mapping[str, str]
    state: AlertState
    starts_at: datetime
    ends_at: datetime | None = None
    updated_at: datetime | None = None
    generator_url: str = ""
    silenced_by: tuple[str, ...] = ()
    inhibited_by: tuple[str, ...] = ()
    receivers: tuple[str, ...] = ()
    replicas: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Unique across tenants (two tenants may see alerts with the same labels)."""
        return f"{self.tenant}/{self.fingerprint}"

    @property
    def alertname(self) -> str:
        return self.labels.get("alertname", "")

    @property
    def severity(self) -> Severity:
        return Severity.from_label(self.labels.get("severity"))

    @property
    def summary(self) -> str:
        return self.annotations.get("summary") or self.annotations.get("description") or ""

    @property
    def silenced(self) -> bool:
        return bool(self.silenced_by)

    @property
    def inhibited(self) -> bool:
        return bool(self.inhibited_by)

    def sort_key(self) -> tuple[int, float, str]:
        """Severity first, then the oldest first (longest burning), then a stable tiebreak."""
        return (int(self.severity), self.starts_at.timestamp(), self.key)


@dataclass(frozen=True, slots=True)
class Silence:
    id: str
    matchers: tuple[Matcher, ...]
    starts_at: datetime
    ends_at: datetime
    created_by: str
    comment: str
    state: SilenceState
    updated_at: datetime | None = None

    @property
    def is_ack(self) -> bool:
        return self.comment.startswith(ACK_PREFIX)

    def matches(self, labels: Mapping[str, str]) -> bool:
        return all(m.matches(labels) for m in self.matchers)


@dataclass(frozen=True, slots=True)
class MetricSeries:
    """One configured panel's range query result (first series) and its thresholds."""

    title: str
    query: str
    unit: str = "none"
    points: tuple[tuple[float, float], ...] = ()
    warn: float | None = None
    crit: float | None = None
    error: str | None = None
    series_count: int = 0
    forecast: Forecast | None = None  # when it reaches crit, if the panel has one
    anomaly: Anomaly | None = None  # the band and what lies outside it, if the panel asks

    @property
    def latest(self) -> float | None:
        return self.points[-1][1] if self.points else None

    @property
    def level(self) -> str:
        """ok | warn | crit | nodata | error: for colouring without knowing the numbers."""
        if self.error:
            return "error"
        value = self.latest
        if value is None:
            return "nodata"
        if self.crit is not None and value >= self.crit:
            return "crit"
        if self.warn is not None and value >= self.warn:
            return "warn"
        return "ok"


@dataclass(frozen=True, slots=True)
class BackendHealth:
    kind: str  # "alertmanager" | "prometheus"
    url: str
    ok: bool
    checked_at: datetime
    error: str | None = None
    latency_s: float | None = None
    version: str | None = None
    cluster_peers: int | None = None
    cluster_status: str | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything known about one tenant at one moment; replaced whole, never mutated."""

    tenant: str
    tenant_name: str
    alerts: Mapping[str, Alert] = field(default_factory=dict)  # by fingerprint
    silences: Mapping[str, Silence] = field(default_factory=dict)  # by id
    series: tuple[MetricSeries, ...] = ()
    slos: tuple[SLOStatus, ...] = ()  # the tenant's SLOs, read with the metrics
    health: tuple[BackendHealth, ...] = ()
    fetched_at: datetime | None = None  # last fully successful alert poll
    attempted_at: datetime | None = None
    last_error: str | None = None  # reason the last poll failed (None if it succeeded)
    stale: bool = False
    generation: int = 0

    def age(self, now: datetime | None = None) -> timedelta | None:
        if self.fetched_at is None:
            return None
        return (now or utcnow()) - self.fetched_at

    @property
    def healthy(self) -> bool:
        return all(h.ok for h in self.health) and not self.stale


@dataclass(frozen=True, slots=True)
class Diff:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def diff(old: Mapping[str, Alert], new: Mapping[str, Alert]) -> Diff:
    """Added, changed and removed keys between two alert maps (keyed by fingerprint or key)."""
    old_keys = old.keys()
    new_keys = new.keys()
    added = tuple(k for k in new_keys if k not in old)
    removed = tuple(k for k in old_keys if k not in new)
    changed = tuple(k for k in new_keys if k in old and old[k] != new[k])
    return Diff(added, changed, removed)
