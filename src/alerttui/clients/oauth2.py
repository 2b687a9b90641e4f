"""OAuth2 client credentials (RFC 6749 §4.4) for a backend behind an identity provider.

One ``TokenSource`` per backend identity fetches the access token, caches it, and fetches a
new one before it expires and when the backend answers 401 (revoked or rotated early). It
serves both transports: ``HttpxOAuth2`` for the ``httpx`` clients (Alertmanager, Prometheus
rules and health) and ``RequestsOAuth2`` for prometheus-api-client's ``requests.Session``.
Concurrent callers wait for one fetch rather than each asking the identity provider.

Neither the client secret nor a token is ever put in a message, a log line or an exception:
errors name the token URL, the HTTP status and the provider's ``error`` code only.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from typing import TYPE_CHECKING, Any

import httpx

from alerttui.clients.errors import BackendError
from alerttui.i18n import _

if TYPE_CHECKING:
    import requests

    from alerttui.config import OAuth2Config

DEFAULT_LIFETIME = 300.0  # seconds, when the provider gives no expires_in
EARLY = 60.0  # fetch a new token this long before expiry, or a tenth of its lifetime if shorter


class TokenError(BackendError):
    """The identity provider did not give a token."""

    kind = "auth"


class TokenSource:
    def __init__(self, cfg: OAuth2Config, timeout: float, user_agent: str,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.cfg = cfg
        self.timeout = timeout
        self.user_agent = user_agent
        self.clock = clock
        self.fetches = 0  # tokens asked for, for tests and the soak
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0

    def __repr__(self) -> str:  # never the token or the secret
        return f"TokenSource({self.cfg.token_url!r}, client_id={self.cfg.client_id!r})"

    def cached(self) -> str | None:
        """The token if it is not due for renewal, without waiting."""
        token = self._token
        return token if token is not None and self.clock() < self._renew_at else None

    def token(self, rejected: str | None = None) -> str:
        """A valid token: the cached one, unless it is due or is ``rejected`` (a 401)."""
        with self._lock:
            token = self.cached()
            if token is not None and token != rejected:
                return token
            return self._fetch()

    def _fetch(self) -> str:
        cfg = self.cfg
        url = cfg.token_url
        data = {"grant_type": "client_credentials", **cfg.endpoint_params}
        if cfg.scopes:
            data["scope"] = " ".join(cfg.scopes)
        secret = cfg.client_secret.get_secret_value()
        try:
            with httpx.Client(timeout=self.timeout, trust_env=False, follow_redirects=False) as client:
                response = client.post(url, data=data, auth=(cfg.client_id, secret),
                                       headers={"Accept": "application/json", "User-Agent": self.user_agent})
        except httpx.TimeoutException:
            raise TokenError(url, _("OAuth2 token: timed out")) from None
        except httpx.HTTPError as exc:
            raise TokenError(url, _("OAuth2 token: unreachable ({reason})").format(
                reason=type(exc).__name__)) from None
        body: Any
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code != 200:
            code = body.get("error") if isinstance(body, dict) else None
            reason = _("OAuth2 token: HTTP {status}").format(status=response.status_code)
            if isinstance(code, str) and code.isascii() and len(code) <= 64:
                reason += f" ({''.join(ch for ch in code if ch.isalnum() or ch in '_-.')})"
            raise TokenError(url, reason)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token or not token.isprintable():
            raise TokenError(url, _("OAuth2 token: no access_token in the answer"))
        lifetime = body.get("expires_in", DEFAULT_LIFETIME)
        try:
            lifetime = max(1.0, float(lifetime))
        except (TypeError, ValueError):
            lifetime = DEFAULT_LIFETIME
        self._token = token
        self._renew_at = self.clock() + lifetime - min(EARLY, lifetime / 10)
        self.fetches += 1
        return token


def _bearer(token: str) -> str:
    return f"Bearer {token}"


class HttpxOAuth2(httpx.Auth):
    """The token on every request; on a 401, one new token and one retry."""

    def __init__(self, source: TokenSource) -> None:
        self.source = source

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.source.token()
        request.headers["Authorization"] = _bearer(token)
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = _bearer(self.source.token(rejected=token))
            yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        # The fetch is blocking (it is shared with the requests side, in threads): off the loop.
        token = self.source.cached()
        if token is None:
            token = await asyncio.to_thread(self.source.token)
        request.headers["Authorization"] = _bearer(token)
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = _bearer(await asyncio.to_thread(self.source.token, token))
            yield request


def requests_auth(source: TokenSource) -> Any:
    """A ``requests`` auth (built here: requests is imported only where Prometheus is asked)."""
    import requests.auth

    class RequestsOAuth2(requests.auth.AuthBase):
        def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
            token = source.token()
            r.headers["Authorization"] = _bearer(token)
            r.register_hook("response", lambda resp, **kw: _retry_401(resp, token, **kw))
            return r

    def _retry_401(response: requests.Response, token: str, **kwargs: Any) -> requests.Response:
        if response.status_code != 401:
            return response
        response.content  # noqa: B018 - read and release the connection, as requests' digest auth does
        response.close()
        again = response.request.copy()
        again.hooks = {"response": []}  # one retry, not a loop
        again.headers["Authorization"] = _bearer(source.token(rejected=token))
        retried = response.connection.send(again, **kwargs)
        retried.history.append(response)
        retried.request = again
        return retried

    return RequestsOAuth2()
