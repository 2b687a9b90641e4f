"""Anomaly bands on a panel. The robust method: for each point, the median and the median
absolute deviation (MAD) of the ``window`` points before it; the point is anomalous when it
lies more than ``k`` robust standard deviations (1.4826 x MAD) from that median. Median and
MAD ignore the spikes they are looking for, which a mean and a standard deviation would not.
The seasonal method (``seasonal_band``): the same moment a week earlier is the baseline.

Pure. ``anomalous_for`` is how long the latest run of anomalous points has lasted, for the
pane ("anomalous for 12 min"); the band is kept for drawing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

SCALE = 1.4826  # MAD -> standard deviation for normally distributed data


@dataclass(frozen=True, slots=True)
class BandPoint:
    t: float
    value: float
    low: float
    high: float

    @property
    def outside(self) -> bool:
        return not self.low <= self.value <= self.high


@dataclass(frozen=True, slots=True)
class Anomaly:
    method: str
    k: float
    window: int
    band: tuple[BandPoint, ...]

    @property
    def outside(self) -> int:
        return sum(1 for p in self.band if p.outside)

    @property
    def anomalous_for(self) -> timedelta | None:
        """How long the run of anomalous points that ends at the latest point lasted (None:
        the latest point is inside the band)."""
        if not self.band or not self.band[-1].outside:
            return None
        i = len(self.band) - 1
        while i > 0 and self.band[i - 1].outside:
            i -= 1
        step = self.band[1].t - self.band[0].t if len(self.band) > 1 else 0.0
        return timedelta(seconds=self.band[-1].t - self.band[i].t + step)


def robust_band(points: Sequence[tuple[float, float]], window: int = 30, k: float = 4.5,
                floor: float = 1e-9) -> Anomaly:
    """The band from the ``window`` points before each point (points without that many
    before them get no band). ``floor`` keeps a perfectly flat series from making every
    tiny change an anomaly."""
    band = []
    values = [v for _t, v in points]
    for i in range(window, len(points)):
        past = values[i - window:i]
        mid = median(past)
        mad = median(abs(v - mid) for v in past)
        spread = max(SCALE * mad, floor, abs(mid) * 1e-6)
        band.append(BandPoint(points[i][0], values[i], mid - k * spread, mid + k * spread))
    return Anomaly("robust", k, window, tuple(band))


def seasonal_band(points: Sequence[tuple[float, float]], baseline: Mapping[float, float],
                  spread: Mapping[float, float], k: float = 3.0, window_minutes: int = 60,
                  floor: float = 1e-9) -> Anomaly:
    """The seasonal method (after GitLab's): the baseline is the mean of the
    ``window_minutes`` around the same moment one week earlier, the spread their standard
    deviation; a point is anomalous when its z-score against them exceeds ``k``. ``baseline`` and ``spread`` are by time (Prometheus's
    ``avg_over_time`` and ``stddev_over_time`` with ``offset``); a point last week has no data
    for gets no band."""
    band = []
    for t, v in points:
        key = round(t, 3)
        mid, sd = baseline.get(key), spread.get(key)
        if mid is None or sd is None:
            continue
        width = k * max(sd, floor, abs(mid) * 1e-6)
        band.append(BandPoint(t, v, mid - width, mid + width))
    return Anomaly("seasonal", k, window_minutes, tuple(band))
