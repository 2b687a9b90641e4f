"""Incidents (``i``): the alerts of a tenant that belong together, one row each: state,
severity counts, tenant, title, age, alert count, and the escalation outlook or the other
tenants reporting the same alerts. The pane below shows the selected incident's alerts,
shared labels and outlook (``enter`` gives it the whole screen).

Actions on the whole incident, each after one confirmation that says what will happen:
``a`` acknowledges every alert (one ack each), ``s`` silences them with one silence on their
shared labels when those select exactly these alerts (else one ack each), ``f`` forwards the
lead alert. The app's policy gate hides and refuses what the role or kiosk mode forbids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from alerttui.bindings import bind
from alerttui.domain import Alert, Matcher, Severity, Snapshot, matches_all
from alerttui.domain.incidents import Incident
from alerttui.face import face_of
from alerttui.i18n import N_, _, fmt_age_short, fmt_datetime, ngettext
from alerttui.sanitize import clean
from alerttui.widgets.cells import SEVERITY_LABELS, fit_flexible_column, state_text
from alerttui.widgets.footer import Footer

WIDTHS = {"state": 8, "counts": 7, "tenant": 8, "age": 4, "alerts": 6, "outlook": 16}
COLUMNS = ("state", "counts", "tenant", "title", "age", "alerts", "outlook")
LETTERS = {Severity.CRITICAL: "C", Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "I",
           Severity.NONE: "-", Severity.UNKNOWN: "?"}
DETAIL_ALERTS = 6  # alerts listed in the pane (all of them when it has the whole screen)


def column_labels() -> dict[str, str]:
    return {"state": _("State"), "counts": _("Sev"), "tenant": _("Tenant"), "title": _("Incident"),
            "age": _("Age"), "alerts": _("Alerts"), "outlook": _("Outlook")}


def state_label(incident: Incident) -> str:
    return {"open": _("open"), "acknowledged": _("acked"), "resolved": _("resolved")}.get(incident.state,
                                                                                          incident.state)


def severity_counts(incident: Incident) -> str:
    """``2C 1W``: how many alerts of each severity, most severe first."""
    return " ".join(f"{n}{LETTERS[sev]}" for sev, n in sorted(incident.counts().items()))


def duplicates_marker(incident: Incident) -> str:
    if not incident.duplicates:
        return ""
    return _("dup: {tenants}").format(tenants=", ".join(clean(t, 20) for t in incident.duplicates))


def shared_matchers(incident: Incident) -> list[Matcher]:
    return [Matcher.equal(k, v) for k, v in sorted(incident.shared_labels().items())]


def format_labels(matchers: Sequence[Matcher], limit: int = 300) -> str:
    return clean(", ".join(str(m) for m in matchers), limit)


def to_answer(incident: Incident) -> list[Alert]:
    """The alerts an ack would be for: the live ones nobody silenced or acknowledged yet."""
    return [a for a in incident.alerts if not a.silenced]


def selects_exactly(matchers: Sequence[Matcher], incident: Incident, snapshot: Snapshot | None) -> bool:
    """Whether ``matchers`` select the incident's alerts and no other current alert of its tenant."""
    if not matchers or snapshot is None or not incident.alerts:
        return False
    chosen = {fp for fp, a in snapshot.alerts.items() if matches_all(matchers, a.labels)}
    return chosen == {a.fingerprint for a in incident.alerts}


