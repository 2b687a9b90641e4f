"""All backend clients of one tenant, built from its config in one place."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from alerttui.clients.alertmanager import AlertmanagerClient
from alerttui.clients.http import Transport
from alerttui.clients.prometheus import PrometheusClient
from alerttui.config import TenantConfig
from alerttui.domain.matchers import Matcher


@dataclass
class TenantClients:
    tenant: TenantConfig
    alertmanagers: list[AlertmanagerClient]
    prometheus: PrometheusClient | None
    _http: list[httpx.AsyncClient]

    @property
    def scope(self) -> tuple[Matcher, ...]:
        """The tenant's matchers on a shared Alertmanager: ANDed into every query and silence."""
        return self.tenant.alertmanager.parsed_matchers if self.tenant.alertmanager else ()

    @classmethod
    def from_config(cls, tenant: TenantConfig) -> TenantClients:
        https: list[httpx.AsyncClient] = []
        ams: list[AlertmanagerClient] = []
        prom = None
        if tenant.alertmanager is not None:
            am_http = Transport.from_config(tenant.alertmanager_http()).async_client()
            https.append(am_http)
            ams = [AlertmanagerClient(url, am_http) for url in tenant.alertmanager.urls]
        if tenant.prometheus is not None:
            transport = Transport.from_config(tenant.prometheus_http())
            prom_http = transport.async_client()
            https.append(prom_http)
            prom = PrometheusClient(tenant.prometheus.url, prom_http, transport.requests_session(),
                                    transport.timeout)
        return cls(tenant, ams, prom, https)

    async def aclose(self) -> None:
        for client in self._http:
            await client.aclose()
        if self.prometheus is not None:
            self.prometheus.close()
