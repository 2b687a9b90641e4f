"""Deterministic domain data for UI tests: fixed clock, fixed alerts, fixed snapshots."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alerttui.app import AlerttuiApp
from alerttui.config import Settings, parse_settings
from alerttui.domain import Alert, AlertState, BackendHealth, MetricSeries, Silence, SilenceState, Snapshot
from alerttui.domain.matchers import Matcher
from alerttui.engine import build_engine

NOW = datetime(2026, 11, 24, 3, 0, 0, tzinfo=UTC)
AM = ("http://127.0.0.1:9093", "http://127.0.0.1:9094")


def settings(tenants: list[tuple[str, str]] | None = None, kiosk: bool = False, panels: bool = True,
             roles: dict[str, str] | None = None) -> Settings:
    data: dict[str, Any] = {"ui": {"operator": "alice", "refresh": "15s", "kiosk": kiosk, "timezone": "UTC"},
                            "tenants": []}
    for tid, name in tenants or [("acme", "ACME Corp"), ("globex", "Globex")]:
        t: dict[str, Any] = {"id": tid, "name": name, "role": (roles or {}).get(tid, "responder"),
                             "alertmanager": {"urls": list(AM), "matchers": [f'tenant="{tid}"']},
                             "prometheus": {"url": "http://127.0.0.1:9090"}}
        if panels:
            t["panels"] = [
                {"title": "CPU", "query": "cpu", "unit": "percent", "warn": 80, "crit": 95},
                {"title": "Memory", "query": "mem", "unit": "bytes"},
                {"title": "API p95", "query": "p95", "unit": "seconds", "warn": 0.3, "crit": 1},
            ]
        data["tenants"].append(t)
    return parse_settings(data, Path("test.toml"))


def alert(name: str, tenant: str = "acme", severity: str = "warning", minutes_ago: float = 10,
          summary: str | None = None, silenced_by: tuple[str, ...] = (), inhibited_by: tuple[str, ...] = (),
          **labels: str) -> Alert:
    all_labels = {"alertname": name, "severity": severity, "tenant": tenant, **labels}
    fp = hashlib.sha1(repr(sorted(all_labels.items())).encode()).hexdigest()[:16]
    state = AlertState.SUPPRESSED if silenced_by or inhibited_by else AlertState.ACTIVE
    return Alert(
        fingerprint=fp, tenant=tenant, labels=all_labels,
        annotations={"summary": summary if summary is not None else f"{name} is firing",
                     "runbook_url": f"https://runbooks.example.com/{name}"},
        state=state, starts_at=NOW - timedelta(minutes=minutes_ago), ends_at=NOW + timedelta(minutes=5),
        updated_at=NOW, generator_url="http://127.0.0.1:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1",
        silenced_by=silenced_by, inhibited_by=inhibited_by, receivers=("null",), replicas=AM,
    )


def series(title: str, values: list[float], unit: str = "percent", warn: float | None = None,
           crit: float | None = None) -> MetricSeries:
    start = NOW.timestamp() - 60 * len(values)
    return MetricSeries(title=title, query=title.lower(), unit=unit, warn=warn, crit=crit,
                        points=tuple((start + 60 * i, v) for i, v in enumerate(values)), series_count=1)


def snapshot(tenant: str, alerts: list[Alert], name: str | None = None, stale: bool = False,
             silences: dict[str, Silence] | None = None, error: str | None = None,
             with_series: bool = True) -> Snapshot:
    health = tuple(BackendHealth(kind="alertmanager", url=u, ok=not stale, checked_at=NOW,
                                 cluster_peers=2, version="0.25.0") for u in AM)
    health += (BackendHealth(kind="prometheus", url="http://127.0.0.1:9090", ok=True, checked_at=NOW),)
    metric = (
        series("CPU", [40, 55, 61, 72, 85, 90, 83, 78, 70, 66, 64, 81]*3, warn=80, crit=95),
        series("Memory", [3.1e9, 3.2e9, 3.3e9, 3.2e9, 3.4e9]*4, unit="bytes"),
        series("API p95", [0.12, 0.15, 0.2, 0.18, 0.14]*4, unit="seconds", warn=0.3, crit=1),
    ) if with_series else ()
    return Snapshot(
        tenant=tenant, tenant_name=name or tenant.title(), alerts={a.fingerprint: a for a in alerts},
        silences=silences or {}, series=metric, health=health,
        fetched_at=NOW - (timedelta(minutes=3) if stale else timedelta(seconds=4)),
        attempted_at=NOW, last_error=error, stale=stale,
    )


def silence(sid: str, who: str, comment: str, **matchers: str) -> Silence:
    return Silence(id=sid, matchers=tuple(Matcher.equal(k, v) for k, v in matchers.items()),
                   starts_at=NOW - timedelta(minutes=20), ends_at=NOW + timedelta(hours=2), created_by=who,
                   comment=comment, state=SilenceState.ACTIVE, updated_at=NOW)


def standard_alerts() -> dict[str, list[Alert]]:
    sil = "8c1f2a4e-5b6d-4e7f-9a0b-1c2d3e4f5a6b"
    return {
        "acme": [
            alert("DiskFull", severity="critical", minutes_ago=42, summary="Disk 97% used on db-1, writes will fail",
                  instance="db-1"),
            alert("APILatencyHigh", severity="error", minutes_ago=7, summary="API p95 latency 812ms", instance="api-1"),
            alert("HighCPU", severity="warning", minutes_ago=130, summary="CPU at 86% for 10 minutes", instance="api-2"),
            alert("CertExpiring", severity="info", minutes_ago=60 * 26, summary="TLS certificate expires in 12 days"),
            alert("BackupLate", severity="warning", minutes_ago=300, silenced_by=(sil,),
                  summary="Nightly backup has not finished"),
        ],
        "globex": [
            alert("OrdersBelowForecast", tenant="globex", severity="info", minutes_ago=3,
                  summary="Orders at 28/s, below forecast"),
            alert("DBSlowQueries", tenant="globex", severity="error", minutes_ago=15,
                  summary="DB query p95 597ms"),
        ],
    }


def silences_for_acme() -> dict[str, Silence]:
    sid = "8c1f2a4e-5b6d-4e7f-9a0b-1c2d3e4f5a6b"
    return {sid: silence(sid, "bob", "backup window, ticket OPS-1234", alertname="BackupLate", tenant="acme")}


def make_app(kiosk: bool = False, **kwargs: Any) -> AlerttuiApp:
    """The dashboard on an engine given to it: no polling, no duties, a fixed clock (the
    engine's clients are built but never asked anything)."""
    s = settings(kiosk=kiosk, **kwargs)
    engine = build_engine(s, kiosk=kiosk, clock=lambda: NOW)
    return AlerttuiApp(s, engine=engine, polling=False)


def feed(app: AlerttuiApp, stale_globex: bool = False) -> None:
    data = standard_alerts()
    app.dashboard.apply_snapshot(snapshot("acme", data["acme"], "ACME Corp", silences=silences_for_acme()))
    app.dashboard.apply_snapshot(snapshot("globex", data["globex"], "Globex", stale=stale_globex,
                                          error="http://127.0.0.1:9093/api/v2/alerts: unreachable (connection refused)"
                                          if stale_globex else None))
