"""Reading an SLO's figures from the tenant's Prometheus: the error ratio over the SLO window
and over each burn-rate window, each one instant query evaluated at the same moment, so the
figures are exactly what Prometheus computes for the same ratio."""

from __future__ import annotations

import asyncio
import math
from datetime import datetime
from typing import TYPE_CHECKING

from alerttui.clients.errors import BackendError
from alerttui.clients.tenant import TenantClients
from alerttui.config.slo import SLOConfig
from alerttui.domain.slo import BURN_WINDOWS, SLOStatus, promql_duration

if TYPE_CHECKING:  # requests and prometheus-api-client only where Prometheus is asked
    from alerttui.clients.prometheus import PrometheusClient


def instant_value(result: list[dict[str, object]]) -> float | None:
    """The single value of an instant vector; None when empty or not a number (no traffic:
    0/0)."""
    if not result:
        return None
    sample = result[0].get("value")
    try:
        value = float(sample[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return None
    return None if math.isnan(value) or math.isinf(value) else value


async def fetch_slo(prom: PrometheusClient, tenant: str, slo: SLOConfig, at: datetime) -> SLOStatus:
    windows = (slo.window, *BURN_WINDOWS)
    try:
        results = await asyncio.gather(*(prom.query(slo.ratio_query(promql_duration(w)), at) for w in windows))
    except BackendError as exc:
        return SLOStatus(tenant, slo.name, slo.objective, slo.window, None, {}, str(exc))
    values = [instant_value(r) for r in results]
    return SLOStatus(tenant, slo.name, slo.objective, slo.window, values[0],
                     dict(zip(BURN_WINDOWS, values[1:], strict=True)))


async def fetch_slos(clients: TenantClients, tenant: str, slos: list[SLOConfig], at: datetime) -> tuple[SLOStatus, ...]:
    """Every SLO of the tenant at ``at`` (an SLO whose queries fail carries the error)."""
    if not slos or clients.prometheus is None:
        return ()
    prom = clients.prometheus
    return tuple(await asyncio.gather(*(fetch_slo(prom, tenant, slo, at) for slo in slos)))
