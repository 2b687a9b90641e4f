"""Fault injection with a local HTTP server: status errors, invalid JSON, wrong shapes,
timeouts and closed ports map onto clients/errors.py; messages carry the URL and never a
credential; the tenant's headers and credentials are really sent; path prefixes are kept."""

from __future__ import annotations

import base64
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from alerttui.clients import (
    AlertmanagerClient,
    BackendError,
    BadResponse,
    HTTPStatusError,
    Timeout,
    Unreachable,
)
from alerttui.clients.tenant import TenantClients
from alerttui.domain import Matcher

from .faultserver import FaultServer, Reply, Seen, fault_server
from .helpers import closed_url, tenant

TOKEN = "tok-3f9c1e7a-SECRET"
USER, PASSWORD = "ops", "pw-8b2d44-SECRET"
TIMEOUT = 0.3
SLOW = 3.0


def config(base: str, auth: str, timeout: str = "300ms") -> str:
    creds = {
        "bearer": 'bearer_token_env = "ALERTTUI_TEST_TOKEN"',
        "basic": 'basic_auth = { username = "ops", password_env = "ALERTTUI_TEST_PASSWORD" }',
        "none": "",
    }[auth]
    return f"""
[[tenants]]
id = "acme"
[tenants.http]
headers = {{ "X-Scope-OrgID" = "acme-org" }}
{creds}
timeout = "{timeout}"
[tenants.alertmanager]
urls = ["{base}/alertmanager"]
matchers = ['tenant="acme"']
[tenants.prometheus]
url = "{base}/prometheus"
"""


@pytest.fixture(autouse=True)
def _secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALERTTUI_TEST_TOKEN", TOKEN)
    monkeypatch.setenv("ALERTTUI_TEST_PASSWORD", PASSWORD)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with fault_server() as s:
        yield s


@pytest.fixture
def auth() -> str:
    """Bearer by default; tests about credentials parametrize ``auth`` over both kinds."""
    return "bearer"


BOTH = pytest.mark.parametrize("auth", ["bearer", "basic"])


@pytest.fixture
async def clients(server: FaultServer, auth: str) -> AsyncIterator[TenantClients]:
    c = TenantClients.from_config(tenant(config(server.url, auth)))
    try:
        yield c
    finally:
        await c.aclose()


SECRET_PARTS = (TOKEN, PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(), "SECRET")


def assert_no_secret(exc: BaseException) -> None:
    for text in (str(exc), repr(exc), getattr(exc, "reason", ""), getattr(exc, "url", ""),
                 getattr(exc, "body_excerpt", "")):
        for secret in SECRET_PARTS:
            assert secret not in text, (secret, text)


Call = Callable[[TenantClients], Awaitable[Any]]


def _am(c: TenantClients) -> AlertmanagerClient:
    return c.alertmanagers[0]


def _prom(c: TenantClients):
    assert c.prometheus is not None
    return c.prometheus


NOW = datetime(2026, 1, 1, tzinfo=UTC)

# name, call, endpoint path (after the base URL), a body of the wrong JSON shape for it
CALLS: list[tuple[str, Call, str, Any]] = [
    ("am.alerts", lambda c: _am(c).alerts(), "/alertmanager/api/v2/alerts", {"alerts": []}),
    ("am.alert_groups", lambda c: _am(c).alert_groups(), "/alertmanager/api/v2/alerts/groups",
     [{"alerts": [{"labels": {}}]}]),
    ("am.silences", lambda c: _am(c).silences(), "/alertmanager/api/v2/silences", [{"id": "x"}]),
    ("am.silence", lambda c: _am(c).silence("abc"), "/alertmanager/api/v2/silence/abc", []),
    ("am.create_silence", lambda c: _am(c).create_silence(
        [Matcher.equal("a", "b")], NOW, NOW + timedelta(hours=1), "me", "c"),
     "/alertmanager/api/v2/silences", {"id": "no silenceID"}),
    ("am.status", lambda c: _am(c).status(), "/alertmanager/api/v2/status", ["not", "an", "object"]),
    ("prom.query", lambda c: _prom(c).query("up"), "/prometheus/api/v1/query",
     {"status": "success", "data": "nope"}),
    ("prom.query_range", lambda c: _prom(c).query_range("up", NOW - timedelta(hours=1), NOW, "60s"),
     "/prometheus/api/v1/query_range", {"status": "success", "data": {"result": {"a": 1}}}),
    ("prom.targets", lambda c: _prom(c).targets(), "/prometheus/api/v1/targets",
     {"status": "success", "data": []}),
    ("prom.rules", lambda c: _prom(c).rules(), "/prometheus/api/v1/rules",
     {"status": "success", "data": "nope"}),
    ("prom.alerts", lambda c: _prom(c).alerts(), "/prometheus/api/v1/alerts",
     {"status": "success", "data": {"alerts": "nope"}}),
]
IDS = [name for name, *_rest in CALLS]


