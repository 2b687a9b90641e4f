"""OAuth2 client credentials end to end: a local identity provider, Debian's nginx as the
gateway asking it about every request's token (``auth_request``), the real Alertmanager and
Prometheus behind. One token serves both transports (httpx, and prometheus-api-client's
requests); it is renewed before it expires and fetched again when the backend answers 401;
the secret and the tokens appear in no message and no log line."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alerttui.clients import BackendError
from alerttui.clients.tenant import ClientPool, TenantClients
from alerttui.config import ConfigError, parse_settings
from alerttui.demo.stack import LocalStack
from alerttui.polling import fetch_alerts
from conftest import make_alert, post_alerts

from .gateway import gateway
from .idp import IdP, identity_provider

pytestmark = pytest.mark.stack

SECRET = "cs-5e1d9b7f-SECRET"


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDP_SECRET", SECRET)


@pytest.fixture
def idp() -> Iterator[IdP]:
    with identity_provider("alerttui", SECRET) as p:
        yield p


@pytest.fixture
def gw(stack: LocalStack, idp: IdP) -> Iterator[str]:
    with gateway({"acme": stack.prometheus_url}, {"acme": stack.alertmanager_urls[0]},
                 auth_url=f"{idp.url}/introspect") as url:
        yield url


def config(gw: str, idp: IdP, test_id: str, secret_env: str = "IDP_SECRET") -> dict:  # type: ignore[type-arg]
    return {"tenants": [{
        "id": "acme",
        "http": {"headers": {"X-Scope-OrgID": "acme"}, "timeout": "3s",
                 "oauth2": {"token_url": f"{idp.url}/token", "client_id": "alerttui",
                            "client_secret_env": secret_env, "scopes": ["metrics.read", "alerts.write"]}},
        "alertmanager": {"urls": [f"{gw}/alertmanager"], "matchers": [f'test_id="{test_id}"']},
        "prometheus": {"url": f"{gw}/prometheus"},
    }]}


@pytest.fixture
async def clients(gw: str, idp: IdP, test_id: str, tmp_path: Path) -> AsyncIterator[TenantClients]:
    s = parse_settings(config(gw, idp, test_id), tmp_path / "c.toml")
    c = TenantClients.from_config(s.tenants[0], ClientPool())
    try:
        yield c
    finally:
        await c.aclose()
        await c._pool.aclose() if c._pool else None


async def _both(c: TenantClients) -> None:
    """One Alertmanager read (httpx) and one Prometheus query (requests)."""
    am = c.alertmanagers[0]
    assert c.prometheus is not None
    await am.alerts([])
    [one] = await c.prometheus.query("vector(7)")
    assert float(one["value"][1]) == 7.0


async def test_one_token_for_every_request_of_both_transports(stack: LocalStack, test_id: str, idp: IdP,
                                                              clients: TenantClients) -> None:
    post_alerts(stack.alertmanager_urls[0], [make_alert("BehindOAuth", test_id)])
    result = await fetch_alerts(clients, datetime.now(UTC))
    assert not result.errors, result.errors
    assert {a.alertname for a in result.alerts.values()} == {"BehindOAuth"}
    for _ in range(3):
        await _both(clients)
    assert clients.prometheus is not None
    await clients.prometheus.ready()
    assert len(idp.issued) == 1, "the token is cached and shared by httpx and requests"
    assert idp.scopes == ["metrics.read alerts.write"]
    assert idp.rejected == []


async def test_concurrent_first_requests_fetch_one_token(idp: IdP, clients: TenantClients) -> None:
    await asyncio.gather(*(_both(clients) for _ in range(6)))
    assert len(idp.issued) == 1


async def test_the_token_is_renewed_before_it_expires(idp: IdP, clients: TenantClients) -> None:
    idp.expires_in = 2  # renewed a tenth of its life early: after 1.8 s
    await _both(clients)
    time.sleep(1.85)
    await _both(clients)
    assert len(idp.issued) == 2
    assert idp.rejected == [], "no request went out with an expired token"


async def test_a_401_fetches_a_new_token_and_retries_once(idp: IdP, clients: TenantClients) -> None:
    await _both(clients)
    idp.revoke_all()  # a key rotation: the cached token is refused from now on
    await clients.alertmanagers[0].alerts([])  # httpx: 401, new token, retried
    assert len(idp.issued) == 2
    idp.revoke_all()
    assert clients.prometheus is not None
    await clients.prometheus.query("vector(1)")  # requests: the same
    assert len(idp.issued) == 3
    assert idp.rejected == ["unknown", "unknown"]


async def test_a_refused_client_is_a_clear_error_without_the_secret(gw: str, test_id: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("WRONG_SECRET", "wrong-8c2e-SECRET")
    with identity_provider("alerttui", SECRET) as other:
        s = parse_settings(config(gw, other, test_id, "WRONG_SECRET"), tmp_path / "c.toml")
        c = TenantClients.from_config(s.tenants[0])
        try:
            result = await fetch_alerts(c, datetime.now(UTC))
            assert c.prometheus is not None
            with pytest.raises(BackendError) as prom_err:
                await c.prometheus.query("vector(1)")
            other.up = False
            c2 = TenantClients.from_config(parse_settings(config(gw, other, test_id), tmp_path / "d.toml").tenants[0])
            down = await fetch_alerts(c2, datetime.now(UTC))
            await c2.aclose()
        finally:
            await c.aclose()
    err = result.errors[0]
    assert {str(e) for e in result.errors} == {str(err)}, result.errors
    assert str(err) == f"{other.url}/token: OAuth2 token: HTTP 401 (invalid_client)"
    assert str(prom_err.value) == str(err)
    assert {str(e) for e in down.errors} == {f"{other.url}/token: OAuth2 token: HTTP 503 (temporarily_unavailable)"}
    everything = " ".join([str(err), repr(err), str(prom_err.value), caplog.text, repr(s)])
    for secret in ("wrong-8c2e-SECRET", SECRET, *other.issued):
        assert secret not in everything


def test_config_names_the_field_and_refuses_a_secret_in_clear(tmp_path: Path) -> None:
    def problems(oauth2: dict, **http: object) -> str:  # type: ignore[type-arg]
        with pytest.raises(ConfigError) as info:
            parse_settings({"tenants": [{"id": "a", "http": {"oauth2": oauth2, **http},
                                         "prometheus": {"url": "http://127.0.0.1:9090"}}]}, tmp_path / "c.toml")
        return str(info.value)

    ok = {"token_url": "https://idp.example/token", "client_id": "a", "client_secret_env": "IDP_SECRET"}
    assert "client_secret_env or client_secret_file" in problems({**ok, "client_secret_env": None})
    assert "tenants[0].http.oauth2" in problems({**ok, "client_secret_env": None})
    assert "token_url: expected https://" in problems({**ok, "token_url": "http://idp.example/token"})
    assert "IDP_NOPE" in problems({**ok, "client_secret_env": "IDP_NOPE"})
    assert "set no bearer token" in problems(ok, bearer_token_env="IDP_SECRET")
    assert "grant_type" in problems({**ok, "endpoint_params": {"grant_type": "password"}})
    assert SECRET not in problems(ok, bearer_token_env="IDP_SECRET")
    s = parse_settings({"tenants": [{"id": "a", "http": {"oauth2": {**ok, "endpoint_params": {"audience": "m"}}},
                                     "prometheus": {"url": "http://127.0.0.1:9090"}}]}, tmp_path / "c.toml")
    assert SECRET not in repr(s) and SECRET not in s.model_dump_json()
