"""Mutual TLS: Debian's nginx as an HTTPS gateway that wants a client certificate, in front
of the real Alertmanager and Prometheus, with a CA and certificates made in the test
(trustme). With the tenant's ``tls = { ca_file, cert_file, key_file }`` both transports
(httpx and prometheus-api-client's requests) get through; without the client certificate,
or trusting another CA, the tenant fails with a clear reason and nothing crashes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import trustme

from alerttui.clients import BackendError
from alerttui.clients.tenant import TenantClients
from alerttui.config import ConfigError, parse_settings
from alerttui.demo.stack import LocalStack
from alerttui.polling import fetch_alerts
from conftest import make_alert, post_alerts

from .gateway import TLSFiles, gateway

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pki")
    ca, other = trustme.CA(), trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    client = ca.issue_cert("alerttui-client@example")
    stranger = other.issue_cert("stranger@example")
    files = {name: d / f"{name}.pem" for name in
             ("ca", "other_ca", "server", "client_cert", "client_key", "stranger_cert", "stranger_key")}
    ca.cert_pem.write_to_path(files["ca"])
    other.cert_pem.write_to_path(files["other_ca"])
    server.private_key_and_cert_chain_pem.write_to_path(files["server"])
    client.cert_chain_pems[0].write_to_path(files["client_cert"])
    client.private_key_pem.write_to_path(files["client_key"])
    stranger.cert_chain_pems[0].write_to_path(files["stranger_cert"])
    stranger.private_key_pem.write_to_path(files["stranger_key"])
    return files


@pytest.fixture(scope="module")
def gw(stack: LocalStack, pki: dict[str, Path]) -> Iterator[str]:
    tls = TLSFiles(cert=pki["server"], key=pki["server"], client_ca=pki["ca"])
    with gateway({"acme": stack.prometheus_url}, {"acme": stack.alertmanager_urls[0]}, tls=tls) as url:
        yield url


def clients(gw: str, test_id: str, tmp_path: Path, **tls: Path) -> TenantClients:
    s = parse_settings({"tenants": [{
        "id": "acme",
        "http": {"headers": {"X-Scope-OrgID": "acme"}, "tls": {k: str(v) for k, v in tls.items()}},
        "alertmanager": {"urls": [f"{gw}/alertmanager"], "matchers": [f'test_id="{test_id}"']},
        "prometheus": {"url": f"{gw}/prometheus"},
    }]}, tmp_path / "c.toml")
    return TenantClients.from_config(s.tenants[0])


async def test_with_the_client_certificate_both_transports_get_through(
        stack: LocalStack, gw: str, pki: dict[str, Path], test_id: str, tmp_path: Path) -> None:
    assert gw.startswith("https://")
    post_alerts(stack.alertmanager_urls[0], [make_alert("OverMTLS", test_id)])
    c = clients(gw, test_id, tmp_path, ca_file=pki["ca"], cert_file=pki["client_cert"], key_file=pki["client_key"])
    try:
        result = await fetch_alerts(c, datetime.now(UTC))
        assert not result.errors, result.errors
        assert {a.alertname for a in result.alerts.values()} == {"OverMTLS"}
        assert c.prometheus is not None
        [one] = await c.prometheus.query("vector(3)")  # requests, with the same certificate
        assert float(one["value"][1]) == 3.0
        await c.prometheus.ready()
    finally:
        await c.aclose()


@pytest.mark.parametrize("who", ["none", "stranger"])
async def test_without_a_certificate_the_ca_signed_the_tenant_fails_clearly(
        gw: str, pki: dict[str, Path], test_id: str, tmp_path: Path, who: str) -> None:
    tls = {"ca_file": pki["ca"]}
    if who == "stranger":  # a certificate from another CA
        tls |= {"cert_file": pki["stranger_cert"], "key_file": pki["stranger_key"]}
    c = clients(gw, test_id, tmp_path, **tls)
    try:
        result = await fetch_alerts(c, datetime.now(UTC))
        assert result.complete_failure
        assert {e.reason.split(":")[0] for e in result.errors} == {"HTTP 400"}, result.errors
        assert c.prometheus is not None
        with pytest.raises(BackendError) as err:
            await c.prometheus.query("vector(1)")
        assert "HTTP 400" in str(err.value)
    finally:
        await c.aclose()


async def test_a_server_from_another_ca_is_not_trusted(gw: str, pki: dict[str, Path], test_id: str,
                                                       tmp_path: Path) -> None:
    c = clients(gw, test_id, tmp_path, ca_file=pki["other_ca"], cert_file=pki["client_cert"],
                key_file=pki["client_key"])
    try:
        result = await fetch_alerts(c, datetime.now(UTC))
        assert result.complete_failure
        assert all(e.kind == "unreachable" and "CERTIFICATE_VERIFY_FAILED" in e.reason for e in result.errors), \
            result.errors
        assert c.prometheus is not None
        with pytest.raises(BackendError) as err:
            await c.prometheus.query("vector(1)")
        assert err.value.kind == "unreachable"
    finally:
        await c.aclose()


def test_a_missing_key_file_is_a_config_error_naming_it(pki: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings({"tenants": [{"id": "a", "http": {"tls": {
            "cert_file": str(pki["client_cert"]), "key_file": str(tmp_path / "nope.key")}},
            "prometheus": {"url": "https://127.0.0.1:9090"}}]}, tmp_path / "c.toml")
    assert "tenants[0].http.tls" in str(info.value) and "key_file" in str(info.value)