async def fail_with(clients: TenantClients, call: Call, cls: type[BackendError]) -> BackendError:
    with pytest.raises(BackendError) as err:
        await call(clients)
    assert isinstance(err.value, cls), repr(err.value)
    assert_no_secret(err.value)
    return err.value


@pytest.mark.parametrize(("name", "call", "path", "wrong"), CALLS, ids=IDS)
async def test_http_500_is_http_status_error(server, clients, name, call, path, wrong) -> None:
    server.reply = Reply(500, "backend exploded: shard 7 is down", content_type="text/plain")
    exc = await fail_with(clients, call, HTTPStatusError)
    assert isinstance(exc, HTTPStatusError)
    assert exc.status == 500
    assert exc.body_excerpt == "backend exploded: shard 7 is down"
    assert exc.url == server.url + path
    assert str(exc) == f"{server.url}{path}: HTTP 500: backend exploded: shard 7 is down"
    # The poller owns retries: a 500 is not retried behind its back.
    assert [s.route for s in server.requests] == [path]


async def test_a_sign_in_page_or_a_redirect_is_not_a_ready_prometheus(server, clients) -> None:
    server.reply = Reply(200, "<html><form>Sign in</form></html>", content_type="text/html; charset=utf-8")
    exc = await fail_with(clients, lambda c: _prom(c).ready(), BadResponse)
    assert "sign-in" in exc.reason
    server.reply = Reply(302, "", content_type="text/plain", headers=(("Location", "/oauth2/sign_in"),))
    exc = await fail_with(clients, lambda c: _prom(c).ready(), HTTPStatusError)
    assert isinstance(exc, HTTPStatusError) and exc.status == 302
    server.reply = Reply(200, "Prometheus Server is Ready.\n", content_type="text/plain; charset=utf-8")
    await _prom(clients).ready()


async def test_a_503_carries_the_servers_retry_after(server, clients) -> None:
    server.reply = Reply(503, "overloaded", content_type="text/plain", headers=(("Retry-After", "30"),))
    exc = await fail_with(clients, lambda c: _am(c).alerts(), HTTPStatusError)
    assert isinstance(exc, HTTPStatusError) and exc.retry_after == 30.0
    server.reply = Reply(503, "overloaded", content_type="text/plain")
    exc = await fail_with(clients, lambda c: _am(c).alerts(), HTTPStatusError)
    assert isinstance(exc, HTTPStatusError) and exc.retry_after is None


@pytest.mark.parametrize(("name", "call", "path", "wrong"), CALLS, ids=IDS)
async def test_invalid_json_is_bad_response(server, clients, name, call, path, wrong) -> None:
    server.reply = Reply(200, '{"status": "success", "data": [1, 2')
    exc = await fail_with(clients, call, BadResponse)
    assert exc.url == server.url + path
    assert str(exc).startswith(f"{server.url}{path}: ")


@pytest.mark.parametrize(("name", "call", "path", "wrong"), CALLS, ids=IDS)
async def test_wrong_json_shape_is_bad_response(server, clients, name, call, path, wrong) -> None:
    server.reply = Reply(200, wrong)
    exc = await fail_with(clients, call, BadResponse)
    assert exc.url == server.url + path
    assert "unexpected response" in exc.reason


@pytest.mark.parametrize(("name", "call", "path", "wrong"), CALLS, ids=IDS)
async def test_slow_backend_is_timeout(server, clients, name, call, path, wrong) -> None:
    server.reply = Reply(200, [], delay=SLOW)
    start = time.perf_counter()
    exc = await fail_with(clients, call, Timeout)
    took = time.perf_counter() - start
    assert TIMEOUT * 0.9 <= took < SLOW / 2, took
    assert exc.url == server.url + path
    assert str(exc) == f"{server.url}{path}: timed out"
    assert len(server.requests) == 1  # no retry on a read timeout


@pytest.mark.parametrize(("name", "call", "path", "wrong"), CALLS, ids=IDS)
async def test_a_body_that_trickles_is_a_timeout_within_the_deadline(server, clients, name, call, path,
                                                                      wrong) -> None:
    # A byte every 0.1 s never trips a read timeout of 0.3 s: only the whole request's deadline
    # (two timeouts) ends it. Without it this call took the body's 20 s.
    server.reply = Reply(200, b" " * 200 + b"[]", trickle=0.1)
    start = time.perf_counter()
    exc = await fail_with(clients, call, Timeout)
    took = time.perf_counter() - start
    assert 2 * TIMEOUT * 0.9 <= took < 2 * TIMEOUT + 0.5, took
    assert str(exc) == f"{server.url}{path}: timed out"


