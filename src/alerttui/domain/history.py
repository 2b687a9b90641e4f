"""Alert history from Prometheus's ``ALERTS`` series (Alertmanager keeps none): when each
alert fired and resolved, for how long, and how often it flapped.

``ALERTS{alertstate="firing"}`` is 1 at each rule evaluation while an alert fires and absent
otherwise, so a range query at ``step`` gives the samples; a gap longer than ``step`` is a
resolution. Pure: the samples come from ``polling.history``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Labels of ALERTS that are not the alert's own.
NOT_IDENTITY = frozenset({"alertstate", "__name__"})


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime | None  # None: still firing at the end of the range

    def duration(self, until: datetime) -> timedelta:
        return (self.end or until) - self.start


@dataclass(frozen=True)
class AlertHistory:
    labels: Mapping[str, str]
    intervals: tuple[Interval, ...]
    since: datetime
    until: datetime

    @property
    def alertname(self) -> str:
        return self.labels.get("alertname", "")

    @property
    def fired(self) -> int:
        return len(self.intervals)

    @property
    def firing_now(self) -> bool:
        return bool(self.intervals) and self.intervals[-1].end is None

    def total(self) -> timedelta:
        return sum((i.duration(self.until) for i in self.intervals), timedelta(0))

    def longest(self) -> timedelta:
        return max((i.duration(self.until) for i in self.intervals), default=timedelta(0))

    def flaps_per_hour(self) -> float:
        """State changes (firing <-> resolved) per hour over the range."""
        changes = sum(1 if i.end is None else 2 for i in self.intervals)
        if self.intervals and self.intervals[0].start <= self.since:
            changes -= 1  # already firing when the range began: that start is not a change
        hours = (self.until - self.since).total_seconds() / 3600
        return changes / hours if hours > 0 else 0.0

    def strip(self, cells: int) -> str:
        """The range as ``cells`` characters: █ where it fired, · where it did not."""
        span = (self.until - self.since) / cells
        out = []
        for c in range(cells):
            a, b = self.since + span * c, self.since + span * (c + 1)
            hit = any(i.start < b and (i.end or self.until) > a for i in self.intervals)
            out.append("█" if hit else "·")
        return "".join(out)


def intervals_from(times: Iterable[float], step: timedelta, until: datetime) -> tuple[Interval, ...]:
    """Firing intervals from the times at which one series was present (epoch seconds,
    sorted; ``present_over_time`` over one step, so a point is at most one step after the
    rule's last sample, and that point is where the interval ends). A point at the range's
    last step means it still fires."""
    out: list[Interval] = []
    width = step.total_seconds()
    gap = width * 1.5
    run: list[float] = []  # [start, last] of the current run of samples
    for t in times:
        if run and t - run[1] > gap:
            out.append(Interval(_dt(run[0]), _dt(run[1])))
            run = []
        run = [run[0] if run else t, t]
    if run:
        ongoing = until.timestamp() - run[1] <= gap
        out.append(Interval(_dt(run[0]), None if ongoing else _dt(run[1])))
    return tuple(out)


def _dt(t: float) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def identity(labels: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in labels.items() if k not in NOT_IDENTITY))
