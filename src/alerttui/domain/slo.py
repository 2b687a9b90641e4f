"""SLO arithmetic, as the Google SRE workbook writes it (chapter 5, "Alerting on SLOs").

- error ratio over a window: bad events / all events; SLI = 1 - error ratio;
- burn rate over a window: error ratio / error budget (1 - objective). A burn rate of 1 spends
  exactly the budget over the SLO window; 14.4 spends 2 % of a 30-day budget in an hour;
- budget left: 1 - (error ratio over the SLO window / budget), as a share and as time (how
  long a full outage could last before the objective is missed);
- multiwindow, multi-burn-rate states: *page* when both windows of a pair burn above its rate
  (1h and 5m above 14.4, or 6h and 30m above 6), *ticket* likewise (1d and 2h above 3, or 3d and
  6h above 1). The short window makes the state end soon after the burning stops.
Pure: the ratios come from Prometheus (``polling.slo``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

M, H, D = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
BURN_WINDOWS = (5 * M, 30 * M, H, 2 * H, 6 * H, D, 3 * D)
# (long window, short window, burn rate): the workbook's recommended thresholds.
PAGE = ((H, 5 * M, 14.4), (6 * H, 30 * M, 6.0))
TICKET = ((D, 2 * H, 3.0), (3 * D, 6 * H, 1.0))


@dataclass(frozen=True)
class SLOStatus:
    tenant: str
    name: str
    objective: float  # percent
    window: timedelta
    error_ratio: float | None  # over the SLO window; None: no data
    ratios: Mapping[timedelta, float | None] = field(default_factory=dict)  # error ratio per burn window
    error: str | None = None

    @property
    def budget(self) -> float:
        return 1 - self.objective / 100

    @property
    def sli(self) -> float | None:
        return None if self.error_ratio is None else 1 - self.error_ratio

    @property
    def budget_left(self) -> float | None:
        """Share of the error budget left (negative: overspent)."""
        return None if self.error_ratio is None else 1 - self.error_ratio / self.budget

    @property
    def budget_left_time(self) -> timedelta | None:
        """How long a full outage could still last within the window."""
        left = self.budget_left
        return None if left is None else self.window * self.budget * left

    def burn(self, window: timedelta) -> float | None:
        ratio = self.ratios.get(window)
        return None if ratio is None else ratio / self.budget

    def _fired(self, rules: tuple[tuple[timedelta, timedelta, float], ...]) -> list[str]:
        out = []
        for long, short, rate in rules:
            a, b = self.burn(long), self.burn(short)
            if a is not None and b is not None and a > rate and b > rate:
                out.append(f"{_short(long)}+{_short(short)}>{rate:g}x")
        return out

    @property
    def state(self) -> str:
        """page | ticket | ok | nodata."""
        if self._fired(PAGE):
            return "page"
        if self._fired(TICKET):
            return "ticket"
        return "nodata" if self.error_ratio is None and not any(v is not None for v in self.ratios.values()) \
            else "ok"

    @property
    def reasons(self) -> list[str]:
        """Which window pairs fired ("1h+5m>14.4x")."""
        return self._fired(PAGE) + self._fired(TICKET)


def _short(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def promql_duration(value: timedelta) -> str:
    """A Prometheus duration (``30d``, ``6h``, ``5m``)."""
    return _short(value)
