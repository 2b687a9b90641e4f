"""Incidents from alerts: correlation by labels or Alertmanager groups, the window's edges,
stable ids across restarts, resolution that never reopens, cross-tenant duplicates, and the
state (open / acknowledged / resolved) from silences and acks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from alerttui.domain import Alert, AlertState, Severity
from alerttui.domain.incidents import Correlator, IncidentRecord

T0 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=10)


def alert(fp: str, *, tenant: str = "acme", minute: float = 0, severity: str = "warning", name: str = "",
          **labels: str) -> Alert:
    return Alert(fingerprint=fp, tenant=tenant,
                 labels={"alertname": name or f"A{fp}", "severity": severity, **labels}, annotations={},
                 state=AlertState.ACTIVE, starts_at=T0 + timedelta(minutes=minute))


def by_fp(*alerts: Alert) -> dict[str, Alert]:
    return {a.fingerprint: a for a in alerts}


def correlator(labels: list[str] | None = None, records: list[IncidentRecord] | None = None) -> Correlator:
    return Correlator(lambda _tenant: (labels, WINDOW), records or [])


def test_alerts_sharing_the_labels_within_the_window_are_one_incident() -> None:
    c = correlator(["service", "cluster"])
    changed = c.update("acme", by_fp(alert("a", service="api", cluster="eu", severity="critical"),
                                     alert("b", minute=3, service="api", cluster="eu"),
                                     alert("c", minute=1, service="db", cluster="eu")), T0)
    assert len(changed) == 2
    api = c.incident_of("acme", "a")
    assert api is not None and {a.fingerprint for a in api.alerts} == {"a", "b"}
    assert api.lead is not None and api.lead.fingerprint == "a"  # the most severe first
    assert api.severity is Severity.CRITICAL and api.counts() == {Severity.CRITICAL: 1, Severity.WARNING: 1}
    assert api.shared_labels() == {"service": "api", "cluster": "eu"}
    assert c.incident_of("acme", "c") is not None and c.incident_of("acme", "c").id != api.id


def test_the_window_edges() -> None:
    c = correlator(["service"])
    c.update("acme", by_fp(alert("a", service="api"), alert("b", minute=10, service="api"),
                           alert("c", minute=10.01, service="api")), T0)
    a, b, late = (c.incident_of("acme", fp) for fp in "abc")
    assert a is not None and b is not None and late is not None
    assert a.id == b.id  # exactly the window after the first alert: still the same incident
    assert late.id != a.id  # just after it: a new one


def test_alertmanager_groups_are_the_default_key() -> None:
    c = correlator(None)
    groups = {"a": (("alertname", "X"), ("job", "api")), "b": (("alertname", "X"), ("job", "api")),
              "c": (("alertname", "X"), ("job", "db"))}
    c.update("acme", by_fp(alert("a"), alert("b", minute=1), alert("c", minute=1)), T0, groups)
    assert c.incident_of("acme", "a").id == c.incident_of("acme", "b").id  # type: ignore[union-attr]
    assert c.incident_of("acme", "c").id != c.incident_of("acme", "a").id  # type: ignore[union-attr]


def test_an_unchanged_alert_map_costs_nothing_and_changes_nothing() -> None:
    c = correlator(["service"])
    alerts = by_fp(alert("a", service="api"))
    assert c.update("acme", alerts, T0)
    assert c.update("acme", alerts, T0) == []
    assert c.update("acme", dict(alerts), T0) == []  # equal content: built again, nothing changed


def test_state_follows_silences_and_resolution_never_reopens() -> None:
    c = correlator(["service"])
    a, b = alert("a", service="api"), alert("b", minute=1, service="api")
    c.update("acme", by_fp(a, b), T0)
    first = c.incident_of("acme", "a")
    assert first is not None and first.state == "open" and first.needs_response
    c.update("acme", by_fp(replace(a, silenced_by=("s1",)), b), T0)
    assert c.incident_of("acme", "a").state == "open"  # type: ignore[union-attr]  # b still needs someone
    c.update("acme", by_fp(replace(a, silenced_by=("s1",)), replace(b, silenced_by=("s2",))), T0)
    assert c.incident_of("acme", "a").state == "acknowledged"  # type: ignore[union-attr]
    changed = c.update("acme", {}, T0 + timedelta(minutes=30))
    assert [(i.id, i.state) for i in changed] == [(first.id, "resolved")]
    assert changed[0].resolved_at == T0 + timedelta(minutes=30)
    c.update("acme", by_fp(a), T0 + timedelta(minutes=31))  # the same alert fires again
    again = c.incident_of("acme", "a")
    assert again is not None and again.id != first.id and again.state == "open"
    states = {i.id: i.state for i in c.incidents("acme")}
    assert states == {first.id: "resolved", again.id: "open"}


def test_the_id_survives_a_restart_even_after_the_first_alert_resolved() -> None:
    c = correlator(["service"])
    c.update("acme", by_fp(alert("a", service="api"), alert("b", minute=2, service="api")), T0)
    iid = c.incident_of("acme", "a").id  # type: ignore[union-attr]
    c.update("acme", by_fp(alert("b", minute=2, service="api")), T0)  # the first alert resolves
    records = c.take_changed()
    assert records and c.take_changed() == []
    restarted = correlator(["service"], records)
    restarted.update("acme", by_fp(alert("b", minute=2, service="api")), T0)
    assert restarted.incident_of("acme", "b").id == iid  # type: ignore[union-attr]
    fresh = correlator(["service"])  # without the records, the id would be derived from b
    fresh.update("acme", by_fp(alert("b", minute=2, service="api")), T0)
    assert fresh.incident_of("acme", "b").id != iid  # type: ignore[union-attr]


def test_two_processes_compute_the_same_ids() -> None:
    one, two = correlator(["service"]), correlator(["service"])
    alerts = by_fp(alert("a", service="api"), alert("c", service="db"))
    one.update("acme", alerts, T0)
    two.update("acme", dict(alerts), T0 + timedelta(seconds=7))
    assert {i.id for i in one.incidents()} == {i.id for i in two.incidents()}


def test_cross_tenant_duplicates() -> None:
    c = correlator(["service"])
    c.update("acme", by_fp(alert("shared", service="dns"), alert("own", service="api")), T0)
    c.update("globex", by_fp(alert("shared", tenant="globex", service="dns")), T0)
    acme = {i.alerts[0].fingerprint: i for i in c.incidents("acme")}
    assert acme["shared"].duplicates == ("globex",)
    assert acme["own"].duplicates == ()
    assert c.incidents("globex")[0].duplicates == ("acme",)
    c.update("globex", {}, T0)  # globex's copy resolves: acme's is no duplicate any more
    assert {i.alerts[0].fingerprint: i for i in c.incidents("acme")}["shared"].duplicates == ()


def test_order_open_first_most_severe_first() -> None:
    c = correlator(["service"])
    c.update("acme", by_fp(alert("w", service="a"), alert("c", service="b", severity="critical"),
                           replace(alert("s", service="c", severity="critical"), silenced_by=("x",))), T0)
    assert [i.alerts[0].fingerprint for i in c.incidents()] == ["c", "w", "s"]


def test_flapping_alerts_keep_only_the_latest_resolved_incidents_in_view() -> None:
    """An alert that fires and resolves every few seconds made thousands of resolved
    incidents an hour, all kept in memory for an hour (the soak's RSS grew 32 % in 25 min)."""
    from alerttui.domain.incidents import MAX_RESOLVED

    c = correlator(["service"])
    for n in range(MAX_RESOLVED + 50):
        at = T0 + timedelta(seconds=10 * n)
        c.update("acme", by_fp(alert(f"f{n}", minute=n / 6, service=f"s{n}")), at)
        c.update("acme", {}, at + timedelta(seconds=5))
    resolved = [i for i in c.incidents("acme") if i.state == "resolved"]
    assert len(resolved) == MAX_RESOLVED
    assert min(i.record.resolved_at for i in resolved) == T0 + timedelta(seconds=10 * 50 + 5)  # the oldest went
