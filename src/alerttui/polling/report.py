"""Reading an SLA report's figures from the tenant's Prometheus: each SLO's error ratio over
the whole period (one instant query at its end, the SLO's own queries with the period as the
range) and day by day (one range query at a one-day step), and the alert history of the
period. What cannot be read is named in ``Report.errors``; the rest of the report stands."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from alerttui.clients.errors import BackendError
from alerttui.clients.tenant import TenantClients
from alerttui.config.slo import SLOConfig
from alerttui.domain.history import AlertHistory
from alerttui.domain.report import Availability, Report, acks_from_audit, incidents_from, noisiest
from alerttui.domain.slo import SLOStatus, promql_duration
from alerttui.polling.history import fetch_history
from alerttui.polling.slo import instant_value

if TYPE_CHECKING:
    from alerttui.clients.prometheus import PrometheusClient
    from alerttui.config import TenantConfig

DAY = timedelta(days=1)


def _ratio(sample: Any) -> float | None:
    return instant_value([{"value": sample}])


async def fetch_availability(prom: PrometheusClient, tenant: str, slo: SLOConfig, since: datetime,
                             until: datetime) -> tuple[Availability, str | None]:
    period = until - since
    query = slo.ratio_query(promql_duration(period))
    try:
        overall = await prom.query(query, until)
    except BackendError as exc:
        status = SLOStatus(tenant, slo.name, slo.objective, period, None, {}, str(exc))
        return Availability(slo.name, slo.objective, status, ()), f"{slo.name}: {exc}"
    status = SLOStatus(tenant, slo.name, slo.objective, period, instant_value(overall))
    daily: list[tuple[datetime, float | None]] = []
    days = int(period / DAY)
    if days >= 1:
        first = until - (days - 1) * DAY  # each point is the day that ends there
        try:
            result = await prom.query_range(slo.ratio_query("1d"), first, until, f"{int(DAY.total_seconds())}s")
        except BackendError as exc:
            return Availability(slo.name, slo.objective, status, ()), f"{slo.name} (daily): {exc}"
        by_time = {round(float(v[0])): _ratio(v) for s in result[:1] for v in s.get("values") or []}
        for k in range(days):
            end = first + k * DAY
            ratio = by_time.get(round(end.timestamp()))
            daily.append((end - DAY, None if ratio is None else 1 - ratio))
    return Availability(slo.name, slo.objective, status, tuple(daily)), None


async def fetch_report(clients: TenantClients, tenant: TenantConfig, since: datetime, until: datetime,
                       audit: Iterable[Mapping[str, Any]], noisy_limit: int = 10) -> Report:
    errors: list[str] = []
    histories: Sequence[AlertHistory] = ()
    slos: list[Availability] = []
    prom = clients.prometheus
    if prom is not None:
        got = await asyncio.gather(*(fetch_availability(prom, tenant.id, s, since, until) for s in tenant.slos))
        for availability, error in got:
            slos.append(availability)
            if error:
                errors.append(error)
        try:
            histories = await fetch_history(prom, clients.scope, since, until)
        except BackendError as exc:
            errors.append(f"history: {exc}")
    acks = acks_from_audit(audit, tenant.id)
    return Report(tenant.id, tenant.display_name, since, until, tuple(slos),
                  tuple(incidents_from(histories, acks)), tuple(noisiest(histories, noisy_limit)),
                  tuple(histories), tuple(errors))
