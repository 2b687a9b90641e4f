"""Alertmanager v2 API client (async, httpx). One instance per replica URL; the
``httpx.AsyncClient`` (auth, TLS, headers) is injected and may be shared by replicas."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from alerttui.clients.errors import (
    BackendError,
    BadResponse,
    HTTPStatusError,
    Timeout,
    Unreachable,
    credentials,
    retry_after,
)
from alerttui.clients.http import deadline, read_slot
from alerttui.clients.wire import (
    ALERTS,
    GROUPS,
    SILENCES,
    PostSilenceResponse,
    WireAlert,
    WireAlertGroup,
    WireSilence,
    WireStatus,
)
from alerttui.domain.matchers import Matcher
from alerttui.i18n import _

T = TypeVar("T")


async def request(client: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One HTTP call with every transport failure mapped onto our exception tree."""
    if method == "GET":
        async with read_slot(url):
            return await _request(client, method, url, **kwargs)
    return await _request(client, method, url, **kwargs)


async def _request(client: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    try:
        async with asyncio.timeout(deadline(client.timeout.read)):  # headers and body, all of it
            response = await client.request(method, url, **kwargs)
    except (httpx.TimeoutException, TimeoutError):
        raise Timeout(url, _("timed out")) from None
    except httpx.LocalProtocolError:
        # Raised before sending, e.g. for a token with a line break; its message quotes the
        # offending header value, which may be the credential itself.
        raise Unreachable(url, _("cannot send the request (check the headers and credentials)")) from None
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        raise Unreachable(url, _("unreachable ({reason})").format(reason=_short(exc))) from None
    except httpx.HTTPError as exc:
        raise Unreachable(url, _short(exc)) from None
    if response.status_code >= 400:
        raise HTTPStatusError(url, response.status_code, response.text[:1000],
                              credentials(response.request.headers),
                              retry_after(response.headers.get("Retry-After")))
    return response


def _short(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:160]


def parse(adapter: TypeAdapter[T], response: httpx.Response, url: str) -> T:
    try:
        return adapter.validate_json(response.content)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise BadResponse(url, _("unexpected response ({where}: {msg})").format(
            where=where, msg=first["msg"])) from None


def _filters(matchers: Iterable[Matcher]) -> list[tuple[str, str]]:
    return [("filter", str(m)) for m in matchers]


_STATUS = TypeAdapter(WireStatus)
_POSTED = TypeAdapter(PostSilenceResponse)
_SILENCE = TypeAdapter(WireSilence)


class AlertmanagerClient:
    def __init__(self, url: str, http: httpx.AsyncClient) -> None:
        self.url = url.rstrip("/")
        self._http = http

    def _u(self, path: str) -> str:
        return f"{self.url}/api/v2/{path}"

    async def alerts(
        self,
        matchers: Sequence[Matcher] = (),
        *,
        active: bool = True,
        silenced: bool = True,
        inhibited: bool = True,
        unprocessed: bool = True,
        receiver: str | None = None,
    ) -> list[WireAlert]:
        params: list[tuple[str, str]] = [
            ("active", _b(active)), ("silenced", _b(silenced)),
            ("inhibited", _b(inhibited)), ("unprocessed", _b(unprocessed)),
            *_filters(matchers),
        ]
        if receiver:
            params.append(("receiver", receiver))
        url = self._u("alerts")
        return parse(ALERTS, await request(self._http, "GET", url, params=params), url)

    async def alert_groups(self, matchers: Sequence[Matcher] = (), *, active: bool = True,
                           silenced: bool = True, inhibited: bool = True) -> list[WireAlertGroup]:
        params = [("active", _b(active)), ("silenced", _b(silenced)), ("inhibited", _b(inhibited)),
                  *_filters(matchers)]
        url = self._u("alerts/groups")
        return parse(GROUPS, await request(self._http, "GET", url, params=params), url)

    async def post_alerts(self, alerts: list[dict[str, Any]]) -> None:
        """Push alerts (what Prometheus does). Used by the demo and tests."""
        await request(self._http, "POST", self._u("alerts"), json=alerts)

    async def silences(self, matchers: Sequence[Matcher] = ()) -> list[WireSilence]:
        url = self._u("silences")
        return parse(SILENCES, await request(self._http, "GET", url, params=_filters(matchers)), url)

    async def silence(self, silence_id: str) -> WireSilence:
        url = self._u(f"silence/{silence_id}")
        return parse(_SILENCE, await request(self._http, "GET", url), url)

    async def create_silence(
        self,
        matchers: Sequence[Matcher],
        starts_at: datetime,
        ends_at: datetime,
        created_by: str,
        comment: str,
        silence_id: str | None = None,
    ) -> str:
        """Create (or, with ``silence_id``, update) a silence. Returns the id Alertmanager
        assigned, which may differ from ``silence_id``: always keep the returned one."""
        body: dict[str, Any] = {
            "matchers": [m.to_api() for m in matchers],
            "startsAt": _iso(starts_at),
            "endsAt": _iso(ends_at),
            "createdBy": created_by,
            "comment": comment,
        }
        if silence_id:
            body["id"] = silence_id
        url = self._u("silences")
        return parse(_POSTED, await request(self._http, "POST", url, json=body), url).silenceID

    async def expire_silence(self, silence_id: str) -> None:
        await request(self._http, "DELETE", self._u(f"silence/{silence_id}"))

    async def status(self) -> WireStatus:
        url = self._u("status")
        return parse(_STATUS, await request(self._http, "GET", url), url)

    async def ready(self) -> bool:
        try:
            await request(self._http, "GET", f"{self.url}/-/ready")
        except BackendError:
            return False
        return True


def _b(value: bool) -> str:
    return "true" if value else "false"


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.isoformat()
