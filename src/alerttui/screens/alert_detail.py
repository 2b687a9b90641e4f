"""Details of one alert: every label and annotation (literal), state, silences, inhibitions,
replicas, links as text to copy, and a sparkline of the alert's own expression."""

from __future__ import annotations

from datetime import UTC, timedelta
from urllib.parse import parse_qs, urlsplit

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from alerttui.bindings import bind
from alerttui.domain import Alert, MetricSeries, Snapshot
from alerttui.domain.promql import Comparison, split_comparison
from alerttui.durations import format_duration
from alerttui.face import face_of
from alerttui.i18n import N_, _, fmt_age, fmt_datetime, ngettext
from alerttui.messages import AlertHistoryLoaded, AuditHistoryLoaded
from alerttui.sanitize import clean
from alerttui.widgets.cells import SEVERITY_LABELS, state_text
from alerttui.widgets.expression_chart import ExpressionChart, number
from alerttui.widgets.footer import Footer


def alert_expression(generator_url: str) -> str | None:
    """The PromQL expression in a Prometheus ``generatorURL`` (``/graph?g0.expr=...``)."""
    try:
        query = parse_qs(urlsplit(generator_url).query)
    except ValueError:
        return None
    values = query.get("g0.expr")
    return values[0] if values else None


def _kv_table(title: str, items: dict[str, str], multiline: bool) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True, padding=(0, 1))
    table.add_column(style="bold", no_wrap=True, max_width=30)
    table.add_column(overflow="fold", ratio=1)
    for key in sorted(items):
        table.add_row(Text(clean(key, 60)), Text(clean(items[key], single_line=not multiline)))
    return table


