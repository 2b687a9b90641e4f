"""One round of fetching for a tenant: alerts from every HA replica merged by fingerprint,
silences from one healthy replica, panel range queries, backend health. No scheduling here."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from alerttui.clients.errors import BackendError, redact_url
from alerttui.clients.tenant import TenantClients
from alerttui.clients.wire import WireAlert, WireSilence
from alerttui.config import Panel
from alerttui.domain import (
    Alert,
    AlertState,
    BackendHealth,
    Matcher,
    MetricSeries,
    Silence,
    SilenceState,
)
from alerttui.domain.anomaly import Anomaly, robust_band, seasonal_band
from alerttui.domain.forecast import Forecast
from alerttui.domain.forecast import forecast as fit_forecast
from alerttui.i18n import _

if TYPE_CHECKING:  # requests and prometheus-api-client only where Prometheus is asked
    from alerttui.clients.prometheus import PrometheusClient


@dataclass
class AlertsResult:
    alerts: dict[str, Alert] = field(default_factory=dict)
    silences: dict[str, Silence] | None = None  # None: no replica answered
    health: list[BackendHealth] = field(default_factory=list)
    errors: list[BackendError] = field(default_factory=list)

    @property
    def complete_failure(self) -> bool:
        """No Alertmanager replica answered (with at least one configured)."""
        am = [h for h in self.health if h.kind == "alertmanager"]
        return bool(am) and not any(h.ok for h in am)


def _state(value: str) -> AlertState:
    try:
        return AlertState(value)
    except ValueError:
        return AlertState.UNPROCESSED


def to_alert(tenant: str, wire: WireAlert, replicas: tuple[str, ...]) -> Alert:
    return Alert(
        fingerprint=wire.fingerprint,
        tenant=tenant,
        labels=wire.labels,
        annotations=wire.annotations,
        state=_state(wire.status.state),
        starts_at=wire.startsAt,
        ends_at=wire.endsAt,
        updated_at=wire.updatedAt,
        generator_url=wire.generatorURL,
        silenced_by=tuple(wire.status.silencedBy),
        inhibited_by=tuple(wire.status.inhibitedBy),
        receivers=tuple(r.name for r in wire.receivers),
        replicas=replicas,
    )


def to_silence(wire: WireSilence) -> Silence:
    try:
        state = SilenceState(wire.status.state)
    except ValueError:
        state = SilenceState.EXPIRED
    return Silence(
        id=wire.id,
        matchers=tuple(Matcher.from_api(m.model_dump()) for m in wire.matchers),
        starts_at=wire.startsAt,
        ends_at=wire.endsAt,
        created_by=wire.createdBy,
        comment=wire.comment,
        state=state,
        updated_at=wire.updatedAt,
    )


def merge_replicas(tenant: str, per_replica: Sequence[tuple[str, list[WireAlert]]]) -> dict[str, Alert]:
    """Merge alert lists from replicas of one HA cluster by fingerprint.

    Alerts are not replicated between Alertmanager peers, so each may know a different
    subset. Each alert appears once; ``replicas`` lists every URL that reported it; the most
    recently updated copy gives labels and times. Silences and inhibitions are unioned: a
    silence is replicated by gossip, so a replica that already knows it is right and the
    other is ~200 ms behind (an ack shows at once instead of on a later poll).
    """
    best: dict[str, WireAlert] = {}
    seen: dict[str, list[str]] = {}
    silenced: dict[str, dict[str, None]] = {}
    inhibited: dict[str, dict[str, None]] = {}
    for url, alerts in per_replica:
        for wire in alerts:
            fp = wire.fingerprint
            silenced.setdefault(fp, {}).update(dict.fromkeys(wire.status.silencedBy))
            inhibited.setdefault(fp, {}).update(dict.fromkeys(wire.status.inhibitedBy))
            prev = best.get(fp)
            if prev is None:
                best[fp] = wire
                seen[fp] = [url]
                continue
            seen[fp].append(url)
            if (wire.updatedAt or wire.startsAt) > (prev.updatedAt or prev.startsAt):
                best[fp] = wire
    out: dict[str, Alert] = {}
    for fp, wire in best.items():
        alert = to_alert(tenant, wire, tuple(seen[fp]))
        if len(seen[fp]) > 1:
            sil, inh = tuple(silenced[fp]), tuple(inhibited[fp])
            if sil != alert.silenced_by or inh != alert.inhibited_by:
                state = AlertState.SUPPRESSED if sil or inh else alert.state
                alert = replace(alert, silenced_by=sil, inhibited_by=inh, state=state)
        out[fp] = alert
    return out


def reuse_unchanged(old: Mapping[str, Alert], new: Mapping[str, Alert]) -> Mapping[str, Alert]:
    """``new``, with the previous poll's object for every alert that did not change (equal in
    every field), and the previous dict itself when nothing changed: the screen and the engine
    then see an unchanged alert by identity, at no cost, and look only at what changed.
    (Alertmanager moves updatedAt and endsAt at each resend from Prometheus, about once a
    minute, so such an alert is a change then, as it should be.)"""
    out: dict[str, Alert] = {}
    same = len(old) == len(new)
    for fp, alert in new.items():
        prev = old.get(fp)
        if prev is not None and prev == alert:
            out[fp] = prev
        else:
            out[fp] = alert
            same = False
    return old if same else out


async def _timed(coro):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    try:
        return await coro, None, time.perf_counter() - start
    except BackendError as exc:
        return None, exc, time.perf_counter() - start


async def fetch_alerts(clients: TenantClients, now: datetime, extra: Sequence[Matcher] = (),
                       with_silences: bool = True, with_status: bool = True) -> AlertsResult:
    """Alerts (tenant scope + ``extra`` matchers applied server-side) from every replica,
    merged; each replica's health and cluster status; silences from the first replica
    that answers (silences are replicated by gossip)."""
    tenant = clients.tenant.id
    filters = (*clients.scope, *extra)
    result = AlertsResult()
    ams = clients.alertmanagers
    if not ams:
        return result
    alert_calls = [_timed(clients.read_alerts(am, filters)) for am in ams]
    status_calls = [_timed(clients.read_status(am)) for am in ams] if with_status else []
    # Silences are asked for at the same time, not after the alerts: one round trip less per
    # poll over a slow link. They come from the first replica that answers, as before.
    silences_task = asyncio.ensure_future(first_silences(clients)) if with_silences else None
    try:
        outcomes = await asyncio.gather(*alert_calls, *status_calls)
    except BaseException:
        if silences_task is not None:
            silences_task.cancel()
        raise
    alert_out, status_out = outcomes[: len(ams)], outcomes[len(ams):]
    per_replica: list[tuple[str, list[WireAlert]]] = []
    for i, am in enumerate(ams):
        alerts, err, took = alert_out[i]
        status = status_out[i][0] if status_out else None
        if err is not None:
            result.errors.append(err)
        else:
            per_replica.append((am.url, alerts))
        result.health.append(BackendHealth(
            kind="alertmanager", url=am.url, ok=err is None, checked_at=now,
            error=err.reason if err else None, latency_s=took,
            version=status.versionInfo.version if status else None,
            cluster_peers=len(status.cluster.peers) if status else None,
            cluster_status=status.cluster.status if status else None,
        ))
    result.alerts = merge_replicas(tenant, per_replica)
    if silences_task is not None:
        silences, errors = await silences_task
        # A replica whose alerts failed already has its error in the list: no second line.
        down = [redact_url(h.url) for h in result.health if not h.ok]
        result.errors.extend(e for e in errors if not any(e.url.startswith(d + "/") for d in down))
        if silences is not None:
            result.silences = {s.id: s for s in silences}
    return result


async def first_silences(clients: TenantClients) -> tuple[list[Silence] | None, list[BackendError]]:
    """The tenant's silences from the first replica that answers, silences being replicated
    by gossip; None if none did. And the errors of those asked before."""
    errors: list[BackendError] = []
    for am in clients.alertmanagers:
        try:
            wires = await clients.read_silences(am)
        except BackendError as exc:
            errors.append(exc)
            continue
        return [to_silence(w) for w in wires], errors
    return None, errors


def step_for(window: timedelta, points: int = 120) -> str:
    return f"{max(1, int(window.total_seconds() // points))}s"


async def fetch_panel(clients: TenantClients, panel: Panel, now: datetime, window: timedelta) -> MetricSeries:
    base = MetricSeries(title=panel.title, query=panel.query, unit=panel.unit, warn=panel.warn, crit=panel.crit)
    if clients.prometheus is None:
        return replace(base, error=_("no Prometheus configured"))
    try:
        result = await clients.prometheus.query_range(panel.query, now - window, now, step_for(window))
    except BackendError as exc:
        return replace(base, error=exc.reason)
    if not result:
        return base
    try:
        values = tuple((float(t), float(v)) for t, v in result[0].get("values", []))
    except (TypeError, ValueError):
        return replace(base, error=_("unexpected response (values are not numbers)"))
    series = replace(base, points=values, series_count=len(result))
    if panel.anomaly == "robust":
        series = replace(series, anomaly=robust_band(values, panel.anomaly_window, panel.anomaly_k or ROBUST_K))
    elif panel.anomaly == "seasonal":
        series = replace(series, anomaly=await fetch_seasonal(clients.prometheus, panel.query, values, now - window,
                                                              now, step_for(window), panel.anomaly_k or SEASONAL_K))
    if panel.crit is not None and panel.forecast:
        series = replace(series, forecast=await panel_forecast(clients, panel, now))
    return series


ROBUST_K, SEASONAL_K = 4.5, 3.0
# One week back, the 20 minutes centred on the same moment: [t - 1w - 10m, t - 1w + 10m]. A
# whole hour's standard deviation holds the daily cycle's own slope over that hour (3 units on
# a ±40 daily swing), which hid shifts of 6 to 12 noise deviations: recall 0.59 against 0.9+.
SEASONAL_WINDOW, SEASONAL_OFFSET = "20m", "167h50m"
SEASONAL_MINUTES = 20


def seasonal_queries(query: str) -> tuple[str, str]:
    """The baseline and the spread of ``query`` for the seasonal band, at a one-minute
    resolution (a subquery: any expression works, no recording rule needed)."""
    sub = f"({query})[{SEASONAL_WINDOW}:1m] offset {SEASONAL_OFFSET}"
    return f"avg_over_time({sub})", f"stddev_over_time({sub})"


async def fetch_seasonal(prom: PrometheusClient, query: str, values: Sequence[tuple[float, float]], start: datetime,
                         end: datetime, step: str, k: float) -> Anomaly | None:
    """The seasonal band over the points (None when last week cannot be read: no band
    rather than a wrong one)."""
    mean_q, sd_q = seasonal_queries(query)
    try:
        mean, sd = await asyncio.gather(prom.query_range(mean_q, start, end, step),
                                        prom.query_range(sd_q, start, end, step))
        baseline = {round(float(t), 3): float(v) for t, v in (mean[0].get("values") or [])} if mean else {}
        spread = {round(float(t), 3): float(v) for t, v in (sd[0].get("values") or [])} if sd else {}
    except (BackendError, TypeError, ValueError):
        return None
    return seasonal_band(values, baseline, spread, k, SEASONAL_MINUTES)


async def panel_forecast(clients: TenantClients, panel: Panel, now: datetime) -> Forecast | None:
    """The panel's forecast over its own range (longer than the sparkline's); None when
    Prometheus cannot say (the pane then shows no forecast, not an error)."""

    assert clients.prometheus is not None and panel.crit is not None
    step = max(timedelta(seconds=15), panel.forecast_range / 360)
    try:
        result = await clients.prometheus.query_range(panel.query, now - panel.forecast_range, now,
                                                      f"{int(step.total_seconds())}s")
        points = [(float(t), float(v)) for t, v in result[0].get("values", [])] if result else []
    except (BackendError, TypeError, ValueError):
        return None
    return fit_forecast(points, panel.crit, panel.warn, panel.forecast_horizon, panel.forecast_min_r2)


async def fetch_metrics(clients: TenantClients, panels: Sequence[Panel], now: datetime,
                        window: timedelta) -> tuple[MetricSeries, ...]:
    return tuple(await asyncio.gather(*(fetch_panel(clients, p, now, window) for p in panels)))


async def prometheus_health(clients: TenantClients, now: datetime) -> BackendHealth | None:
    if clients.prometheus is None:
        return None
    _ignored, err, took = await _timed(clients.prometheus_ready())
    return BackendHealth(kind="prometheus", url=clients.prometheus.url, ok=err is None, checked_at=now,
                         error=err.reason if err else None, latency_s=took)
