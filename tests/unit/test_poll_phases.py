"""Tenants of one backend poll together (they share its reads); different backends spread
over the refresh interval instead of all firing at once."""

from __future__ import annotations

from pathlib import Path

from alerttui.clients.tenant import ClientPool, TenantClients
from alerttui.config import parse_settings
from alerttui.polling.hub import poll_phases


def _clients(tenants: list[dict[str, object]]) -> dict[str, TenantClients]:
    settings = parse_settings({"tenants": tenants}, Path("phases.toml"))
    pool = ClientPool()
    return {t.id: TenantClients.from_config(t, pool, prometheus=True) for t in settings.tenants}


def test_one_backend_polls_together_and_four_backends_spread_evenly() -> None:
    tenants: list[dict[str, object]] = []
    for b in range(4):
        for i in range(3):
            tenants.append({"id": f"b{b}t{i}", "alertmanager": {"urls": [f"http://127.0.0.1:{9000 + b}"],
                                                              "matchers": [f'team="t{i}"']}})
    tenants.append({"id": "org", "alertmanager": {"urls": ["http://127.0.0.1:9000"]},
                    "http": {"headers": {"X-Scope-OrgID": "other"}}})  # same URL, another identity
    tenants.append({"id": "prom", "prometheus": {"url": "http://127.0.0.1:9090"}})
    phases = poll_phases(_clients(tenants), 15.0)
    for b in range(4):
        assert len({phases[f"b{b}t{i}"] for i in range(3)}) == 1  # a backend's tenants together
    distinct = sorted(set(phases.values()))
    assert distinct == [15.0 * k / 6 for k in range(6)]  # 6 backends, evenly over 15 s
    assert phases["org"] != phases["b0t0"]


def test_a_single_backend_is_not_delayed() -> None:
    phases = poll_phases(_clients([{"id": "a", "alertmanager": {"urls": ["http://127.0.0.1:9"]}}]), 15.0)
    assert phases == {"a": 0.0}
