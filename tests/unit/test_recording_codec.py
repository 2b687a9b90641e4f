"""Snapshots survive a recording exactly (types too: a StrEnum must not come back a str), and
a recording is data: only the domain's own types are rebuilt."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from alerttui.domain import (
    Alert,
    AlertState,
    BackendHealth,
    Matcher,
    MetricSeries,
    Silence,
    SilenceState,
    Snapshot,
)
from alerttui.domain.anomaly import Anomaly, BandPoint
from alerttui.domain.forecast import Forecast
from alerttui.domain.matchers import MatchType
from alerttui.domain.recording import RecordingError, decode, encode, snapshot_from
from alerttui.domain.slo import SLOStatus

T = datetime(2026, 12, 2, 9, 30, 15, 123456, tzinfo=UTC)


def rich_snapshot() -> Snapshot:
    alert = Alert("fp1", "shop", {"alertname": "Disk<b>Full", "severity": "critical", "emoji": "👨‍👩‍👧"},
                  {"summary": "[red]x[/red] \x1b[31m"}, AlertState.SUPPRESSED, T, T + timedelta(hours=1), T,
                  "http://g", ("s1",), (), ("team",), ("http://am1", "http://am2"))
    silence = Silence("s1", (Matcher("alertname", MatchType.REGEX, "Disk.*"), Matcher.equal("tenant", "shop")),
                      T, T + timedelta(minutes=15), "alice", "ACK by alice", SilenceState.ACTIVE, T)
    series = MetricSeries("disk", "fill_percent", "percent", ((1.0, 2.5), (2.0, 3.0)), 80.0, 95.0, None, 1,
                          Forecast(timedelta(hours=3, minutes=10), 0.99, 2.5, True, "shown"),
                          Anomaly("robust", 4.5, 30, (BandPoint(1.0, 2.5, 2.0, 3.0), BandPoint(2.0, 9.0, 2.0, 3.0))))
    slo = SLOStatus("shop", "checkout", 99.9, timedelta(days=30), 0.0004,
                    {timedelta(minutes=5): 0.01, timedelta(hours=1): None})
    health = BackendHealth("alertmanager", "http://am1", True, T, None, 0.012, "0.28.1", 2, "ready")
    return Snapshot("shop", "Shop", {"fp1": alert}, {"s1": silence}, (series,), (slo,), (health,), T, T, None,
                    False, 7)


def test_a_snapshot_comes_back_exactly() -> None:
    snap = rich_snapshot()
    back = snapshot_from(json.loads(json.dumps(encode(snap))))
    assert back == snap
    assert repr(back) == repr(snap)  # the same types, not only equal values
    assert back.alerts["fp1"].state is AlertState.SUPPRESSED
    assert back.silences["s1"].matchers[0].matches({"alertname": "DiskFull"})  # the regex is compiled again


@pytest.mark.parametrize("data", [
    {"$dc": "Popen", "args": ["sh"]},
    {"$en": "Signals", "v": 9},
    {"labels": {"a": "b"}},
    {"$dc": "Alert", "fingerprint": "x"},  # missing fields
    {"$m": [[["a"], 1]]},
])
def test_anything_else_is_refused(data) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RecordingError):
        decode(data)
