"""One real Prometheus for the history tests, with a week of backfilled data (promtool): the
SLO counters and ``ALERTS`` series with known firing intervals. Started once per session."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def history() -> Iterator[LocalStack]:
    with LocalStack(backfill=backfill(SERIES, ALERT_SERIES, (FILL, NOISY)), replicas=1) as stack:
        yield stack
