"""All backend clients of one tenant, built from its config in one place, and the pool that
makes tenants with the same backend identity (credentials, headers, TLS) share one HTTP
client and its connections."""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from alerttui.clients.alertmanager import AlertmanagerClient
from alerttui.clients.http import READS_PER_ORIGIN, Transport, origin
from alerttui.clients.oauth2 import TokenSource
from alerttui.clients.shared_reads import SharedReads
from alerttui.clients.wire import WireAlert, WireSilence, WireStatus
from alerttui.config import TenantConfig
from alerttui.domain.matchers import Matcher

if TYPE_CHECKING:
    import requests

    from alerttui.clients.prometheus import PrometheusClient


@dataclass
class ClientPool:
    """One ``httpx.AsyncClient`` (and one ``requests.Session``) per distinct transport: the
    engine owns one pool and closes it; tenants borrow from it."""

    reads: SharedReads = field(default_factory=SharedReads)  # one GET /api/v2/alerts per replica per round
    _async: dict[tuple[object, ...], httpx.AsyncClient] = field(default_factory=dict)
    _ssl: dict[tuple[object, ...], ssl.SSLContext] = field(default_factory=dict)  # one per distinct TLS config
    _sessions: dict[tuple[object, ...], requests.Session] = field(default_factory=dict)
    _tokens: dict[tuple[object, ...], TokenSource | None] = field(default_factory=dict)  # one per OAuth2 identity
    _plain: ssl.SSLContext | None = None  # for clients of http:// URLs only
    # Threads for prometheus-api-client's blocking calls, a few per origin (as the read slots):
    # a server that trickles its answers can hold its own origin's, never another's.
    _threads: dict[str, ThreadPoolExecutor] = field(default_factory=dict)

    def async_client(self, transport: Transport, tls: bool = True) -> httpx.AsyncClient:
        """The HTTP client of ``transport``'s identity. ``tls``: some of its URLs are
        https. A client for plain http:// URLs gets a context with no CA at all (an https
        redirect would fail closed) instead of reading the CA bundle (~30 ms each)."""
        key = (transport.key(), tls)
        if key not in self._async:
            if tls:
                ssl_key = transport.tls_key()
                if ssl_key not in self._ssl:
                    context = transport.ssl_context()
                    assert isinstance(context, ssl.SSLContext)
                    self._ssl[ssl_key] = context
                context = self._ssl[ssl_key]
            else:
                if self._plain is None:
                    self._plain = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, trusts nothing
                context = self._plain
            self._async[key] = transport.async_client(context, self.tokens(transport))
        return self._async[key]

    def tokens(self, transport: Transport) -> TokenSource | None:
        """The OAuth2 token cache of ``transport``'s identity (None without OAuth2): one
        token for its httpx client and its requests session alike."""
        key = transport.key()
        if key not in self._tokens:
            self._tokens[key] = transport.token_source()
        return self._tokens[key]

    def session(self, transport: Transport) -> requests.Session:
        """One ``requests`` session per transport (prometheus-api-client's)."""
        key = transport.key()
        if key not in self._sessions:
            self._sessions[key] = transport.requests_session(self.tokens(transport))
        return self._sessions[key]

    def threads(self, url: str) -> ThreadPoolExecutor:
        """The threads that run blocking reads of ``url``'s origin (scheme, host, port)."""
        key = origin(url)
        if key not in self._threads:
            self._threads[key] = ThreadPoolExecutor(READS_PER_ORIGIN, thread_name_prefix=f"reads {key}")
        return self._threads[key]

    def __len__(self) -> int:
        """How many HTTP clients (distinct backend identities, and http or https)."""
        return len(self._async)

    @property
    def ssl_contexts(self) -> int:
        """SSL contexts built from a TLS config (CA bundle read); the no-CA one not counted."""
        return len(self._ssl)

    async def aclose(self) -> None:
        for client in self._async.values():
            await client.aclose()
        for session in self._sessions.values():
            session.close()
        for threads in self._threads.values():
            threads.shutdown(wait=False, cancel_futures=True)  # a call past its deadline ends by itself
        self._async.clear()
        self._sessions.clear()
        self._threads.clear()


