"""The panels view's chart with few points (a panel just started): the points fill the
width, the time axis's two ends do not run together, values are in the panel's unit."""

from __future__ import annotations

from alerttui.domain import MetricSeries
from alerttui.widgets.panel_chart import chart


def test_two_points_fill_the_width_and_the_axis_stays_readable() -> None:
    series = MetricSeries("Memory", "mem", "bytes", ((0.0, 12e9), (60.0, 15e9)))
    lines = chart(series, 80, 15).plain.splitlines()
    bars = lines[0][10:]
    assert len(bars) >= 60  # not two columns
    assert lines[-1].split() == ["-15m", "now"]
    assert "GiB" in lines[0] or "GB" in lines[0]  # the unit, not 15,000,000,000
