"""The history view (``H``): one tenant's alerts over the last 24 h or 7 days, from its
Prometheus's ``ALERTS`` series: how often each fired, for how long in all and at most, how
often it flapped, and a strip of when (█ fired, · did not). ``t`` steps through the ranges
(``[ui] history_ranges``).

Read off the UI loop (``Face.request_alert_history``); every label is untrusted text."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from alerttui.bindings import bind
from alerttui.domain.history import AlertHistory
from alerttui.durations import format_duration
from alerttui.face import face_of
from alerttui.i18n import N_, _, fmt_number
from alerttui.messages import AlertHistoryLoaded
from alerttui.sanitize import clean
from alerttui.widgets.cells import fit_flexible_column
from alerttui.widgets.footer import Footer

RANGES = (timedelta(hours=24), timedelta(days=7))  # unless [ui] history_ranges says otherwise
STRIP = 24  # cells: an hour each over 24 h, 7 h each over 7 days
WIDTHS = {"fired": 5, "total": 7, "longest": 7, "flaps": 7, "strip": STRIP}
COLUMNS = ("alert", "fired", "total", "longest", "flaps", "strip")


def column_labels() -> dict[str, str]:
    return {"alert": _("Alert"), "fired": _("Fired"), "total": _("Total"), "longest": _("Longest"),
            "flaps": _("Flaps/h"), "strip": _("When")}


def short(value: timedelta) -> str:
    """Minutes are enough from 10 minutes on ("1h31m", not "1h30m59s", which does not fit)."""
    if value >= timedelta(minutes=10):
        value = timedelta(minutes=round(value.total_seconds() / 60))
    return format_duration(value)


def alert_label(h: AlertHistory) -> str:
    extra = ", ".join(f"{k}={v}" for k, v in sorted(h.labels.items()) if k not in ("alertname", "severity"))
    return h.alertname + (f" {{{extra}}}" if extra else "")


class HistoryScreen(Screen[None]):
    BINDINGS = [
        bind("escape", "app.pop_screen", N_("Back"), id="history_back"),
        bind("t", "switch_range", N_("Range"), id="history_range",
             tooltip=N_("The next range ([ui] history_ranges, 24h and 7d by default)")),
    ]
    DEFAULT_CSS = """
    HistoryScreen #history-table { height: 1fr; }
    HistoryScreen #history-status { height: auto; padding: 0 1; border-top: solid $foreground 20%; }
    """

    def __init__(self, tenant: str, tenant_name: str, ranges: tuple[timedelta, ...] = RANGES) -> None:
        super().__init__()
        self.tenant = tenant
        self.tenant_name = tenant_name
        self.ranges = ranges or RANGES
        self.range = self.ranges[-1]
        self.histories: list[AlertHistory] = []
        self.error: str | None = None
        self.loading = True

    def compose(self) -> ComposeResult:
        yield Static(id="history-title")
        yield DataTable(id="history-table", cursor_type="row")
        yield Static(id="history-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        labels = column_labels()
        for key in COLUMNS:
            table.add_column(labels[key], key=key, width=WIDTHS.get(key, 20))
        self.on_resize()  # the first resize came before the columns
        self._load()
        table.focus()

    def on_resize(self) -> None:
        fit_flexible_column(self.query_one(DataTable), COLUMNS, WIDTHS, "alert", self.size.width)

    def _load(self) -> None:
        self.loading = True
        self._show()
        face_of(self).request_alert_history(self.tenant, None, self.range, self)

    def action_switch_range(self) -> None:
        self.range = self.ranges[(self.ranges.index(self.range) + 1) % len(self.ranges)]
        self._load()

    def on_alert_history_loaded(self, message: AlertHistoryLoaded) -> None:
        if message.tenant != self.tenant or message.alertname is not None:
            return
        self.histories, self.error, self.loading = list(message.histories), message.error, False
        self._show()

    def retranslate(self) -> None:
        """Every text in the active language (after ``L``)."""
        table = self.query_one(DataTable)
        labels = column_labels()
        for key, column in table.columns.items():
            column.label = Text(labels[str(key.value)])
        self._show()

    def _show(self) -> None:
        title = _("History of {tenant}, last {range}").format(tenant=self.tenant_name,
                                                              range=format_duration(self.range))
        self.query_one("#history-title", Static).update(Text(clean(title, 80), style="bold"))
        table = self.query_one(DataTable)
        table.clear()
        for i, h in enumerate(self.histories):
            table.add_row(Text(clean(alert_label(h), 200), no_wrap=True, overflow="ellipsis"),
                          Text(str(h.fired), justify="right"), short(h.total()), short(h.longest()), fmt_number(h.flaps_per_hour(), 2),
                          Text(h.strip(STRIP)), key=str(i))
        if self.loading:
            status = _("Reading the history from Prometheus…")
        elif self.error:
            status = _("Prometheus did not answer: {reason}").format(reason=self.error)
        elif not self.histories:
            status = _("No alert fired in this range.")
        else:
            firing = sum(1 for h in self.histories if h.firing_now)
            status = _("{n} alerts fired; {firing} still firing. From Prometheus's ALERTS series; "
                       "flaps/h counts firing and resolving per hour").format(n=len(self.histories), firing=firing)
        self.query_one("#history-status", Static).update(Text(clean(status, 400)))