@dataclass
class TenantClients:
    tenant: TenantConfig
    alertmanagers: list[AlertmanagerClient]
    prometheus: PrometheusClient | None
    reads: SharedReads | None = None
    am_identity: tuple[object, ...] = ()  # the Alertmanager transport's key: who may share its reads
    prom_identity: tuple[object, ...] = ()  # the Prometheus transport's key
    _pool: ClientPool | None = None  # owned: closed by aclose() (None: borrowed from the engine's)

    @property
    def scope(self) -> tuple[Matcher, ...]:
        """The tenant's matchers on a shared Alertmanager: ANDed into every query and silence."""
        return self.tenant.alertmanager.parsed_matchers if self.tenant.alertmanager else ()

    @classmethod
    def from_config(cls, tenant: TenantConfig, pool: ClientPool | None = None,
                    prometheus: bool = True) -> TenantClients:
        """The tenant's clients, on ``pool``'s HTTP clients (or a pool of its own, closed by
        ``aclose``)."""
        owned = pool is None
        if pool is None:  # not ``pool or ...``: an empty pool is falsy (it has a length)
            pool = ClientPool()
        ams: list[AlertmanagerClient] = []
        prom = None
        identity: tuple[object, ...] = ()
        prom_identity: tuple[object, ...] = ()
        if tenant.alertmanager is not None:
            am_transport = Transport.from_config(tenant.alertmanager_http())
            identity = am_transport.key()
            am_http = pool.async_client(am_transport, tls=any(_https(u) for u in tenant.alertmanager.urls))
            ams = [AlertmanagerClient(url, am_http) for url in tenant.alertmanager.urls]
        if tenant.prometheus is not None and prometheus:
            from alerttui.clients.prometheus import (
                PrometheusClient,  # requests, prometheus-api-client: only now
            )

            transport = Transport.from_config(tenant.prometheus_http())
            prom = PrometheusClient(tenant.prometheus.url, pool.async_client(transport, tls=_https(tenant.prometheus.url)),
                                    pool.session(transport), transport.timeout,
                                    pool.threads(tenant.prometheus.url))
            prom_identity = transport.key()
        return cls(tenant, ams, prom, pool.reads, identity, prom_identity, pool if owned else None)

    async def read_alerts(self, am: AlertmanagerClient, matchers: Sequence[Matcher]) -> list[WireAlert]:
        """``am``'s alerts that ``matchers`` select: one shared read for every tenant of the
        same backend identity on that replica, filtered here as Alertmanager would."""
        if self.reads is None:
            return await am.alerts(matchers)
        return await self.reads.alerts(am, self.am_identity, matchers, taker=self.tenant.id)

    async def read_silences(self, am: AlertmanagerClient) -> list[WireSilence]:
        """``am``'s silences in the tenant's scope, from the round's shared read."""
        if self.reads is None:
            return await am.silences(self.scope)
        return await self.reads.silences(am, self.am_identity, self.scope, taker=self.tenant.id)

    async def read_status(self, am: AlertmanagerClient) -> WireStatus:
        """``am``'s status (version, cluster), from the round's shared read."""
        if self.reads is None:
            return await am.status()
        return await self.reads.status(am, self.am_identity, taker=self.tenant.id)

    async def prometheus_ready(self) -> None:
        """Raises a BackendError unless the tenant's Prometheus answers ``/-/ready``: one
        check per Prometheus and identity per round, however many tenants use it."""
        prom = self.prometheus
        assert prom is not None
        if self.reads is None:
            await prom.ready()
            return
        await self.reads.shared("ready", prom.url, self.prom_identity, self.tenant.id, prom.ready)

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()


def _https(url: str) -> bool:
    return url.lower().startswith("https:")
