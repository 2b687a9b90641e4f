"""Forecasts on panels against the real Prometheus's backfilled week: a linear fill gives
the crossing of ``crit`` within 5 % of the true time; flat noise never forecasts; the pane
says ``crit in …``. And the gate without a network: poor fits, falling lines, far crossings
below warn and too few points stay silent."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from alerttui.clients.tenant import TenantClients
from alerttui.config import parse_settings
from alerttui.domain import MetricSeries
from alerttui.domain.forecast import forecast
from alerttui.polling.fetch import fetch_panel
from alerttui.widgets.metric_pane import forecast_text

from .conftest import CROSSING, END

H = timedelta(hours=1)


def line(n: int, slope_per_hour: float, start: float = 50.0, noise: float = 0.0, seed: int = 1) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    return [(i * 60.0, start + slope_per_hour * i / 60 + rng.uniform(-noise, noise)) for i in range(n)]


def test_the_gate() -> None:
    exact = forecast(line(360, 2.5, 80.0), crit=95, warn=80, horizon=24 * H, min_r2=0.8)
    assert exact.shown and exact.r2 > 0.999
    assert abs(exact.eta.total_seconds() - (6 * 3600 - 359 * 60)) < 1  # type: ignore[union-attr]
    assert forecast(line(360, 2.5, 60.0, noise=30), crit=95, warn=80, horizon=24 * H, min_r2=0.8).why == "poor-fit"
    assert forecast(line(360, -1.0, 90.0), crit=95, warn=80, horizon=24 * H, min_r2=0.8).why == "falling"
    far = forecast(line(360, 1.0, 50.0), crit=95, warn=80, horizon=48 * H, min_r2=0.8)
    assert far.why == "below-warn" and not far.shown  # 39 h away and below warn: not worth a word
    assert forecast(line(360, 1.0, 50.0), crit=95, warn=80, horizon=24 * H, min_r2=0.8).why == "beyond-horizon"
    assert forecast(line(5, 10.0), crit=95, warn=80, horizon=24 * H, min_r2=0.8).why == "too-few"
    assert forecast(line(60, 0.0, 96.0), crit=95, warn=80, horizon=24 * H, min_r2=0.8).why == "already"
    assert forecast_text(timedelta(hours=3, minutes=10, seconds=20)) == "crit in 3h10m"




@pytest.mark.stack
async def test_linear_fill_within_5_percent_and_noise_silent(history) -> None:  # type: ignore[no-untyped-def]
    s = parse_settings({"tenants": [{"id": "shop", "prometheus": {"url": history.prometheus_url}, "panels": [
        {"title": "Disk", "query": 'fill_percent{instance="fs-1"}', "unit": "percent", "warn": 80, "crit": 95},
        {"title": "Noisy", "query": 'noisy_percent{instance="fs-2"}', "unit": "percent", "warn": 80, "crit": 95},
    ]}]}, Path("f.toml"))
    clients = TenantClients.from_config(s.tenants[0])
    try:
        disk = await fetch_panel(clients, s.tenants[0].panels[0], END, H)
        noisy = await fetch_panel(clients, s.tenants[0].panels[1], END, H)
    finally:
        await clients.aclose()
    assert disk.error is None and disk.forecast is not None and disk.forecast.shown, disk.forecast
    true_eta = CROSSING - END
    assert disk.forecast.eta is not None
    error = abs(disk.forecast.eta - true_eta) / true_eta
    assert error < 0.05, (disk.forecast, true_eta)
    print(f"forecast error on the linear fill: {error:.3%} (eta {disk.forecast.eta}, true {true_eta})")
    assert noisy.forecast is not None and not noisy.forecast.shown and noisy.forecast.why in ("poor-fit", "falling",
                                                                                                "below-warn")


async def test_the_pane_says_it() -> None:
    from textual.app import App, ComposeResult

    from alerttui.domain.forecast import Forecast
    from alerttui.widgets.metric_pane import MetricPane

    series = MetricSeries(title="Disk", query="q", unit="percent", points=((0.0, 80.0), (60.0, 82.0)), warn=80,
                          crit=95, forecast=Forecast(timedelta(hours=3, minutes=10), 0.99, 2.5, True, "shown"))

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield MetricPane(series)

    async with One().run_test(size=(40, 4)) as pilot:
        await pilot.pause()
        value = str(pilot.app.query_one(".value").render())
        assert value == "82.0 % ▲ crit in 3h10m"


async def test_the_pane_says_how_long_it_has_been_anomalous() -> None:
    from textual.app import App, ComposeResult

    from alerttui.domain.anomaly import robust_band
    from alerttui.widgets.metric_pane import MetricPane

    points = tuple([(i * 60.0, 10.0 + (i % 2) * 0.1) for i in range(60)] + [(i * 60.0, 50.0) for i in range(60, 72)])
    series = MetricSeries(title="Queue", query="q", unit="none", points=points, anomaly=robust_band(points))

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield MetricPane(series)

    async with One().run_test(size=(40, 4)) as pilot:
        await pilot.pause()
        assert str(pilot.app.query_one(".value").render()) == "50.00 anomalous 12m"


def test_the_chart_draws_the_threshold_and_the_firing_span() -> None:
    from alerttui.domain.promql import split_comparison
    from alerttui.widgets.expression_chart import chart

    comparison = split_comparison("fill_percent > 79")
    text = chart([77.5 + i * 0.05 for i in range(60)], comparison, width=70).plain.splitlines()
    assert len(text) == 7  # 5 rows, the firing row, the time axis
    assert text[0].strip().startswith("80.45") and text[4].strip().startswith("77.50")
    assert any(line.strip().startswith("79.00") and "─" in line for line in text[:5])  # the threshold line
    firing = text[5]
    assert firing.strip().startswith("firing") and firing.rstrip().endswith("━")
    assert firing.count("━") == 29  # 79.05 .. 80.45: the last 29 of 60 minutes
    assert text[6].strip().startswith("-60m") and text[6].rstrip().endswith("now")


@pytest.mark.stack
async def test_details_chart_draws_the_left_hand_side_from_prometheus(history) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime
    from urllib.parse import quote

    from alerttui.app import AlerttuiApp
    from alerttui.domain import Alert, AlertState
    from alerttui.screens.alert_detail import AlertDetailScreen
    from alerttui.widgets.expression_chart import ExpressionChart

    s = parse_settings({"ui": {"language": "en"}, "tenants": [
        {"id": "shop", "prometheus": {"url": history.prometheus_url}}]}, Path("c.toml"))
    expr = 'fill_percent{instance="fs-1"} > 79'
    alert = Alert(fingerprint="c" * 16, tenant="shop", state=AlertState.ACTIVE, annotations={},
                  labels={"alertname": "DiskFilling"}, starts_at=datetime.now(UTC),
                  generator_url=f"http://prom/graph?g0.expr={quote(expr)}&g0.tab=1")
    app = AlerttuiApp(s, clock=lambda: END)
    async with app.run_test(size=(100, 40)) as pilot:
        detail = AlertDetailScreen(alert, None)
        app.push_screen(detail)
        await pilot.pause()
        drawn = detail.query_one(ExpressionChart)
        for _ in range(100):
            if drawn.values:
                break
            await pilot.pause(0.1)
        title = str(detail.query_one("#expr-title").render())
        assert title == 'Expression (last hour): fill_percent{instance="fs-1"} · fires when > 79.00'
        assert min(drawn.values) > 77 and max(drawn.values) <= 80.01  # the left-hand side, not 0/1
        assert "━" in str(drawn.render())
