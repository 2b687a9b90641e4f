"""One real Prometheus for the history tests, with a week of backfilled data (promtool): the
SLO counters and ``ALERTS`` series with known firing intervals. Started once per session."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from alerttui.demo.stack import LocalStack

from .synth import AlertHistorySeries, SLOSeries, backfill, gauge, minute, outage

END = minute(datetime.now(UTC)) - timedelta(minutes=1)
SERIES = SLOSeries(end=END, days=7, base=0.0002, outages=(
    outage(END, timedelta(days=3), timedelta(hours=2), 0.05),      # old: spends budget, pages nobody now
    outage(END, timedelta(minutes=40), timedelta(minutes=41), 0.2),  # now: 20 % errors for 40 min
))


def ago(d: timedelta) -> datetime:
    return END - d


DISK = AlertHistorySeries('alertname="DiskFull",severity="critical",tenant="shop",instance="db-1"', (
    (ago(timedelta(days=3)), ago(timedelta(days=3)) + timedelta(hours=2)),
    (ago(timedelta(days=1)), ago(timedelta(days=1)) + timedelta(minutes=30)),
))
# Flapping: six 5-minute bursts 5 minutes apart, ten hours ago.
FLAPPY = AlertHistorySeries('alertname="LinkFlap",severity="warning",tenant="shop",instance="sw-2"', tuple(
    (ago(timedelta(hours=10)) + timedelta(minutes=10 * i), ago(timedelta(hours=10)) + timedelta(minutes=10 * i + 5))
    for i in range(6)))
# Still firing now, since 90 minutes; and one of another tenant, never to be shown for "shop".
ONGOING = AlertHistorySeries('alertname="CertExpiry",severity="warning",tenant="shop",instance="web-1"', (
    (ago(timedelta(minutes=90)), END + timedelta(minutes=1)),))
OTHER = AlertHistorySeries('alertname="DiskFull",severity="critical",tenant="globex",instance="db-9"', (
    (ago(timedelta(days=2)), ago(timedelta(days=2)) + timedelta(hours=1)),))
ALERT_SERIES = [DISK, FLAPPY, ONGOING, OTHER]

# A disk filling linearly: 50 % twelve hours ago, 80 % (warn) at END, 2.5 points an hour, so
# it reaches 95 % (crit) 6 hours after END. And a flat, noisy one that must never forecast.
FILL_START, FILL_RATE = 50.0, 2.5 / 3600
CROSSING = END + timedelta(hours=6)
FILL = gauge("fill_percent", 'instance="fs-1"', END - timedelta(hours=12), END,
             lambda t: FILL_START + FILL_RATE * (t - (END - timedelta(hours=12)).timestamp()))
_noise = random.Random(42)
NOISY = gauge("noisy_percent", 'instance="fs-2"', END - timedelta(hours=12), END,
              lambda t: 60 + _noise.uniform(-10, 10))

# Eight days of a seasonal metric at one point a minute: a daily sine, a weekly swing (weekends
# lower) and Gaussian noise (sd 1). "clean" has nothing else; "dirty" has anomalies injected in
# its last day only (the week before is the baseline): level shifts of 6 to 12 noise deviations
# lasting 5 to 30 minutes. SEASONAL_TRUTH is the set of their minutes (epoch seconds).
SEASONAL_DAYS = 8
_SEASON_START = END - timedelta(days=SEASONAL_DAYS)


def _season(t: float, rng: random.Random) -> float:
    day = 2 * math.pi * (t % 86400) / 86400
    week = 2 * math.pi * (t % (7 * 86400)) / (7 * 86400)
    return 200 + 40 * math.sin(day) + 15 * math.sin(week) + rng.gauss(0, 1)


def _anomalies(seed: int = 7) -> dict[int, float]:
    rng = random.Random(seed)
    out: dict[int, float] = {}
    last_day = int((END - timedelta(days=1)).timestamp()) // 60 * 60
    for _ in range(12):
        start = last_day + 60 * rng.randrange(60, 1380)
        size = rng.choice((-1, 1)) * rng.uniform(6, 12)
        for m in range(rng.choice((5, 10, 20, 30))):
            out[start + 60 * m] = size
    return out


SEASONAL_SHIFT = _anomalies()
SEASONAL_TRUTH = set(SEASONAL_SHIFT)
_clean_rng, _dirty_rng = random.Random(11), random.Random(11)
SEASONAL_CLEAN = gauge("season_clean", 'instance="s-1"', _SEASON_START, END, lambda t: _season(t, _clean_rng))
SEASONAL_DIRTY = gauge("season_dirty", 'instance="s-2"', _SEASON_START, END,
                       lambda t: _season(t, _dirty_rng) + SEASONAL_SHIFT.get(int(t), 0.0))


@pytest.fixture(scope="session")
def history() -> Iterator[LocalStack]:
    with LocalStack(backfill=backfill(SERIES, ALERT_SERIES, (FILL, NOISY, SEASONAL_CLEAN, SEASONAL_DIRTY)), replicas=1) as stack:
        yield stack