@BOTH
@pytest.mark.parametrize(("name", "call", "path", "wrong"), CALLS, ids=IDS)
async def test_closed_port_is_unreachable(auth, name, call, path, wrong) -> None:
    base = closed_url()
    c = TenantClients.from_config(tenant(config(base, auth)))
    try:
        exc = await fail_with(c, call, Unreachable)
    finally:
        await c.aclose()
    assert exc.url == base + path
    assert str(exc).startswith(f"{base}{path}: ")
    assert "unreachable" in exc.reason


@BOTH
async def test_ready_maps_status_and_transport_errors(server, clients) -> None:
    server.reply = Reply(503, "not ready yet", content_type="text/plain")
    assert await _am(clients).ready() is False
    with pytest.raises(HTTPStatusError) as err:
        await _prom(clients).ready()
    assert err.value.status == 503 and err.value.url == f"{server.url}/prometheus/-/ready"
    server.reply = Reply(200, "ok", content_type="text/plain")
    assert await _am(clients).ready() is True
    assert await _prom(clients).ready() is None
    assert [s.route for s in server.requests] == [
        "/alertmanager/-/ready", "/prometheus/-/ready", "/alertmanager/-/ready", "/prometheus/-/ready"]


def expected_authorization(auth: str) -> str:
    if auth == "bearer":
        return f"Bearer {TOKEN}"
    return "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


@BOTH
@pytest.mark.parametrize(("name", "call", "path", "wrong"), CALLS, ids=IDS)
async def test_requests_carry_tenant_headers_and_credentials(server, clients, auth, name, call, path,
                                                             wrong) -> None:
    server.reply = Reply(500, "x", content_type="text/plain")  # the answer does not matter here
    with pytest.raises(HTTPStatusError):
        await call(clients)
    [seen] = server.requests
    assert seen.route == path
    assert seen.headers["x-scope-orgid"] == "acme-org"
    assert seen.headers["authorization"] == expected_authorization(auth)
    assert seen.headers["user-agent"].startswith("alerttui/")


async def test_backend_override_of_credentials(server: FaultServer) -> None:
    text = config(server.url, "bearer") + """
[tenants.prometheus.http]
basic_auth = { username = "ops", password_env = "ALERTTUI_TEST_PASSWORD" }
headers = { "X-Scope-OrgID" = "prom-org" }
"""
    c = TenantClients.from_config(tenant(text))
    server.reply = Reply(500, "x", content_type="text/plain")
    try:
        for call in (lambda: _am(c).alerts(), lambda: _prom(c).query("up"), lambda: _prom(c).rules()):
            with pytest.raises(HTTPStatusError):
                await call()
    finally:
        await c.aclose()
    am, query, rules = server.requests
    assert am.headers["authorization"] == expected_authorization("bearer")
    assert am.headers["x-scope-orgid"] == "acme-org"
    for seen in (query, rules):
        assert seen.headers["authorization"] == expected_authorization("basic")
        assert seen.headers["x-scope-orgid"] == "prom-org"


def echo_credentials(seen: Seen) -> Reply:
    """A misbehaving proxy that puts the request's credentials into its error page."""
    auth = seen.headers.get("authorization", "")
    decoded = ""
    if auth.startswith("Basic "):
        decoded = base64.b64decode(auth.removeprefix("Basic ")).decode()
    return Reply(401, {"error": f"denied: Authorization: {auth} ({decoded})"})


@BOTH
@pytest.mark.parametrize(("name", "call", "path", "wrong"), CALLS, ids=IDS)
async def test_credentials_echoed_by_server_are_scrubbed(server, clients, name, call, path,
                                                         wrong) -> None:
    server.reply = echo_credentials
    exc = await fail_with(clients, call, HTTPStatusError)
    assert isinstance(exc, HTTPStatusError)
    assert exc.status == 401
    assert "denied: Authorization:" in exc.body_excerpt  # the rest of the text is kept


@pytest.mark.parametrize("call", [c for _n, c, *_r in CALLS], ids=IDS)
async def test_unsendable_token_is_not_leaked(server: FaultServer, monkeypatch: pytest.MonkeyPatch,
                                              call) -> None:
    # A token with a line break inside (a two-line token file, a pasted env var) cannot be
    # sent; the error must say so without quoting the header.
    monkeypatch.setenv("ALERTTUI_TEST_TOKEN", "tok-SECRET-first\nSECRET-second")
    c = TenantClients.from_config(tenant(config(server.url, "bearer")))
    try:
        exc = await fail_with(c, call, BackendError)
    finally:
        await c.aclose()
    assert "first" not in str(exc) and "second" not in str(exc)
    assert str(exc).startswith(server.url + "/")
    assert server.requests == []  # it never left