class IncidentsScreen(Screen[None]):

    BINDINGS = [
        bind("escape", "back", N_("Back"), id="incidents_back"),
        bind("q", "back", N_("Back"), show=False, id="incidents_close"),
        bind("enter", "expand", N_("Alerts"), id="incident_expand", tooltip=N_("The incident's alerts")),
        bind("a", "ack", N_("Ack all"), id="incident_ack", tooltip=N_("Acknowledge every alert of the incident")),
        bind("s", "silence", N_("Silence"), id="incident_silence",
             tooltip=N_("One silence on the incident's shared labels")),
        bind("f", "forward", N_("Slack"), id="incident_forward", tooltip=N_("Forward the lead alert to Slack")),
    ]
    DEFAULT_CSS = """
    IncidentsScreen #incidents { height: 1fr; }
    IncidentsScreen #incident-detail { height: auto; max-height: 9; border-top: solid $foreground 20%;
                                       padding: 0 1; }
    IncidentsScreen.-expanded #incidents { display: none; }
    IncidentsScreen.-expanded #incident-detail { height: 1fr; max-height: 100%; }
    """

    def __init__(self, tenant: str | None, snapshots: Mapping[str, Snapshot]) -> None:
        super().__init__()
        self.tenant = tenant
        self.snapshots = snapshots
        self.rows: dict[str, Incident] = {}
        self.outlooks: dict[str, str] = {}
        self.columns = tuple(c for c in COLUMNS if c != "tenant" or tenant is None)

    def compose(self) -> ComposeResult:
        yield Static(Text(clean(self._title(), 80), style="bold"), id="incidents-title")
        yield DataTable(id="incidents", cursor_type="row")
        yield Static(id="incident-detail")
        yield Footer()

    def _title(self) -> str:
        if self.tenant is None:
            return _("Incidents of all tenants")
        snap = self.snapshots.get(self.tenant)
        return _("Incidents of {tenant}").format(tenant=snap.tenant_name if snap else self.tenant)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        labels = column_labels()
        for key in self.columns:
            table.add_column(labels[key], key=key, width=WIDTHS.get(key, 10))
        self.on_resize()  # the title column takes what the others leave
        self.refresh_rows()
        table.focus()
        # The incidents follow a poll a moment after its snapshot arrives: look again now and then.
        self.set_interval(2, self.refresh_rows)

    def retranslate(self) -> None:
        """Every text in the active language (after ``L``)."""
        table = self.query_one(DataTable)
        labels = column_labels()
        for key, column in table.columns.items():
            column.label = Text(labels[str(key.value)])
        self.query_one("#incidents-title", Static).update(Text(clean(self._title(), 80), style="bold"))
        self.rows = {}
        self.refresh_rows()

    def on_resize(self) -> None:
        fit_flexible_column(self.query_one(DataTable), self.columns, WIDTHS, "title", self.size.width)

    def now(self) -> datetime:
        return face_of(self).clock()

    def update_snapshots(self, snapshots: Mapping[str, Snapshot]) -> None:
        self.snapshots = snapshots
        self.refresh_rows()

    def _incidents(self) -> list[Incident]:
        return [i for i in face_of(self).incidents() if self.tenant is None or i.tenant == self.tenant]

    def _outlook_cell(self, key: str, incident: Incident) -> str:
        return " · ".join(p for p in (duplicates_marker(incident), self.outlooks.get(key, "")) if p)

    def _cells(self, key: str, incident: Incident, now: datetime) -> list[Text]:
        dim = "dim" if incident.state == "resolved" else ""
        cells = {
            "state": Text(state_label(incident), style="bold" if incident.state == "open" else dim),
            "counts": Text(severity_counts(incident) or "-",
                           style="bold" if incident.severity is Severity.CRITICAL else dim),
            "tenant": Text(clean(incident.tenant, 20), style=dim),
            "title": Text(clean(incident.title, 200), style=dim, no_wrap=True, overflow="ellipsis"),
            "age": Text(fmt_age_short(incident.age(now)), style=dim),
            "alerts": Text(str(len(incident.alerts)), style=dim),
            "outlook": Text(clean(self._outlook_cell(key, incident), 200), style=dim, no_wrap=True,
                            overflow="ellipsis"),
        }
        return [cells[c] for c in self.columns]

    def refresh_rows(self) -> None:
        """Update cells in place; rebuild (keeping the cursor's incident) only when the list
        or its order changed. Incidents are few, unlike alerts."""
        table = self.query_one(DataTable)
        face = face_of(self)
        now = self.now()
        wanted = {f"{i.tenant}/{i.id}": i for i in self._incidents()}
        outlooks = {key: face.escalation_outlook(i) if i.state != "resolved" else "" for key, i in wanted.items()}
        selected = self.selected()
        selected_key = f"{selected.tenant}/{selected.id}" if selected else None
        with self.app.batch_update():
            if list(wanted) != list(self.rows):
                self.outlooks = outlooks
                table.clear()
                for key, incident in wanted.items():
                    table.add_row(*self._cells(key, incident, now), key=key)
                if selected_key in wanted:
                    table.move_cursor(row=list(wanted).index(selected_key), animate=False)
            else:
                for key, incident in wanted.items():
                    if self.rows[key] != incident or self.outlooks.get(key) != outlooks[key]:
                        self.outlooks[key] = outlooks[key]
                        for col, cell in zip(self.columns, self._cells(key, incident, now), strict=True):
                            table.update_cell(key, col, cell)
                    else:  # the age moves on
                        table.update_cell(key, "age", Text(fmt_age_short(incident.age(now))))
            self.rows = wanted
        self._show_detail()

    def selected(self) -> Incident | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return self.rows.get(key)

    @on(DataTable.RowHighlighted)
    def _row_moved(self) -> None:
        self._show_detail()
        self.refresh_bindings()  # the actions depend on the selected incident's tenant and role

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_expand()

    def _show_detail(self) -> None:
        detail = self.query_one("#incident-detail", Static)
        incident = self.selected()
        if incident is None:
            detail.update(_("No incidents. All quiet."))
            return
        now = self.now()
        key = f"{incident.tenant}/{incident.id}"
        out = Text()
        out.append(_("Incident {id}").format(id=incident.id), style="bold")
        out.append(" · " + state_label(incident) + " · " + clean(incident.tenant, 40))
        out.append(" · " + _("since {start} ({age})").format(start=fmt_datetime(incident.started_at, "short"),
                                                            age=fmt_age_short(incident.age(now))))
        extra = self._outlook_cell(key, incident)
        if extra:
            out.append("\n" + clean(extra, 300))
        shared = shared_matchers(incident)
        if shared:
            out.append("\n" + _("Shared labels: "), style="bold")
            out.append(format_labels(shared, 600))
        snap = self.snapshots.get(incident.tenant)
        silences = snap.silences if snap is not None else {}
        limit = None if self.has_class("-expanded") else DETAIL_ALERTS
        for alert in incident.alerts[:limit]:
            out.append("\n  ")
            out.append(f"{SEVERITY_LABELS[alert.severity]:<4} ", style="bold")
            out.append(clean(alert.alertname or _("(no alertname)"), 60))
            out.append("  " + clean(state_text(alert, silences, now), 60), style="dim")
        hidden = len(incident.alerts) - DETAIL_ALERTS
        if limit is not None and hidden > 0:
            out.append("\n  " + ngettext("… and {n} more (enter)", "… and {n} more (enter)", hidden).format(n=hidden),
                       style="dim")
        detail.update(out)

    # -- actions (gated by the app's policy check) -------------------------------------------

    def _tenant_of_selection(self) -> str | None:
        incident = self.selected()
        return incident.tenant if incident is not None else self.tenant

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("ack", "silence", "forward"):
            return face_of(self).may(action, self._tenant_of_selection())
        return True

    def _allowed(self, action: str) -> Incident | None:
        """The selected incident when ``action`` may run on it (else says why, and None)."""
        incident = self.selected()
        if incident is None:
            self.notify(_("Select an incident first."), severity="warning")
            return None
        if not face_of(self).may(action, incident.tenant):
            self.notify(_("Not allowed here"), severity="warning")
            return None
        return incident

    def action_back(self) -> None:
        if self.has_class("-expanded"):
            self.action_expand()
        else:
            self.app.pop_screen()

    def action_expand(self) -> None:
        self.toggle_class("-expanded")
        if not self.has_class("-expanded"):
            self.query_one(DataTable).focus()
        self._show_detail()

    def action_ack(self) -> None:
        incident = self._allowed("ack")
        if incident is not None:
            self._confirm_acks(incident)

    def _confirm_acks(self, incident: Incident) -> None:
        from alerttui.screens.confirm_modal import ConfirmModal

        alerts = to_answer(incident)
        if not alerts:
            self.notify(_("Every alert of this incident is already silenced or acknowledged."), severity="warning")
            return
        names = ", ".join(clean(a.alertname or a.fingerprint, 40) for a in alerts[:8])
        if len(alerts) > 8:
            names += ", …"
        question = Text(ngettext("Acknowledge {n} alert, one ack each: {names}",
                                 "Acknowledge {n} alerts, one ack each: {names}", len(alerts)).format(
            n=len(alerts), names=names))

        def answered(yes: bool | None) -> None:
            if yes:
                face = face_of(self)
                for alert in alerts:
                    face.ack(alert)

        self.app.push_screen(ConfirmModal(question, yes=_("Acknowledge")), answered)

    def action_silence(self) -> None:
        from alerttui.screens.confirm_modal import ConfirmModal

        incident = self._allowed("silence")
        if incident is None:
            return
        matchers = shared_matchers(incident)
        if not selects_exactly(matchers, incident, self.snapshots.get(incident.tenant)):
            self._confirm_acks(incident)  # its shared labels would silence other alerts too
            return
        n = len(incident.alerts)
        question = Text(ngettext("One silence on {labels} (exactly this alert)",
                                 "One silence on {labels} (exactly these {n} alerts)", n).format(
            labels=format_labels(matchers), n=n))
        tenant = incident.tenant

        def answered(yes: bool | None) -> None:
            if yes:
                face_of(self).open_silence_form(tenant, matchers=matchers)

        self.app.push_screen(ConfirmModal(question, yes=_("Silence")), answered)

    def action_forward(self) -> None:
        incident = self._allowed("forward")
        if incident is None:
            return
        if incident.lead is None:
            self.notify(_("This incident has no live alert to forward."), severity="warning")
            return
        face_of(self).forward(incident.lead)