class AlertDetailScreen(Screen[None]):

    BINDINGS = [
        bind("escape", "app.pop_screen", N_("Back"), id="back"),
    ]
    DEFAULT_CSS = """
    AlertDetailScreen #detail-body { padding: 0 1; }
    AlertDetailScreen .section { margin-bottom: 1; }

    AlertDetailScreen #expr-title { color: $foreground-muted; }
    """

    def __init__(self, alert: Alert, snapshot: Snapshot | None, history: list[str] | None = None) -> None:
        super().__init__()
        self.alert = alert
        self.snapshot = snapshot
        self.history = history or []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            yield Static(self._header(), classes="section", id="header")
            yield Static(self._incident(), classes="section", id="incident")
            yield Static(id="fired-strip")
            yield Static(self._state(), classes="section", id="state")
            yield Static(id="expr-title")
            yield ExpressionChart(id="expr-chart")
            yield Static(_kv_table(_("Labels"), dict(self.alert.labels), False), classes="section", id="labels")
            yield Static(_kv_table(_("Annotations"), dict(self.alert.annotations), True), classes="section",
                         id="annotations")
            yield Static(self._links(), classes="section", id="links")
            yield Static(self._history(), classes="section", id="history")
        yield Footer()

    def _history(self) -> Text:
        if not self.history:
            return Text()
        return Text(_("Actions on this alert (audit log)") + "\n" + "\n".join(self.history[-10:]))

    def on_audit_history_loaded(self, message: AuditHistoryLoaded) -> None:
        if message.target == self.alert.fingerprint:
            self.history = message.lines
            self._show_history()

    def _show_history(self) -> None:
        history = self.query_one("#history", Static)
        history.update(self._history())
        history.display = bool(self.history)

    def retranslate(self) -> None:
        """Every text in the active language (after ``L``)."""
        self.query_one("#header", Static).update(self._header())
        self._show_incident()
        self.query_one("#state", Static).update(self._state())
        self.query_one("#labels", Static).update(_kv_table(_("Labels"), dict(self.alert.labels), False))
        self.query_one("#annotations", Static).update(_kv_table(_("Annotations"), dict(self.alert.annotations), True))
        self.query_one("#links", Static).update(self._links())

    def _incident(self) -> Text:
        """``Incident 3f2a9c1d · open · escalates to oncall-secondary in 4m``, when it is in one."""
        from alerttui.screens.incidents import duplicates_marker, state_label

        face = face_of(self)
        incident = face.incident_of(self.alert.tenant, self.alert.fingerprint)
        if incident is None:
            return Text()
        parts = [_("Incident {id}").format(id=incident.id), state_label(incident)]
        parts += [p for p in (face.escalation_outlook(incident), duplicates_marker(incident)) if p]
        return Text(clean(" · ".join(parts), 300))

    def _show_incident(self) -> None:
        line = self.query_one("#incident", Static)
        text = self._incident()
        line.update(text)
        line.display = bool(text.plain)

    def on_alert_history_loaded(self, message: AlertHistoryLoaded) -> None:
        """``Fired in the last 24h: ·····█·····  2 times, 35m in all, longest 30m``."""
        if message.tenant != self.alert.tenant or message.alertname != self.alert.alertname:
            return
        strip = self.query_one("#fired-strip", Static)
        mine = [h for h in message.histories if all(self.alert.labels.get(k) == v for k, v in h.labels.items())]
        if message.error or not mine:
            strip.display = False
            return
        h = mine[0]
        text = Text(_("Fired in the last 24h: "))
        text.append(h.strip(24), style="bold")
        text.append("  " + ngettext("once, {total} in all, longest {longest}",
                                    "{n} times, {total} in all, longest {longest}", h.fired).format(
            n=h.fired, total=format_duration(h.total()), longest=format_duration(h.longest())))
        strip.update(text)
        strip.display = True

    def on_mount(self) -> None:
        self.query_one("#fired-strip").display = False
        face_of(self).request_alert_history(self.alert.tenant, self.alert.alertname, timedelta(hours=24), self)
        self._show_incident()
        self.query_one("#expr-chart").display = False
        self._show_history()
        if not self.history:
            face_of(self).request_audit_history(self.alert.tenant, self.alert.fingerprint, self)
        expr = alert_expression(self.alert.generator_url)
        if expr:
            comparison = split_comparison(expr)
            shown = comparison.lhs if comparison is not None else expr
            title = _("Expression (last hour): {expr}").format(expr=clean(shown, 200))
            if comparison is not None:
                title += " · " + _("fires when {op} {threshold}").format(op=comparison.op,
                                                                           threshold=number(comparison.threshold))
            self.query_one("#expr-title", Static).update(Text(title, no_wrap=True, overflow="ellipsis"))
            self.load_expression(shown, comparison)
        else:
            self.query_one("#expr-title", Static).display = False

    @work(exclusive=True, exit_on_error=False, group="detail-expr")
    async def load_expression(self, expr: str, comparison: Comparison | None = None) -> None:
        series: MetricSeries = await face_of(self).expression_series(self.alert.tenant, expr, timedelta(hours=1))
        title = self.query_one("#expr-title", Static)
        if series.error:
            title.update(Text(_("Expression: {reason}").format(reason=clean(series.error, 200)), no_wrap=True))
            return
        if not series.points:
            title.update(Text(_("Expression: no data in the last hour"), no_wrap=True))
            return
        self.query_one("#expr-chart", ExpressionChart).show([v for _t, v in series.points], comparison)

    def _header(self) -> Text:
        a = self.alert
        out = Text()
        out.append(f"{SEVERITY_LABELS[a.severity]} ", style="bold reverse")
        out.append(" ")
        out.append(clean(a.alertname or _("(no alertname)"), 200), style="bold")
        out.append(" · " + _("tenant {tenant}").format(tenant=clean(a.tenant, 40)))
        out.append("\n" + _("fingerprint {fp}").format(fp=clean(a.fingerprint, 40)), style="dim")
        return out

    def _state(self) -> Text:
        a = self.alert
        now = face_of(self).clock()
        silences = dict(self.snapshot.silences) if self.snapshot else {}
        out = Text()
        out.append(_("State: ") , style="bold")
        out.append(state_text(a, silences))
        out.append("\n")
        out.append(_("Started: "), style="bold")
        out.append(f"{fmt_datetime(a.starts_at)} · {fmt_datetime(a.starts_at, tz=UTC)} · {fmt_age(now - a.starts_at)}")
        if a.ends_at:
            out.append("\n")
            out.append(_("Ends: "), style="bold")
            out.append(fmt_datetime(a.ends_at))
        for sid in a.silenced_by:
            sil = silences.get(sid)
            out.append("\n")
            out.append(_("Silenced by: "), style="bold")
            if sil is None:
                out.append(clean(sid, 60))
            else:
                out.append(_("{id} by {who} until {end}: {comment}").format(
                    id=clean(sid, 60), who=clean(sil.created_by, 60), end=fmt_datetime(sil.ends_at),
                    comment=clean(sil.comment, 300)))
        for iid in a.inhibited_by:
            out.append("\n")
            out.append(_("Inhibited by: "), style="bold")
            out.append(clean(iid, 80))
        out.append("\n")
        out.append(_("Reported by: "), style="bold")
        out.append(", ".join(clean(r, 100) for r in a.replicas) or "-")
        if a.receivers:
            out.append("\n")
            out.append(_("Receivers: "), style="bold")
            out.append(", ".join(clean(r, 60) for r in a.receivers))
        return out

    def _links(self) -> Text:
        out = Text()
        out.append(_("Source (generatorURL):") + "\n", style="bold")
        out.append(clean(self.alert.generator_url or "-", 2000) + "\n")
        runbook = self.alert.annotations.get("runbook_url") or self.alert.labels.get("runbook_url")
        if runbook:
            out.append(_("Runbook:") + "\n", style="bold")
            out.append(clean(runbook, 2000))
        return out
