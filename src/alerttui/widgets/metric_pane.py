"""One configured panel: title, current value with unit, sparkline, thresholds coloured.
"no data" and query errors are shown in the pane. ``MetricGrid`` holds one tenant's panes
(created once from config, then only updated)."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Sparkline, Static

from alerttui.config import Panel
from alerttui.domain import MetricSeries
from alerttui.durations import format_duration
from alerttui.i18n import _, fmt_number
from alerttui.sanitize import clean


def format_value(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{fmt_number(value, 1)} %"
    if unit == "ratio":
        return f"{fmt_number(value * 100, 1)} %"
    if unit == "seconds":
        if abs(value) < 1:
            return f"{fmt_number(value * 1000, 1)} ms"
        return f"{fmt_number(value, 2)} s"
    if unit == "bytes":
        size = float(value)
        for suffix in ("B", "KiB", "MiB", "GiB", "TiB"):
            if abs(size) < 1024 or suffix == "TiB":
                return f"{fmt_number(size, 0 if suffix == 'B' else 1)} {suffix}"
            size /= 1024
    if unit == "ops":
        return f"{fmt_number(value, 1)}/s"
    return fmt_number(value, 2 if abs(value) < 100 else 0)


class MetricPane(Vertical):
    """Two lines: ``Title  value`` and a sparkline over ``metrics_range``."""

    DEFAULT_CSS = """
    MetricPane { height: 2; layout: vertical; }
    MetricPane > Horizontal { height: 1; }
    MetricPane .title { width: auto; max-width: 50%; text-style: bold; padding-right: 1; }
    MetricPane .value { width: 1fr; text-align: right; }
    MetricPane Sparkline { height: 1; }
    MetricPane.-warn .value { color: $warning; text-style: bold; }
    MetricPane.-crit .value { color: $error; text-style: bold reverse; }
    MetricPane.-error .value, MetricPane.-nodata .value { color: $foreground-muted; }
    """

    def __init__(self, series: MetricSeries, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.series = series
        self._title: str | None = None  # the title shown

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(classes="title")
            yield Static(classes="value")
        yield Sparkline([], summary_function=max)

    def on_mount(self) -> None:
        self.show(self.series, force=True)

    def show(self, series: MetricSeries, force: bool = False) -> None:
        if series == self.series and not force:
            return
        title = clean(series.title, 40)
        if title != self._title:  # its width is its text's: a layout pass only when it changes
            self._title = title
            self.query_one(".title", Static).update(Text(title, no_wrap=True, overflow="ellipsis"))
        self.series = series
        value = self.query_one(".value", Static)
        level = series.level
        if level == "error":
            value.update(Text(_("error: {reason}").format(reason=clean(series.error or "", 120)),
                              no_wrap=True, overflow="ellipsis"), layout=False)
        elif level == "nodata":
            value.update(Text(_("no data"), no_wrap=True), layout=False)
        else:
            assert series.latest is not None
            mark = {"warn": " ▲", "crit": " ▲▲"}.get(level, "")
            text = format_value(series.latest, series.unit) + mark
            if series.forecast is not None and series.forecast.shown and series.forecast.eta is not None:
                text += " " + forecast_text(series.forecast.eta)
            lasting = series.anomaly.anomalous_for if series.anomaly is not None else None
            if lasting is not None:
                text += " " + _("anomalous {time}").format(
                    time=format_duration(timedelta(minutes=max(1, round(lasting.total_seconds() / 60)))))
            value.update(Text(text, no_wrap=True, overflow="ellipsis"), layout=False)  # 1fr: its size is fixed
        for name in ("ok", "warn", "crit", "error", "nodata"):
            self.set_class(level == name, f"-{name}")
        self.query_one(Sparkline).data = [v for _t, v in series.points]


def forecast_text(eta: timedelta) -> str:
    """``crit in 3h10m``: minutes are enough for a trend."""
    return _("crit in {time}").format(time=format_duration(timedelta(minutes=max(1, round(eta.total_seconds() / 60)))))


def empty_series(panel: Panel) -> MetricSeries:
    return MetricSeries(title=panel.title, query=panel.query, unit=panel.unit, warn=panel.warn, crit=panel.crit)


def series_for(panels: list[Panel], series: tuple[MetricSeries, ...]) -> list[MetricSeries]:
    """What each panel's pane shows: its series, or an empty one until the first answer."""
    return [series[i] if i < len(series) else empty_series(panel) for i, panel in enumerate(panels)]


class MetricGrid(Grid):
    """One tenant's panes in as many columns as fit (about 24 cells each).

    A grid is given to another tenant with ``rebind``, its panes kept (only a difference in
    the number of panels mounts or removes panes): the dashboard follows the cursor's tenant,
    and a widget removed stays in memory for a long while (Textual keeps the rendered lines
    of up to 1,024 removed widgets, textual#6665), so it does not make new ones for that."""

    DEFAULT_CSS = """
    MetricGrid { height: auto; grid-size: 3; grid-gutter: 0 2; padding: 0 1; border-top: solid $foreground 20%; }
    """

    def __init__(self, tenant: str, panels: list[Panel], title: str = "",
                 series: tuple[MetricSeries, ...] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.tenant = tenant
        self.panels = panels
        self.series = series  # what the panes show (the tenant's latest, when made)
        self.border_title = clean(title, 40)

    def compose(self) -> ComposeResult:
        for s in series_for(self.panels, self.series):
            yield MetricPane(s)

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        columns = max(1, min(len(self.panels) or 1, (self.size.width - 2) // 24))
        if self.size.width and self.styles.grid_size_columns != columns:
            self.styles.grid_size_columns = columns

    def rebind(self, tenant: str, panels: list[Panel], title: str = "",
               series: tuple[MetricSeries, ...] = ()) -> None:
        """Show another tenant's panels in this grid, reusing its panes."""
        self.tenant, self.panels, self.series = tenant, panels, series
        self.border_title = clean(title, 40)
        panes = list(self.query_children(MetricPane))
        shown = series_for(panels, series)
        for pane, s in zip(panes, shown, strict=False):
            pane.show(s, force=True)
        if len(panes) > len(shown):
            self.remove_children(panes[len(shown):])
        elif len(shown) > len(panes):
            self.mount_all(MetricPane(s) for s in shown[len(panes):])
        self._fit_columns()

    def show(self, series: tuple[MetricSeries, ...]) -> None:
        self.series = series
        for pane, s in zip(self.query(MetricPane), series, strict=False):
            pane.show(s)

    def refresh_values(self) -> None:
        """Re-render values (number formats and texts follow the active language)."""
        for pane in self.query(MetricPane):
            pane.show(pane.series, force=True)
