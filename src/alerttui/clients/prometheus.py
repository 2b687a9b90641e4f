"""Prometheus (and Mimir/Cortex/Thanos) client.

``query``/``query_range``/``targets`` go through prometheus-api-client's PrometheusConnect
with our own ``requests.Session`` (auth/TLS/headers) and a retry policy of one immediate
reconnect (the poller owns retries), run in a thread so the event loop never blocks.
``rules``, ``alerts`` and ``ready``, which PrometheusConnect lacks, use httpx.
"""

from __future__ import annotations

import ast
import asyncio
import contextvars
import functools
import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

import httpx
import requests
from prometheus_api_client import PrometheusApiClientException, PrometheusConnect
from urllib3.util.retry import Retry

from alerttui.clients.alertmanager import request
from alerttui.clients.errors import (
    BackendError,
    BadResponse,
    HTTPStatusError,
    Timeout,
    Unreachable,
    credentials,
    scrub,
)
from alerttui.clients.http import deadline, read_slot
from alerttui.i18n import _

T = TypeVar("T")
_STATUS_RE = re.compile(r"HTTP Status Code (\d+) \((.*)\)", re.S)


def _no_retry() -> Retry:
    # One immediate retry on a connection error (a dropped keep-alive), nothing else.
    # ``read=False`` re-raises a read timeout as itself (requests.ReadTimeout); ``read=0``
    # would wrap it in MaxRetryError, which requests reports as a ConnectionError.
    return Retry(total=1, connect=1, read=False, status=0, other=0, redirect=0,
                 backoff_factor=0, raise_on_status=False)


class PrometheusClient:
    def __init__(self, url: str, http: httpx.AsyncClient, session: requests.Session, timeout: float,
                 threads: ThreadPoolExecutor) -> None:
        self.url = url.rstrip("/")
        self._http = http
        self._timeout = timeout
        self._session = session
        self._pc = PrometheusConnect(url=self.url, session=session, retry=_no_retry(), timeout=timeout)
        self._threads = threads  # the pool's, for this origin

    async def _call(self, what: str, fn: Callable[[], T]) -> T:
        url = f"{self.url}/api/v1/{what}"
        try:
            async with read_slot(self.url):  # a few at a time per origin, as Alertmanager reads
                # requests cannot be stopped mid-body: past the deadline the poll goes on without
                # it, and its thread ends when the server does. The origin's own few threads: a
                # trickling server can hold them, never the loop's executor that others need.
                call = functools.partial(contextvars.copy_context().run, fn)
                async with asyncio.timeout(deadline(self._timeout)):
                    return await asyncio.get_running_loop().run_in_executor(self._threads, call)
        except (requests.Timeout, TimeoutError):
            raise Timeout(url, _("timed out")) from None
        except requests.exceptions.InvalidHeader:
            # Its message quotes the header value, which may be the credential itself.
            raise Unreachable(url, _("cannot send the request (check the headers and credentials)")) from None
        except requests.ConnectionError as exc:
            raise Unreachable(url, _("unreachable ({reason})").format(
                reason=type(exc.__context__ or exc).__name__)) from None
        except PrometheusApiClientException as exc:
            m = _STATUS_RE.match(str(exc))
            if m:
                raise HTTPStatusError(url, int(m.group(1)), _decode_repr(m.group(2)),
                                      self._secrets()) from None
            raise BadResponse(url, scrub(str(exc)[:200], self._secrets())) from None
        except (ValueError, KeyError, TypeError) as exc:  # invalid JSON or an unexpected shape
            raise BadResponse(url, _("unexpected response ({reason})").format(
                reason=type(exc).__name__)) from None
        except requests.RequestException as exc:
            raise Unreachable(url, type(exc).__name__) from None

    async def query(self, promql: str, at: datetime | None = None) -> list[dict[str, Any]]:
        params = {"time": f"{at.timestamp():.3f}"} if at else None
        result = await self._call("query", lambda: self._pc.custom_query(promql, params=params))
        if _is_sample(result):
            # A scalar or string result is one bare ``[time, value]`` sample (PrometheusConnect
            # drops ``resultType``); give it the shape of a one-series instant vector.
            result = [{"metric": {}, "value": result}]
        return _as_list(result, f"{self.url}/api/v1/query")

    async def query_range(self, promql: str, start: datetime, end: datetime, step: str) -> list[dict[str, Any]]:
        result = await self._call(
            "query_range", lambda: self._pc.custom_query_range(promql, start, end, step))
        return _as_list(result, f"{self.url}/api/v1/query_range")

    async def targets(self, state: str | None = None) -> dict[str, Any]:
        result = await self._call("targets", lambda: self._pc.get_targets(state=state))
        if not isinstance(result, dict):
            raise BadResponse(f"{self.url}/api/v1/targets", _("unexpected response"))
        return result

    async def _api(self, path: str) -> Any:
        url = f"{self.url}/api/v1/{path}"
        response = await request(self._http, "GET", url)
        try:
            body = response.json()
            if body.get("status") != "success":
                error = str(body.get("error", "status is not success"))
                raise BadResponse(url, scrub(error, credentials(response.request.headers))[:200])
            return body["data"]
        except (ValueError, KeyError, AttributeError, TypeError):
            raise BadResponse(url, _("unexpected response (not Prometheus API JSON)")) from None

    async def _api_list(self, path: str, key: str) -> list[dict[str, Any]]:
        data = await self._api(path)
        items = data.get(key, []) if isinstance(data, dict) else None
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise BadResponse(f"{self.url}/api/v1/{path}", _("unexpected response (result is not a list)"))
        return items

    async def rules(self) -> list[dict[str, Any]]:
        return await self._api_list("rules", "groups")

    async def alerts(self) -> list[dict[str, Any]]:
        return await self._api_list("alerts", "alerts")

    async def ready(self) -> None:
        """Raises a BackendError unless ``/-/ready`` answers 2xx (Mimir: ``/ready`` on the root)."""
        url = f"{self.url}/-/ready"
        response = await request(self._http, "GET", url)
        # A sign-in proxy in front answers 200 with its login page, or a redirect to it:
        # neither is a ready Prometheus (both used to count as one).
        if 300 <= response.status_code < 400:
            raise HTTPStatusError(url, response.status_code, _("a redirect (to a sign-in page?)"))
        # By its body: VictoriaMetrics labels its gzipped "VictoriaMetrics is Ready." text/html.
        head = response.content[:4096].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<form" in head:
            raise BadResponse(url, _("a web page, not Prometheus (a sign-in page?)"))

    def _secrets(self) -> tuple[str, ...]:
        auth = self._session.auth if isinstance(self._session.auth, tuple) else None
        return credentials(self._session.headers, auth)

    def close(self) -> None:
        self._pc.close()


def _is_sample(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int | float)
            and isinstance(value[1], str))


def _as_list(value: Any, url: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise BadResponse(url, _("unexpected response (result is not a list)"))
    return value


def _decode_repr(text: str) -> str:
    # PrometheusConnect puts ``repr(bytes)`` in its message: undo the repr (its escaping,
    # e.g. ``\\"``, breaks JSON), then show Prometheus' ``error`` text rather than the envelope.
    if text.startswith(("b'", 'b"')):
        try:
            raw = ast.literal_eval(text)
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else text[2:-1]
        except (ValueError, SyntaxError):
            text = text[2:-1]
    try:
        return str(json.loads(text).get("error", text))
    except (ValueError, AttributeError):
        return text


__all__ = ["BackendError", "PrometheusClient"]
