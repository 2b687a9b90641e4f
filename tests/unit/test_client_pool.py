"""The engine builds clients once per distinct backend identity and one SSL context per
distinct TLS config, not per tenant (100 tenants built 202 SSL contexts, 8 s of start-up)."""

from __future__ import annotations

from pathlib import Path

from alerttui.config import parse_settings
from alerttui.engine import build_engine


def tenants(n: int, orgs: int, insecure: set[int] = frozenset(), scheme: str = "https"  # type: ignore[assignment]
            ) -> list[dict[str, object]]:
    return [{"id": f"t{i:03d}",
             "http": {"headers": {"X-Scope-OrgID": f"org-{i % orgs}"},
                      **({"tls": {"insecure_skip_verify": True}} if i in insecure else {})},
             "alertmanager": {"urls": [f"{scheme}://127.0.0.1:9093", f"{scheme}://127.0.0.1:9094"],
                              "matchers": [f'tenant="t{i:03d}"']},
             "prometheus": {"url": f"{scheme}://127.0.0.1:9090"}} for i in range(n)]


async def test_a_hundred_tenants_share_clients_by_identity_and_one_ssl_context() -> None:
    engine = build_engine(parse_settings({"tenants": tenants(100, orgs=5)}, Path("pool.toml")), slack=False)
    try:
        assert len(engine.clients) == 100
        assert len(engine.pool) == 5  # one HTTP client per X-Scope-OrgID, for Alertmanager and Prometheus alike
        assert engine.pool.ssl_contexts == 1
    finally:
        await engine.aclose()


async def test_another_tls_config_gets_its_own_context() -> None:
    engine = build_engine(parse_settings({"tenants": tenants(10, orgs=1, insecure={3})}, Path("pool.toml")),
                          slack=False)
    try:
        assert len(engine.pool) == 2 and engine.pool.ssl_contexts == 2
    finally:
        await engine.aclose()


async def test_plain_http_backends_read_no_ca_bundle() -> None:
    """http:// only: no SSL context is built from a TLS config; the clients still refuse
    an https URL they would be redirected to (a context that trusts no CA)."""
    import ssl

    engine = build_engine(parse_settings({"tenants": tenants(10, orgs=2, scheme="http")}, Path("pool.toml")),
                          slack=False)
    try:
        assert len(engine.pool) == 2 and engine.pool.ssl_contexts == 0
        context = engine.pool._plain
        assert context is not None and context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert context.get_ca_certs() == []
    finally:
        await engine.aclose()
