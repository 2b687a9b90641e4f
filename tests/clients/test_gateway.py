"""The clients and the poller through a Mimir-style gateway (Debian's nginx in front of the
real Prometheus and Alertmanagers): path prefixes, ``X-Scope-OrgID`` tenancy (401 without
it), each org routed to its own Alertmanager. Two tenants on the same gateway URL with
different org ids never share a read, and a tenant without its header is stale with the
reason while the other keeps working."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime, timedelta

import pytest

from alerttui.clients.tenant import TenantClients
from alerttui.config import parse_settings
from alerttui.demo.stack import LocalStack
from alerttui.engine import build_engine
from alerttui.polling import fetch_alerts
from conftest import make_alert, post_alerts

from .gateway import gateway

pytestmark = pytest.mark.stack


def tenants(gw: str, test_id: str) -> dict:  # type: ignore[type-arg]
    def one(tid: str, org: str | None) -> dict:  # type: ignore[type-arg]
        t = {"id": tid, "alertmanager": {"urls": [f"{gw}/alertmanager"], "matchers": [f'test_id="{test_id}"']},
             "prometheus": {"url": f"{gw}/prometheus"}}
        if org:
            t["http"] = {"headers": {"X-Scope-OrgID": org}}
        return t

    return {"ui": {"refresh": "1s"}, "tenants": [one("acme", "acme"), one("globex", "globex"),
                                                  one("nohdr", None)]}


async def test_clients_and_polling_through_a_mimir_style_gateway(stack: LocalStack, test_id: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("OnlyAcme", test_id)])
    post_alerts(am1, [make_alert("OnlyGlobex", test_id)])
    with gateway({"acme": stack.prometheus_url, "globex": stack.prometheus_url},
                 {"acme": am0, "globex": am1}) as gw:
        s = parse_settings(tenants(gw, test_id), tmp_path / "gw.toml")
        acme, globex, nohdr = (TenantClients.from_config(t) for t in s.tenants)
        try:
            now = datetime.now(UTC)
            ra, rg = await asyncio.gather(fetch_alerts(acme, now), fetch_alerts(globex, now))
            assert {a.alertname for a in ra.alerts.values()} == {"OnlyAcme"}
            assert {a.alertname for a in rg.alerts.values()} == {"OnlyGlobex"}
            assert acme.prometheus is not None
            one = await acme.prometheus.query("vector(42)")
            assert one and float(one[0]["value"][1]) == 42.0
            # A silence written through the gateway lands on acme's Alertmanager.
            sid = await acme.alertmanagers[0].create_silence(list(acme.scope), now, now + timedelta(minutes=5),
                                                             "tester", "through the gateway")
            assert sid
            rn = await fetch_alerts(nohdr, now)
            assert rn.errors and "401" in str(rn.errors[0])
        finally:
            for c in (acme, globex, nohdr):
                await c.aclose()
        # The whole engine: acme and globex poll fine, nohdr is stale with its reason.
        engine = build_engine(s, polling=True, slack=False, respond=False, state=tmp_path)
        got: dict[str, object] = {}
        engine.subscribe(lambda snap: got.__setitem__(snap.tenant, snap))
        runner = asyncio.create_task(engine.run())
        try:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and len(got) < 3:
                await asyncio.sleep(0.1)
        finally:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
            await engine.aclose()
    snaps = got
    assert {a.alertname for a in snaps["acme"].alerts.values()} == {"OnlyAcme"}  # type: ignore[attr-defined]
    assert {a.alertname for a in snaps["globex"].alerts.values()} == {"OnlyGlobex"}  # type: ignore[attr-defined]
    assert snaps["nohdr"].stale and "401" in (snaps["nohdr"].last_error or "")  # type: ignore[attr-defined]
    assert not snaps["acme"].stale and not snaps["globex"].stale  # type: ignore[attr-defined]


async def test_an_api_key_from_the_environment_in_any_header(stack: LocalStack, test_id: str, tmp_path,
                                                             monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from alerttui.cli import main

    key = "gw-SECRET-key-5e6f"
    am0 = stack.alertmanager_urls[0]
    post_alerts(am0, [make_alert("KeyedAlert", test_id)])
    monkeypatch.setenv("GW_KEY", key)
    monkeypatch.setenv("WRONG_KEY", "not-the-key")
    (tmp_path / "key").write_text(key + "\n")
    with gateway({"acme": stack.prometheus_url}, {"acme": am0}, api_key=key) as gw:
        def one(tid: str, http: dict) -> dict:  # type: ignore[type-arg]
            return {"id": tid, "http": {"headers": {"X-Scope-OrgID": "acme"}, **http},
                    "alertmanager": {"urls": [f"{gw}/alertmanager"], "matchers": [f'test_id="{test_id}"']}}

        s = parse_settings({"tenants": [one("env", {"headers_env": {"X-API-Key": "GW_KEY"}}),
                                        one("file", {"headers_file": {"X-API-Key": str(tmp_path / "key")}}),
                                        one("wrong", {"headers_env": {"X-API-Key": "WRONG_KEY"}})]},
                           tmp_path / "k.toml")
        clients = [TenantClients.from_config(t) for t in s.tenants]
        try:
            now = datetime.now(UTC)
            env, file, wrong = await asyncio.gather(*(fetch_alerts(c, now) for c in clients))
        finally:
            for c in clients:
                await c.aclose()
    assert {a.alertname for a in env.alerts.values()} == {"KeyedAlert"}
    assert {a.alertname for a in file.alerts.values()} == {"KeyedAlert"}
    assert wrong.errors and "401" in str(wrong.errors[0])
    # check-config names where the key comes from, never the key.
    cfg = tmp_path / "c.toml"
    cfg.write_text('[[tenants]]\nid = "env"\n[tenants.http]\nheaders_env = { "X-API-Key" = "GW_KEY" }\n'
                   '[tenants.alertmanager]\nurls = ["http://127.0.0.1:1"]\n')
    capsys.readouterr()
    assert main(["check-config", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "X-API-Key: $GW_KEY (****)" in out and key not in out
    # A header set twice, or an unset variable: a clear error naming the field.
    from alerttui.config import ConfigError

    with pytest.raises(ConfigError) as twice:
        parse_settings({"tenants": [{"id": "x", "http": {"headers": {"x-api-key": "a"},
                                                         "headers_env": {"X-API-Key": "GW_KEY"}},
                                     "alertmanager": {"urls": ["http://127.0.0.1:1"]}}]}, tmp_path / "t.toml")
    assert "set twice" in str(twice.value.problems)
    with pytest.raises(ConfigError) as unset:
        parse_settings({"tenants": [{"id": "x", "http": {"headers_env": {"X-API-Key": "NOPE_UNSET"}},
                                     "alertmanager": {"urls": ["http://127.0.0.1:1"]}}]}, tmp_path / "t.toml")
    assert "headers_env.X-API-Key" in str(unset.value.problems) and "NOPE_UNSET" in str(unset.value.problems)


async def test_a_thanos_style_gateway_routes_by_the_thanos_tenant_header(stack: LocalStack, test_id: str,
                                                                         tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Thanos names the tenant in THANOS-TENANT (its query tenancy then enforces the tenant
    label on every query, server-side); alerttui only has to send the header, and scopes its
    Alertmanager reads with the tenant's matchers as on any shared Alertmanager."""
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("ThanosAcme", test_id, tenant_id="acme")])
    post_alerts(am1, [make_alert("ThanosGlobex", test_id, tenant_id="globex")])
    with gateway({"acme": stack.prometheus_url, "globex": stack.prometheus_url}, {"acme": am0, "globex": am1},
                 org_header="THANOS-TENANT") as gw:
        def one(tid: str, header: dict) -> dict:  # type: ignore[type-arg]
            return {"id": tid, "http": {"headers": header},
                    "alertmanager": {"urls": [f"{gw}/alertmanager"],
                                     "matchers": [f'test_id="{test_id}"', f'tenant_id="{tid}"']},
                    "prometheus": {"url": f"{gw}/prometheus"}}

        s = parse_settings({"tenants": [one("acme", {"THANOS-TENANT": "acme"}), one("globex", {"THANOS-TENANT": "globex"}),
                                        one("mimirish", {"X-Scope-OrgID": "acme"})]}, tmp_path / "t.toml")
        acme, globex, wrong = (TenantClients.from_config(t) for t in s.tenants)
        try:
            now = datetime.now(UTC)
            ra, rg, rw = await asyncio.gather(fetch_alerts(acme, now), fetch_alerts(globex, now),
                                              fetch_alerts(wrong, now))
            assert acme.prometheus is not None
            [one_] = await acme.prometheus.query("vector(5)")
        finally:
            for c in (acme, globex, wrong):
                await c.aclose()
    assert {a.alertname for a in ra.alerts.values()} == {"ThanosAcme"}
    assert {a.alertname for a in rg.alerts.values()} == {"ThanosGlobex"}
    assert float(one_["value"][1]) == 5.0
    assert rw.complete_failure and "401" in str(rw.errors[0])  # the other engines' header is not Thanos's
