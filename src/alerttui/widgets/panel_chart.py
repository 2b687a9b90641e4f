"""A metric panel at full width, for the panels view: the values as block bars, the anomaly
band shaded behind them (░ from its low to its high edge), the warn and crit lines, a row
marking the points outside the band (✕), max / min on the left and a time axis; under it,
what the band and the forecast are and how they are computed, in words.

Block characters and ░ only, so it reads over SSH and with NO_COLOR."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widget import Widget

from alerttui.domain import MetricSeries
from alerttui.durations import format_duration
from alerttui.i18n import _, fmt_number
from alerttui.sanitize import clean, truncate
from alerttui.widgets.expression_chart import LABEL
from alerttui.widgets.metric_pane import format_value

BLOCKS = " ▁▂▃▄▅▆▇█"
ROWS = 6


def _columns(series: MetricSeries, width: int) -> list[tuple[float, float | None, float | None, bool]]:
    """(value, band low, band high, outside) per column: the point of each share with the
    largest deviation from its band (an anomaly is never averaged away)."""
    band = {p.t: p for p in series.anomaly.band} if series.anomaly is not None else {}
    rows = []
    for t, v in series.points:
        p = band.get(t)
        rows.append((v, p.low if p else None, p.high if p else None, bool(p and p.outside)))
    if len(rows) <= width:
        # Few points (a panel just started): each one as wide as the chart allows.
        each = max(1, width // max(1, len(rows)))
        return [r for r in rows for _ in range(each)]
    out = []
    for c in range(width):
        a, b = c * len(rows) // width, max(c * len(rows) // width + 1, (c + 1) * len(rows) // width)
        share = rows[a:b]
        outside = [r for r in share if r[3]]
        out.append(outside[0] if outside else max(share, key=lambda r: r[0]))
    return out


def chart(series: MetricSeries, width: int, minutes: int) -> Text:
    out = Text(no_wrap=True)
    cols = _columns(series, max(10, width - LABEL - 1))
    if not cols:
        return out
    edges = [x for c in cols for x in (c[0], c[1], c[2]) if x is not None]
    lines = [x for x in (series.warn, series.crit) if x is not None]
    lo, hi = min(edges + lines), max(edges + lines)
    span = hi - lo or 1.0

    def row_of(value: float) -> int:
        return min(ROWS - 1, max(0, int((value - lo) / span * ROWS)))

    def label_of(value: float) -> str:
        return truncate(format_value(value, series.unit), LABEL)

    line_rows = {row_of(x): x for x in lines}
    for r in range(ROWS):
        b = ROWS - 1 - r
        label = label_of(hi) if r == 0 else label_of(lo) if r == ROWS - 1 else ""
        if b in line_rows:
            label = label_of(line_rows[b])
        out.append(f"{label:>{LABEL}} ", style="dim")
        for value, low, high, outside in cols:
            fill = max(0, min(8, round((value - lo) / span * ROWS * 8 - b * 8)))
            if fill:
                out.append(BLOCKS[fill], style="bold" if outside else "")
            elif low is not None and high is not None and row_of(low) <= b <= row_of(high):
                out.append("░", style="dim")
            elif b in line_rows:
                out.append("─", style="dim")
            else:
                out.append(" ")
        out.append("\n")
    if series.anomaly is not None:
        out.append(f"{_('outside'):>{LABEL}} ", style="dim")
        for _v, _l, _h, outside in cols:
            out.append("✕" if outside else " ", style="bold")
        out.append("\n")
    start, end = f"-{minutes}m", _("now")
    gap = max(1, len(cols) - len(start) - len(end))
    out.append(" " * (LABEL + 1) + start + " " * gap + end, style="dim")
    return out


def explain(series: MetricSeries) -> str:
    """The band's and the forecast's method, parameters and verdict, in words."""
    lines = []
    a = series.anomaly
    if a is not None:
        if a.method == "seasonal":
            lines.append(_("Band (seasonal): the mean of the {n} minutes around the same moment one week earlier "
                           "± {k} standard deviations of them (Prometheus avg_over_time and stddev_over_time with "
                           "offset); a point outside is anomalous.").format(n=a.window, k=fmt_number(a.k, 1)))
        else:
            lines.append(_("Band (robust): the median of the {n} points before each point ± {k} × 1.4826 × their "
                           "median absolute deviation; a point outside is anomalous.").format(
                               n=a.window, k=fmt_number(a.k, 1)))
        lasting = a.anomalous_for
        verdict = (_("now anomalous for {time}").format(time=format_duration(
            timedelta(minutes=max(1, round(lasting.total_seconds() / 60))))) if lasting is not None
            else _("the latest point is inside the band"))
        lines.append(_("{n} of {total} points outside; {verdict}.").format(n=a.outside, total=len(a.band),
                                                                         verdict=verdict))
    f = series.forecast
    if f is not None:
        fit = _("least-squares line, R² {r2}, {slope} an hour").format(r2=fmt_number(f.r2, 3),
                                                                    slope=fmt_number(f.slope_per_hour, 2))
        if f.shown and f.eta is not None:
            lines.append(_("Forecast: crit ({crit}) in {time} ({fit}).").format(
                crit=format_value(series.crit or 0.0, series.unit), time=format_duration(timedelta(
                    minutes=max(1, round(f.eta.total_seconds() / 60)))), fit=fit))
        elif f.why == "too-few":
            lines.append(_("Forecast: not shown ({why}).").format(why=why_text(f.why)))
        else:
            lines.append(_("Forecast: not shown ({why}; {fit}).").format(why=why_text(f.why), fit=fit))
    return "\n".join(lines)


def why_text(why: str) -> str:
    return {"flat": _("the trend is flat"), "falling": _("the trend is falling"),
            "beyond-horizon": _("it would reach crit beyond the horizon"),
            "poor-fit": _("the line does not explain the data well enough (R² below the minimum)"),
            "below-warn": _("below warn and more than 6 hours away"),
            "already": _("already past crit"), "too-few": _("too few points")}.get(why, clean(why, 40))


class PanelChart(Widget):
    DEFAULT_CSS = """
    PanelChart { height: auto; margin-bottom: 1; }
    """

    def __init__(self, series: MetricSeries, minutes: int, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.series = series
        self.minutes = minutes

    def show(self, series: MetricSeries) -> None:
        self.series = series
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if not self.series.points:
            return 1
        text = explain(self.series)
        words = len(Text(text).wrap(self.app.console, max(1, width))) + 1 if text else 0  # as wrapped
        return 1 + ROWS + (1 if self.series.anomaly is not None else 0) + 1 + words

    def render(self) -> Text:
        s = self.series
        title = Text(clean(s.title, 60), style="bold")
        if s.error:
            return title + Text("  " + _("error: {reason}").format(reason=clean(s.error, 200)))
        if not s.points:
            return title + Text("  " + _("no data"))
        out = title + Text("  " + clean(s.query, 200), style="dim", no_wrap=True, overflow="ellipsis") + Text("\n")
        out.append_text(chart(s, self.size.width, self.minutes))
        text = explain(s)
        if text:
            out.append("\n" + text)
        return out
