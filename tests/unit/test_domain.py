"""Domain objects: severity ordering, alert properties and sort order, diff by fingerprint,
silences and ack detection, metric levels, snapshot age and health."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alerttui.domain import (
    ACK_PREFIX,
    Alert,
    AlertState,
    BackendHealth,
    MetricSeries,
    Severity,
    Silence,
    SilenceState,
    Snapshot,
    diff,
    parse_matchers,
)

T0 = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def alert(fp: str, severity: str | None = "warning", tenant: str = "acme", minutes_ago: int = 10,
          **labels: str) -> Alert:
    all_labels = {"alertname": f"A{fp}", **labels}
    if severity is not None:
        all_labels["severity"] = severity
    return Alert(fingerprint=fp, tenant=tenant, labels=all_labels, annotations={"summary": f"s{fp}"},
                 state=AlertState.ACTIVE, starts_at=T0 - timedelta(minutes=minutes_ago))


# -- severity -----------------------------------------------------------------------------


def test_severity_order_most_urgent_first() -> None:
    labels = ["info", "none", "bogus", "critical", "warning", "error"]
    ordered = sorted(Severity.from_label(x) for x in labels)
    assert [s.label for s in ordered] == ["critical", "error", "warning", "info", "none", "unknown"]
    assert Severity.CRITICAL < Severity.ERROR < Severity.WARNING < Severity.INFO < Severity.NONE
    assert Severity.NONE < Severity.UNKNOWN


@pytest.mark.parametrize(("value", "expected"), [
    ("critical", Severity.CRITICAL), ("CRITICAL", Severity.CRITICAL), (" Critical ", Severity.CRITICAL),
    ("page", Severity.CRITICAL), ("crit", Severity.CRITICAL),
    ("error", Severity.ERROR), ("high", Severity.ERROR),
    ("warning", Severity.WARNING), ("warn", Severity.WARNING),
    ("info", Severity.INFO), ("low", Severity.INFO),
    ("none", Severity.NONE), ("", Severity.NONE), (None, Severity.NONE),
    ("sev1", Severity.UNKNOWN), ("urgent!!", Severity.UNKNOWN),
])
def test_severity_from_label(value: str | None, expected: Severity) -> None:
    assert Severity.from_label(value) is expected


@given(st.sampled_from(["critical", "Warning", "INFO", "err", "page", "minor"]),
       st.text(" \t", max_size=3), st.text(" \t", max_size=3))
def test_label_case_and_surrounding_space_do_not_matter(value: str, before: str, after: str) -> None:
    assert Severity.from_label(before + value + after) is Severity.from_label(value.lower())
    assert Severity.from_label(value) is not Severity.UNKNOWN


@given(st.text(max_size=20))
def test_unknown_labels_are_unknown(value: str) -> None:
    known = {"critical", "crit", "page", "fatal", "error", "err", "high", "major", "warning", "warn", "medium",
             "minor", "info", "informational", "low", "notice", "none"}
    cleaned = value.strip().lower()
    expected = Severity.NONE if not value else (Severity.UNKNOWN if cleaned not in known else None)
    if expected is not None:
        assert Severity.from_label(value) is expected


def test_alert_sort_key_severity_then_oldest_then_key() -> None:
    alerts = [
        alert("w-new", "warning", minutes_ago=1),
        alert("c", "critical", minutes_ago=1),
        alert("w-old", "warning", minutes_ago=60),
        alert("u", "sev9", minutes_ago=999),
        alert("n", None, minutes_ago=999),
        alert("e", "error"),
        alert("w-tie-b", "warning", minutes_ago=60, tenant="b"),
    ]
    order = [a.fingerprint for a in sorted(alerts, key=Alert.sort_key)]
    assert order == ["c", "e", "w-old", "w-tie-b", "w-new", "n", "u"]


# -- alert properties ---------------------------------------------------------------------


def test_alert_properties() -> None:
    a = alert("f1", "critical", tenant="acme")
    assert a.key == "acme/f1"
    assert a.alertname == "Af1"
    assert a.severity is Severity.CRITICAL
    assert a.summary == "sf1"
    assert not a.silenced and not a.inhibited
    b = replace(a, annotations={"description": "only a description"}, silenced_by=("s1",),
                inhibited_by=("x",), labels={})
    assert b.summary == "only a description"
    assert b.alertname == ""
    assert b.severity is Severity.NONE
    assert b.silenced and b.inhibited
    assert replace(a, annotations={}).summary == ""


def test_same_fingerprint_in_two_tenants_has_two_keys() -> None:
    assert alert("f", tenant="a").key != alert("f", tenant="b").key


def test_alert_is_frozen() -> None:
    a = alert("f")
    with pytest.raises(AttributeError):
        a.state = AlertState.SUPPRESSED  # type: ignore[misc]


# -- diff ---------------------------------------------------------------------------------


def test_diff_added_changed_removed_by_fingerprint() -> None:
    old = {"a": alert("a"), "b": alert("b"), "c": alert("c")}
    new = {
        "a": alert("a"),  # equal copy: unchanged
        "b": replace(old["b"], state=AlertState.SUPPRESSED, silenced_by=("s1",)),
        "d": alert("d"),
    }
    d = diff(old, new)
    assert d.added == ("d",)
    assert d.changed == ("b",)
    assert d.removed == ("c",)
    assert not d.empty


def test_diff_sees_label_and_annotation_changes() -> None:
    old = {"a": alert("a")}
    assert diff(old, {"a": replace(old["a"], annotations={"summary": "new text"})}).changed == ("a",)
    assert diff(old, {"a": replace(old["a"], labels={**old["a"].labels, "x": "1"})}).changed == ("a",)
    assert diff(old, {"a": replace(old["a"], ends_at=T0)}).changed == ("a",)


def test_diff_empty_and_identity() -> None:
    m = {"a": alert("a"), "b": alert("b")}
    assert diff(m, m).empty
    assert diff(m, dict(m)).empty
    assert diff({}, {}).empty
    d = diff({}, m)
    assert d.added == ("a", "b") and d.removed == () and d.changed == ()
    d = diff(m, {})
    assert d.removed == ("a", "b") and d.added == ()


@given(st.sets(st.sampled_from("abcdefgh")), st.sets(st.sampled_from("abcdefgh")),
       st.sets(st.sampled_from("abcdefgh")))
def test_diff_partitions_keys(old_keys: set[str], new_keys: set[str], touched: set[str]) -> None:
    old = {k: alert(k) for k in sorted(old_keys)}
    new = {k: (replace(alert(k), state=AlertState.SUPPRESSED) if k in touched else alert(k))
           for k in sorted(new_keys)}
    d = diff(old, new)
    assert set(d.added) == new_keys - old_keys
    assert set(d.removed) == old_keys - new_keys
    assert set(d.changed) == old_keys & new_keys & touched
    assert d.empty == (old_keys == new_keys and not (touched & old_keys & new_keys))


# -- silences, metrics, snapshots ---------------------------------------------------------


def test_silence_matches_and_ack() -> None:
    s = Silence(id="s1", matchers=parse_matchers('{tenant="acme", alertname=~"Disk.*"}'),
                starts_at=T0, ends_at=T0 + timedelta(hours=1), created_by="me",
                comment=f"{ACK_PREFIX} looking", state=SilenceState.ACTIVE)
    assert s.is_ack
    assert s.matches({"tenant": "acme", "alertname": "DiskFull"})
    assert not s.matches({"tenant": "other", "alertname": "DiskFull"})
    assert not replace(s, comment="maintenance").is_ack
    assert not replace(s, comment=f"note: {ACK_PREFIX}").is_ack


@pytest.mark.parametrize(("points", "warn", "crit", "error", "level"), [
    ((), 1.0, 2.0, None, "nodata"),
    (((0.0, 0.5),), 1.0, 2.0, None, "ok"),
    (((0.0, 9.0), (1.0, 1.0)), 1.0, 2.0, None, "warn"),  # the latest point counts
    (((0.0, 2.0),), 1.0, 2.0, None, "crit"),
    (((0.0, 2.0),), None, None, None, "ok"),
    (((0.0, 2.0),), 1.0, 2.0, "timed out", "error"),
])
def test_metric_level(points: tuple[tuple[float, float], ...], warn: float | None, crit: float | None,
                      error: str | None, level: str) -> None:
    series = MetricSeries("t", "q", points=points, warn=warn, crit=crit, error=error)
    assert series.level == level


def test_snapshot_age_and_health() -> None:
    snap = Snapshot(tenant="acme", tenant_name="Acme")
    assert snap.age(T0) is None
    assert snap.healthy  # no backend known yet, not stale
    ok = BackendHealth(kind="alertmanager", url="http://a", ok=True, checked_at=T0)
    bad = replace(ok, ok=False, error="unreachable")
    fresh = replace(snap, fetched_at=T0, health=(ok,))
    assert fresh.age(T0 + timedelta(seconds=42)) == timedelta(seconds=42)
    assert fresh.healthy
    assert not replace(fresh, health=(ok, bad)).healthy
    assert not replace(fresh, stale=True).healthy
