"""SLO arithmetic without a network: burn rates, budget left as a share and as time, and the
multiwindow states at their thresholds (strictly above the rate, both windows)."""

from __future__ import annotations

from datetime import timedelta

from alerttui.domain.slo import BURN_WINDOWS, SLOStatus
from alerttui.widgets.slo_pane import slo_lines

H, M, D = timedelta(hours=1), timedelta(minutes=1), timedelta(days=1)


def status(window_ratio: float | None, **ratios: float) -> SLOStatus:
    names = {"m5": 5 * M, "m30": 30 * M, "h1": H, "h2": 2 * H, "h6": 6 * H, "d1": D, "d3": 3 * D}
    return SLOStatus("shop", "api", 99.9, timedelta(days=30), window_ratio,
                     {w: ratios.get(k, 0.0) for k, w in names.items()})


def test_budget_left_as_share_and_time() -> None:
    s = status(0.00025)
    assert s.sli == 0.99975
    assert abs(s.budget_left - 0.75) < 1e-9  # type: ignore[operator]
    assert abs(s.budget_left_time.total_seconds() - 0.75 * 43.2 * 60) < 1e-6  # type: ignore[union-attr]
    assert s.state == "ok" and s.reasons == []


def test_page_needs_both_windows_above_the_rate() -> None:
    assert status(0.0, h1=0.0145, m5=0.0145).state == "page"  # 14.5x over 1h and 5m
    assert status(0.0, h1=0.0145, m5=0.0001).state == "ok"  # the burning stopped: the short window says so
    assert status(0.0, h1=0.0143, m5=0.05).state == "ok"  # 14.3x over 1h is not enough, whatever 5m says
    assert status(0.0, h6=0.0061, m30=0.0061).reasons == ["6h+30m>6x"]


def test_ticket_and_no_data() -> None:
    assert status(0.0, d1=0.0031, h2=0.0031).state == "ticket"
    assert status(0.0, d3=0.0011, h6=0.0011).reasons == ["3d+6h>1x"]
    empty = SLOStatus("shop", "api", 99.9, timedelta(days=30), None, dict.fromkeys(BURN_WINDOWS))
    assert empty.state == "nodata" and empty.budget_left is None


def test_the_pane_line_is_plain_text_with_the_state_first() -> None:
    hostile = SLOStatus("shop", "[red]api[/red]\x1b[2J", 99.95, timedelta(days=30), 0.0001,
                        dict.fromkeys(BURN_WINDOWS, 0.0))
    text = slo_lines(hostile).plain
    assert text.startswith("ok  [red]api[/red]  99.95 % over 30d  SLI 99.990 %  budget 80 % (17m16s)")
    assert "\x1b" not in text
    failed = SLOStatus("shop", "api", 99.9, timedelta(days=30), None, {}, "http://p/api/v1/query: timed out")
    assert "query failed: http://p/api/v1/query: timed out" in slo_lines(failed).plain
