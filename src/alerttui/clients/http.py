"""The one place that turns a tenant's HTTP config (headers, bearer, basic auth, OAuth2,
TLS, timeout) into transport objects: an ``httpx.AsyncClient`` and a ``requests.Session``."""

from __future__ import annotations

import asyncio
import ssl
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from alerttui import __version__
from alerttui.clients.oauth2 import HttpxOAuth2, TokenSource, requests_auth
from alerttui.config import HTTPConfig, OAuth2Config

if TYPE_CHECKING:
    import requests

USER_AGENT = f"alerttui/{__version__}"


@dataclass(frozen=True)
class Transport:
    """Everything needed to talk to one backend, derived once from config."""

    headers: dict[str, str] = field(default_factory=dict, repr=False)
    basic_auth: tuple[str, str] | None = field(default=None, repr=False)
    timeout: float = 5.0
    verify: bool = True
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    oauth2: OAuth2Config | None = field(default=None, repr=False)

    @classmethod
    def from_config(cls, cfg: HTTPConfig) -> Transport:
        headers = {"User-Agent": USER_AGENT, **cfg.headers}
        headers.update({name: value.get_secret_value() for name, value in cfg.secret_headers.items()})
        if cfg.bearer_token is not None:
            headers["Authorization"] = f"Bearer {cfg.bearer_token.get_secret_value()}"
        basic = None
        if cfg.basic_auth is not None:
            basic = (cfg.basic_auth.username, cfg.basic_auth.password.get_secret_value())
        tls = cfg.tls

        def path(value: str | None) -> str | None:
            return str(Path(value).expanduser()) if value else None

        return cls(
            headers=headers,
            basic_auth=basic,
            timeout=cfg.timeout.total_seconds(),
            verify=not tls.insecure_skip_verify,
            ca_file=path(tls.ca_file),
            cert_file=path(tls.cert_file),
            key_file=path(tls.key_file),
            oauth2=cfg.oauth2,
        )

    def key(self) -> tuple[object, ...]:
        """What makes two transports the same backend identity: headers (X-Scope-OrgID,
        Authorization), basic auth, TLS and timeout. Tenants with equal keys share one client."""
        oauth2 = None
        if self.oauth2 is not None:
            o = self.oauth2
            oauth2 = (o.token_url, o.client_id, o.client_secret.get_secret_value(), tuple(o.scopes),
                      tuple(sorted(o.endpoint_params.items())))
        return (tuple(sorted(self.headers.items())), self.basic_auth, self.timeout, self.verify,
                self.ca_file, self.cert_file, self.key_file, oauth2)

    def token_source(self) -> TokenSource | None:
        """A new token cache for this transport's OAuth2 client, if it has one (the pool keeps
        one per identity, shared by its httpx client and its requests session)."""
        if self.oauth2 is None:
            return None
        return TokenSource(self.oauth2, self.timeout, USER_AGENT)

    def tls_key(self) -> tuple[object, ...]:
        """What makes two transports' TLS the same: they can share one SSL context."""
        return (self.verify, self.ca_file, self.cert_file, self.key_file)

    def ssl_context(self) -> ssl.SSLContext | bool:
        if not self.verify:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        else:
            ctx = ssl.create_default_context(cafile=self.ca_file)
        if self.cert_file:
            ctx.load_cert_chain(self.cert_file, self.key_file)
        return ctx

    def async_client(self, ssl_context: ssl.SSLContext | None = None,
                     tokens: TokenSource | None = None) -> httpx.AsyncClient:
        """An HTTP client for this transport, on ``ssl_context`` if given (one context per
        distinct TLS config: building one reads the CA bundle, ~30 ms)."""
        auth: httpx.Auth | None = None
        if self.basic_auth:
            auth = httpx.BasicAuth(*self.basic_auth)
        elif self.oauth2 is not None:
            source = tokens or self.token_source()
            assert source is not None
            auth = HttpxOAuth2(source)
        return httpx.AsyncClient(
            headers=self.headers,
            auth=auth,
            verify=ssl_context or self.ssl_context(),
            timeout=httpx.Timeout(self.timeout),
            limits=httpx.Limits(max_connections=16, max_keepalive_connections=8),
            follow_redirects=False,
            trust_env=False,
        )

    def requests_session(self, tokens: TokenSource | None = None) -> requests.Session:
        import requests  # only for Prometheus (prometheus-api-client): not for Alertmanager or the one-shot

        session = requests.Session()
        session.trust_env = False
        session.headers.update(self.headers)
        if self.basic_auth:
            session.auth = self.basic_auth
        elif self.oauth2 is not None:
            source = tokens or self.token_source()
            assert source is not None
            session.auth = requests_auth(source)
        if not self.verify:
            session.verify = False
        elif self.ca_file:
            session.verify = self.ca_file
        if self.cert_file:
            session.cert = (self.cert_file, self.key_file) if self.key_file else self.cert_file
        return session


# httpx's and requests' timeouts bound each phase (connect, each read), not a request: a
# server that trickles its body a byte a second (a sick proxy, a slow-loris) held a poll for as
# long as it liked. A whole request, headers and body, may take at most this many timeouts.
DEADLINE_TIMEOUTS = 2


def deadline(timeout: float | None) -> float:
    """The most one request may take, all of it, for a transport ``timeout`` (seconds)."""
    return DEADLINE_TIMEOUTS * (timeout if timeout else 5.0)


# Many tenants often share one Alertmanager, Prometheus (or one Mimir gateway). Alertmanager serves at
# most 8 GETs at once by default (--web.get-concurrency) and answers 503 to the rest; with 20
# tenants polling together most of them failed. So reads to one origin (scheme, host, port)
# are queued process-wide, a few at a time; the wait does not count against the timeout.
# Writes (an operator's silence) never wait behind polls.
READS_PER_ORIGIN = 4
_read_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Semaphore]] = (
    weakref.WeakKeyDictionary())


def read_slot(url: str) -> asyncio.Semaphore:
    """The read slots of ``url``'s origin (scheme, host, port), shared by Alertmanager and
    Prometheus reads: a Mimir gateway serving both is one origin."""
    slots = _read_slots.setdefault(asyncio.get_running_loop(), {})
    key = origin(url)
    slot = slots.get(key)
    if slot is None:
        slot = slots[key] = asyncio.Semaphore(READS_PER_ORIGIN)
    return slot


def origin(url: str) -> str:
    """``url``'s scheme, host and port (no credentials, no path)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