async def test_credentials_in_url_are_redacted(server: FaultServer) -> None:
    host = server.url.removeprefix("http://")
    server.reply = Reply(500, "nope", content_type="text/plain")
    async with httpx.AsyncClient(timeout=2) as http:
        am = AlertmanagerClient(f"http://{USER}:{PASSWORD}@{host}/alertmanager", http)
        with pytest.raises(HTTPStatusError) as err:
            await am.alerts()
    assert_no_secret(err.value)
    assert err.value.url == f"{server.url}/alertmanager/api/v2/alerts"
    # httpx sends URL credentials as basic auth.
    assert server.requests[0].headers["authorization"] == expected_authorization("basic")


# -- path prefixes (Mimir/Cortex: https://host/alertmanager, https://host/prometheus) ---------

SILENCE = {"id": "6b1f0e14-7a3b-4a8e-9c1d-2f0e6b1f0e14", "matchers": [{"name": "a", "value": "b"}],
           "startsAt": "2026-01-01T00:00:00Z", "endsAt": "2026-01-01T01:00:00Z", "createdBy": "me",
           "comment": "c", "status": {"state": "active"}}
ROUTES: dict[tuple[str, str], Any] = {
    ("GET", "/alertmanager/api/v2/alerts"): [],
    ("POST", "/alertmanager/api/v2/alerts"): b"",
    ("GET", "/alertmanager/api/v2/alerts/groups"): [],
    ("GET", "/alertmanager/api/v2/silences"): [SILENCE],
    ("POST", "/alertmanager/api/v2/silences"): {"silenceID": SILENCE["id"]},
    ("GET", f"/alertmanager/api/v2/silence/{SILENCE['id']}"): SILENCE,
    ("DELETE", f"/alertmanager/api/v2/silence/{SILENCE['id']}"): b"",
    ("GET", "/alertmanager/api/v2/status"): {"cluster": {"status": "ready", "peers": []},
                                              "versionInfo": {"version": "0.27.0"}},
    ("GET", "/alertmanager/-/ready"): b"OK",
    ("GET", "/prometheus/api/v1/query"): {"status": "success", "data": {
        "resultType": "vector", "result": [{"metric": {"job": "x"}, "value": [1, "1"]}]}},
    ("GET", "/prometheus/api/v1/query_range"): {"status": "success", "data": {
        "resultType": "matrix", "result": [{"metric": {}, "values": [[1, "1"], [2, "2"]]}]}},
    ("GET", "/prometheus/api/v1/targets"): {"status": "success", "data": {
        "activeTargets": [], "droppedTargets": []}},
    ("GET", "/prometheus/api/v1/rules"): {"status": "success", "data": {"groups": [{"name": "g"}]}},
    ("GET", "/prometheus/api/v1/alerts"): {"status": "success", "data": {"alerts": [{"state": "firing"}]}},
    ("GET", "/prometheus/-/ready"): b"OK",
}


def mimir(seen: Seen) -> Reply:
    body = ROUTES.get((seen.method, seen.route))
    if body is None:
        return Reply(404, f"no route {seen.method} {seen.route}", content_type="text/plain")
    return Reply(200, body)


async def test_path_prefixes_are_kept(server: FaultServer) -> None:
    server.reply = mimir
    c = TenantClients.from_config(tenant(config(server.url, "bearer")))
    am, prom = _am(c), _prom(c)
    try:
        assert await am.alerts([Matcher.equal("tenant", "acme")]) == []
        await am.post_alerts([{"labels": {"alertname": "x"}}])
        assert await am.alert_groups() == []
        [silence] = await am.silences()
        assert silence.id == SILENCE["id"]
        assert await am.create_silence([Matcher.equal("a", "b")], NOW, NOW + timedelta(hours=1), "me",
                                       "c") == SILENCE["id"]
        assert (await am.silence(SILENCE["id"])).comment == "c"
        await am.expire_silence(SILENCE["id"])
        assert (await am.status()).versionInfo.version == "0.27.0"
        assert await am.ready() is True
        assert (await prom.query("up"))[0]["metric"] == {"job": "x"}
        assert (await prom.query_range("up", NOW - timedelta(hours=1), NOW, "60s"))[0]["values"][1] == [2, "2"]
        assert await prom.targets() == {"activeTargets": [], "droppedTargets": []}
        assert await prom.rules() == [{"name": "g"}]
        assert await prom.alerts() == [{"state": "firing"}]
        assert await prom.ready() is None
    finally:
        await c.aclose()
    assert {(s.method, s.route) for s in server.requests} == set(ROUTES)
    alerts_get = next(s for s in server.requests if s.method == "GET" and s.route.endswith("/v2/alerts"))
    assert "filter=tenant%3D%22acme%22" in alerts_get.path
    query = next(s for s in server.requests if s.route.endswith("/v1/query"))
    assert "query=up" in query.path
