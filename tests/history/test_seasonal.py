"""The seasonal anomaly band against the real Prometheus holding eight backfilled days of a
seasonal metric (daily and weekly cycles, noise): the baseline is Prometheus's own
``avg_over_time``/``stddev_over_time`` of the same hour a week earlier. Reports precision and
recall on the injected level shifts of the last day, and the false-positive rate on the clean
series (printed with -s; the thresholds are what the method must keep). The robust method on
the same data is printed beside it for comparison."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from alerttui.clients.tenant import TenantClients
from alerttui.config import parse_settings
from alerttui.domain.anomaly import robust_band
from alerttui.polling.fetch import SEASONAL_K, fetch_panel, fetch_seasonal

from .conftest import CROSSING, END, SEASONAL_TRUTH

pytestmark = pytest.mark.stack


def clients_for(url: str) -> TenantClients:
    s = parse_settings({"tenants": [{"id": "shop", "prometheus": {"url": url}}]}, Path("s.toml"))
    return TenantClients.from_config(s.tenants[0])


def rates(flagged: set[int], truth: set[int], evaluated: int) -> tuple[float, float, float]:
    tp = len(flagged & truth)
    precision = tp / len(flagged) if flagged else 1.0
    recall = tp / len(truth) if truth else 1.0
    fpr = len(flagged - truth) / max(1, evaluated - len(truth))
    return precision, recall, fpr


async def test_seasonal_band_finds_the_injected_anomalies(history) -> None:  # type: ignore[no-untyped-def]
    clients = clients_for(history.prometheus_url)
    start = END - timedelta(days=1) + timedelta(minutes=1)
    try:
        prom = clients.prometheus
        assert prom is not None
        figures = {}
        for name in ("season_dirty", "season_clean"):
            result = await prom.query_range(name, start, END, "60s")
            points = tuple((float(t), float(v)) for t, v in result[0]["values"])
            seasonal = await fetch_seasonal(prom, name, points, start, END, "60s", SEASONAL_K)
            assert seasonal is not None and len(seasonal.band) == len(points)
            robust = robust_band(points, 30, 4.5)
            truth = SEASONAL_TRUTH if name == "season_dirty" else set()
            for method, band in (("seasonal", seasonal), ("robust", robust)):
                flagged = {int(p.t) for p in band.band if p.outside}
                evaluated = {int(p.t) for p in band.band}
                figures[name, method] = rates(flagged, truth & evaluated, len(evaluated))
        panel = parse_settings({"tenants": [{"id": "shop", "prometheus": {"url": history.prometheus_url},
                                             "panels": [{"title": "season", "query": "season_dirty",
                                                         "anomaly": "seasonal"}]}]},
                               Path("s.toml")).tenants[0].panels[0]
        series = await fetch_panel(clients, panel, END, timedelta(hours=1))
    finally:
        await clients.aclose()
    for (name, method), (p, r, f) in figures.items():
        print(f"{name:13} {method:9} precision {p:.3f} recall {r:.3f} false-positive rate {f:.4%}")
    precision, recall, _f = figures["season_dirty", "seasonal"]
    assert precision >= 0.9 and recall >= 0.9, figures
    assert figures["season_clean", "seasonal"][2] <= 0.005, figures
    assert series.anomaly is not None and series.anomaly.method == "seasonal" and series.anomaly.band
    assert series.anomaly.k == SEASONAL_K


async def test_panels_view_draws_the_band_and_explains_it(history) -> None:  # type: ignore[no-untyped-def]
    from alerttui.app import AlerttuiApp
    from alerttui.screens.panels import PanelsScreen
    from alerttui.widgets.panel_chart import PanelChart

    s = parse_settings({"ui": {"language": "en", "metrics_refresh": "1s"}, "tenants": [{
        "id": "shop", "prometheus": {"url": history.prometheus_url},
        "panels": [{"title": "season", "query": "season_dirty", "anomaly": "seasonal"},
                   {"title": "disk", "query": "fill_percent", "unit": "percent", "warn": 80, "crit": 95,
                    "forecast": True, "forecast_range": "6h"}]}]}, Path("p.toml"))
    app = AlerttuiApp(s, clock=lambda: END)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            snap = app.dashboard.snapshots.get("shop")
            if snap is not None and snap.series and all(x.points for x in snap.series):
                break
            await pilot.pause(0.1)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PanelsScreen)
        charts = list(app.screen.query(PanelChart))
        assert [c.series.title for c in charts] == ["season", "disk"]
        season, disk = (c.render().plain for c in charts)
        assert "░" in season and "Band (seasonal)" in season and "20 minutes" in season
        assert "Forecast: crit (95.0 %) in 5h" in disk or "Forecast: crit (95.0 %) in 6h" in disk, disk
        forecast = charts[1].series.forecast
        assert forecast is not None and forecast.eta is not None
        crossing = charts[1].series.points[-1][0] + forecast.eta.total_seconds()
        assert abs(crossing - CROSSING.timestamp()) < 0.05 * 6 * 3600  # within 5 % of the 6 h ahead
        await pilot.press("escape")
        assert not isinstance(app.screen, PanelsScreen)
