"""Synthetic history for the tests of what reads the past: OpenMetrics text that
``LocalStack(backfill=...)`` turns into Prometheus blocks with promtool. Deterministic (no
noise where a test checks exact figures), so the expected numbers can be computed here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

STEP = 60  # seconds between samples


@dataclass(frozen=True)
class Outage:
    start: datetime
    end: datetime
    error_ratio: float


@dataclass(frozen=True)
class SLOSeries:
    """Two counters, requests and errors, ``rate`` requests a second, an error ratio of
    ``base`` except during the outages."""

    end: datetime
    days: int = 7
    rate: float = 10.0
    base: float = 0.0005
    outages: tuple[Outage, ...] = ()
    labels: str = 'service="checkout"'

    @property
    def start(self) -> datetime:
        return self.end - timedelta(days=self.days)

    def ratio_at(self, t: datetime) -> float:
        return next((o.error_ratio for o in self.outages if o.start <= t < o.end), self.base)

    def samples(self) -> Iterator[tuple[int, float, float]]:
        """(unix time, requests counter, errors counter), every STEP seconds."""
        requests = errors = 0.0
        t = int(self.start.timestamp())
        stop = int(self.end.timestamp())
        while t <= stop:
            yield t, requests, errors
            per_step = self.rate * STEP
            requests += per_step
            errors += per_step * self.ratio_at(datetime.fromtimestamp(t, UTC))
            t += STEP

    def openmetrics(self) -> str:
        rows = list(self.samples())
        lines = ["# TYPE slo_requests counter"]
        lines += [f"slo_requests_total{{{self.labels}}} {r:.6f} {t}" for t, r, _e in rows]
        lines.append("# TYPE slo_errors counter")
        lines += [f"slo_errors_total{{{self.labels}}} {e:.6f} {t}" for t, _r, e in rows]
        return "\n".join(lines) + "\n# EOF\n"

    def expected_ratio(self, at: datetime, window: timedelta) -> float:
        """The error ratio over (at - window, at], by the same samples (what increase()
        would give without its extrapolation; the tests compare with Prometheus itself)."""
        rows = [(t, r, e) for t, r, e in self.samples() if at.timestamp() - window.total_seconds() <= t
                <= at.timestamp()]
        (_t0, r0, e0), (_t1, r1, e1) = rows[0], rows[-1]
        return (e1 - e0) / (r1 - r0)


def minute(t: datetime) -> datetime:
    return t.replace(second=0, microsecond=0)


def outage(end: datetime, ago: timedelta, length: timedelta, ratio: float) -> Outage:
    return Outage(end - ago, end - ago + length, ratio)


Factory = Callable[[], SLOSeries]


@dataclass(frozen=True)
class AlertHistorySeries:
    """``ALERTS{alertstate="firing", ...} 1`` (what Prometheus writes for a firing rule) during
    ``intervals``, one sample every STEP seconds, as a rule evaluated each minute would."""

    labels: str  # without alertstate
    intervals: tuple[tuple[datetime, datetime], ...]

    def openmetrics_lines(self) -> list[str]:
        lines = []
        for start, end in self.intervals:
            t = int(start.timestamp())
            while t < int(end.timestamp()):
                lines.append(f'ALERTS{{alertstate="firing",{self.labels}}} 1 {t}')
                t += STEP
        return lines


def gauge(name: str, labels: str, start: datetime, end: datetime, value: Callable[[float], float]) -> str:
    """A gauge family ``name``, one sample every STEP seconds: ``value(unix time)``."""
    lines = [f"# TYPE {name} gauge"]
    t = int(start.timestamp())
    while t <= int(end.timestamp()):
        lines.append(f"{name}{{{labels}}} {value(t):.6f} {t}")
        t += STEP
    return "\n".join(lines)


def backfill(slo: SLOSeries, alerts: list[AlertHistorySeries], gauges: tuple[str, ...] = ()) -> str:
    """One OpenMetrics text holding both (each family once, as the format requires)."""
    text = slo.openmetrics().removesuffix("# EOF\n")
    rows: list[tuple[int, str]] = []
    for series in alerts:
        for line in series.openmetrics_lines():
            rows.append((int(line.rsplit(" ", 1)[1]), line))
    # All the samples of one series together and in time order.
    by_series: dict[str, list[tuple[int, str]]] = {}
    for t, line in rows:
        by_series.setdefault(line.rsplit(" ", 2)[0], []).append((t, line))
    out = [text.rstrip("\n"), *gauges, "# TYPE ALERTS gauge"]
    for _key, samples in by_series.items():
        out += [line for _t, line in sorted(samples)]
    return "\n".join(out) + "\n# EOF\n"
