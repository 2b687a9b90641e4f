"""When a panel's value will reach its ``crit`` threshold, if the trend holds: a least-squares
line over the last ``forecast_range`` (what Prometheus's ``predict_linear`` does), shown only
when it is worth believing.

Short-range linear prediction is known for false alarms (a burst, a log rotation): the
forecast is shown only when the line explains the data (R² at least ``min_r2``) and either
the value is already past ``warn`` or the crossing is under ``SOON`` away. Everything that
decided it is kept (``why``), for the pane to say. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

SOON = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class Forecast:
    eta: timedelta | None  # from the last point until the line reaches crit; None: it does not
    r2: float
    slope_per_hour: float
    shown: bool
    why: str  # shown | flat | falling | beyond-horizon | poor-fit | below-warn | already | too-few


def linear_fit(points: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """(slope per second, intercept, R²) of the least-squares line through (t, v)."""
    n = len(points)
    mt = sum(t for t, _v in points) / n
    mv = sum(v for _t, v in points) / n
    stt = sum((t - mt) ** 2 for t, _v in points)
    stv = sum((t - mt) * (v - mv) for t, v in points)
    svv = sum((v - mv) ** 2 for _t, v in points)
    if stt == 0:
        return 0.0, mv, 0.0
    slope = stv / stt
    r2 = 1.0 if svv == 0 else (stv * stv) / (stt * svv)
    return slope, mv - slope * mt, r2


def forecast(points: Sequence[tuple[float, float]], crit: float, warn: float | None, horizon: timedelta,
             min_r2: float) -> Forecast:
    if len(points) < 10:
        return Forecast(None, 0.0, 0.0, False, "too-few")
    slope, intercept, r2 = linear_fit(points)
    last_t, last_v = points[-1]
    per_hour = slope * 3600
    if last_v >= crit:
        return Forecast(timedelta(0), r2, per_hour, False, "already")
    if slope <= 0:
        return Forecast(None, r2, per_hour, False, "flat" if slope == 0 else "falling")
    # Where the fitted line (not the last, noisy point) reaches crit.
    eta = timedelta(seconds=max(0.0, (crit - intercept) / slope - last_t))
    if eta > horizon:
        return Forecast(eta, r2, per_hour, False, "beyond-horizon")
    if r2 < min_r2:
        return Forecast(eta, r2, per_hour, False, "poor-fit")
    if (warn is None or last_v < warn) and eta >= SOON:
        return Forecast(eta, r2, per_hour, False, "below-warn")
    return Forecast(eta, r2, per_hour, True, "shown")
