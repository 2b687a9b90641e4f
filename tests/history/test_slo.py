"""SLOs against a real Prometheus holding a week of backfilled history (promtool): the SLI,
the budget left and the burn rates equal Prometheus's own ratio queries to 4 significant
digits, and the multiwindow states follow the SRE workbook (an outage in the last 40 minutes
pages; one three days ago only shows in the budget)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from alerttui.clients.tenant import TenantClients
from alerttui.config import parse_settings
from alerttui.demo.stack import LocalStack
from alerttui.domain.slo import BURN_WINDOWS, promql_duration
from alerttui.polling.slo import fetch_slo
from tests.conftest import http_json

from .conftest import END, SERIES

pytestmark = pytest.mark.stack

ERROR_QUERY = 'sum(rate(slo_errors_total{service="checkout"}[{{window}}]))'
TOTAL_QUERY = 'sum(rate(slo_requests_total{service="checkout"}[{{window}}]))'


def settings(stack: LocalStack):  # type: ignore[no-untyped-def]
    return parse_settings({"tenants": [{
        "id": "shop", "prometheus": {"url": stack.prometheus_url},
        "slos": [{"name": "checkout availability", "objective": 99.9, "window": "7d",
                  "error_query": ERROR_QUERY, "total_query": TOTAL_QUERY}]}]}, Path("slo.toml"))


def prometheus_ratio(stack: LocalStack, window: str, at: datetime) -> float:
    """Prometheus computing the same ratio, asked directly over HTTP (increase, not rate)."""
    q = (f'sum(increase(slo_errors_total{{service="checkout"}}[{window}])) / '
         f'sum(increase(slo_requests_total{{service="checkout"}}[{window}]))')
    from urllib.parse import urlencode
    data = http_json("GET", f"{stack.prometheus_url}/api/v1/query?" + urlencode({"query": q, "time": at.timestamp()}))
    return float(data["data"]["result"][0]["value"][1])


def same4(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=5e-5)  # 4 significant digits


async def test_slo_figures_equal_prometheus_and_the_states_follow_the_workbook(history) -> None:  # type: ignore[no-untyped-def]
    s = settings(history)
    slo = s.tenants[0].slos[0]
    clients = TenantClients.from_config(s.tenants[0])
    try:
        assert clients.prometheus is not None
        status = await fetch_slo(clients.prometheus, "shop", slo, END)
    finally:
        await clients.aclose()
    assert status.error is None, status.error
    assert status.error_ratio is not None
    assert same4(status.error_ratio, prometheus_ratio(history, "7d", END))
    for window in BURN_WINDOWS:
        burn = status.burn(window)
        assert burn is not None, window
        assert same4(burn, prometheus_ratio(history, promql_duration(window), END) / 0.001), window
    # And both equal what the synthetic series says, within Prometheus's extrapolation at the edges.
    assert math.isclose(status.error_ratio, SERIES.expected_ratio(END, timedelta(days=7)), rel_tol=0.01)
    assert status.state == "page" and "1h+5m>14.4x" in status.reasons
    assert status.budget_left is not None and status.budget_left < 0  # a week at 99.9 %: overspent
    assert status.budget_left_time is not None and status.budget_left_time < timedelta(0)
    # Before the recent outage: no page, but the old one still weighs on the budget.
    calm = END - timedelta(hours=1)
    clients = TenantClients.from_config(s.tenants[0])
    try:
        assert clients.prometheus is not None
        earlier = await fetch_slo(clients.prometheus, "shop", slo, calm)
    finally:
        await clients.aclose()
    assert earlier.state == "ok", earlier.reasons
    assert earlier.budget_left is not None and 0 < earlier.budget_left < 0.5
    expected_left = 1 - SERIES.expected_ratio(calm, timedelta(days=7)) / 0.001
    assert math.isclose(earlier.budget_left, expected_left, abs_tol=0.01)


async def test_the_slo_pane_shows_the_state_first_and_the_burn_rates(history) -> None:  # type: ignore[no-untyped-def]
    from alerttui.app import AlerttuiApp
    from alerttui.widgets.slo_pane import SLOPane

    s = settings(history)
    app = AlerttuiApp(s, tenant="shop", clock=lambda: END)  # the backfilled week ends at END
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.dashboard.query_one(SLOPane)
        for _ in range(100):
            if pane.statuses:
                break
            await pilot.pause(0.1)
        assert pane.display and pane.statuses
        text = pane.render().plain if hasattr(pane.render(), "plain") else str(pane.render())
        first, second = text.splitlines()[:2]
        assert first.startswith("PAGE  checkout availability  99.9 % over 7d  SLI 99.")
        assert "budget -" in first  # overspent, in red and with a minus sign
        assert second.strip().startswith("burn 5m ") and "1h+5m>14.4x" in second
