"""Silences of the tenant (or all tenants): active, pending and expired, with matchers,
author, comment, times and how many current alerts each matches. ``x`` expires the
selected (or every marked) silence after one confirmation, ``enter`` edits, ``space``
marks, ``n`` creates a new one (e.g. a maintenance window)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from alerttui.bindings import bind
from alerttui.domain import Silence, SilenceState, Snapshot, format_matchers, matches_all
from alerttui.domain.serialize import SILENCE_STATE_ORDER as STATE_ORDER
from alerttui.domain.serialize import silence_state_label as state_label
from alerttui.face import face_of
from alerttui.i18n import N_, _, fmt_age_short, fmt_datetime
from alerttui.messages import AuditHistoryLoaded
from alerttui.sanitize import clean
from alerttui.widgets.cells import fit_flexible_column
from alerttui.widgets.footer import Footer

WIDTHS = {"mark": 1, "state": 7, "tenant": 8, "matchers": 22, "by": 8, "ends": 5, "matches": 6}
# Room for the comment at 80 columns: the tenant column only in the all-tenants view.
COLUMNS = ("mark", "state", "tenant", "matchers", "by", "ends", "matches", "comment")


def column_labels() -> dict[str, str]:
    return {"mark": " ", "state": _("State"), "tenant": _("Tenant"), "matchers": _("Matchers"),
            "by": _("By"), "ends": _("Ends"), "matches": _("Alerts"), "comment": _("Comment")}


class SilencesScreen(Screen[None]):

    BINDINGS = [
        bind("escape", "app.pop_screen", N_("Back"), id="silences_back"),
        bind("x", "expire", N_("Expire"), id="expire"),
        bind("enter", "edit", N_("Edit"), id="edit_silence"),
        bind("space", "mark", N_("Mark"), id="mark_silence"),
        bind("n", "new", N_("New silence"), id="new_silence"),
    ]
    DEFAULT_CSS = """
    SilencesScreen #silences { height: 1fr; }
    SilencesScreen #silence-detail { height: auto; max-height: 8; border-top: solid $foreground 20%; padding: 0 1; }
    """

    def __init__(self, tenant: str | None, snapshots: Mapping[str, Snapshot]) -> None:
        super().__init__()
        self.tenant = tenant
        self.snapshots = snapshots
        self.history: dict[str, list[str]] = {}  # silence id -> its audit lines, once read
        self.marked: set[str] = set()
        self.rows: dict[str, tuple[str, Silence]] = {}  # key -> (tenant, silence)
        self.columns = tuple(c for c in COLUMNS if c != "tenant" or tenant is None)

    def compose(self) -> ComposeResult:
        title = _("Silences of {tenant}").format(
            tenant=self.snapshots[self.tenant].tenant_name if self.tenant in self.snapshots else self.tenant) \
            if self.tenant else _("Silences of all tenants")
        yield Static(Text(clean(title, 80), style="bold"), id="silences-title")
        yield DataTable(id="silences", cursor_type="row")
        yield Static(id="silence-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        labels = column_labels()
        for key in self.columns:
            table.add_column(labels[key], key=key, width=WIDTHS.get(key, 10))
        self.refresh_rows()
        table.focus()

    def retranslate(self) -> None:
        """Every text in the active language (after ``L``)."""
        table = self.query_one(DataTable)
        labels = column_labels()
        for key, column in table.columns.items():
            column.label = Text(labels[str(key.value)])
        self.rows = {}  # re-render every cell (state names are translated)
        self.refresh_rows()

    def on_resize(self) -> None:
        fit_flexible_column(self.query_one(DataTable), self.columns, WIDTHS, "comment", self.size.width)

    def now(self) -> datetime:
        return face_of(self).clock()

    def update_snapshots(self, snapshots: Mapping[str, Snapshot]) -> None:
        self.snapshots = snapshots
        self.refresh_rows()

    def _silences(self) -> list[tuple[str, Silence]]:
        out = []
        for tid, snap in self.snapshots.items():
            if self.tenant is None or tid == self.tenant:
                out.extend((tid, s) for s in snap.silences.values())
        out.sort(key=lambda ts: (STATE_ORDER.get(ts[1].state, 3), ts[1].ends_at.timestamp(), ts[1].id))
        return out

    def _cells(self, key: str, tid: str, sil: Silence, now: datetime) -> list[Text]:
        n = sum(1 for a in self.snapshots[tid].alerts.values() if matches_all(sil.matchers, a.labels))
        ends = sil.ends_at - now
        cells = [
            Text("●" if key in self.marked else " "),
            Text(state_label(sil.state), style="dim" if sil.state is SilenceState.EXPIRED else ""),
            Text(clean(tid, 20)),
            Text(clean(format_matchers(sil.matchers), 200), no_wrap=True, overflow="ellipsis"),
            Text(clean(sil.created_by, 40)),
            Text(fmt_age_short(ends) if ends.total_seconds() > 0 else "-"),
            Text(str(n)),
            Text(clean(sil.comment, 300), no_wrap=True, overflow="ellipsis"),
        ]
        return [c for c, name in zip(cells, COLUMNS, strict=True) if name in self.columns]

    def refresh_rows(self) -> None:
        """Update cells in place; rebuild (keeping the cursor's silence) only when the list
        or its order changed. Silences are few, unlike alerts."""
        table = self.query_one(DataTable)
        now = self.now()
        wanted = {f"{tid}/{s.id}": (tid, s) for tid, s in self._silences()}
        selected = self.selected()
        selected_key = f"{selected[0]}/{selected[1].id}" if selected else None
        self.marked &= set(wanted)
        with self.app.batch_update():
            if list(wanted) != list(self.rows):
                table.clear()
                for key, (tid, sil) in wanted.items():
                    table.add_row(*self._cells(key, tid, sil, now), key=key)
                if selected_key in wanted:
                    table.move_cursor(row=list(wanted).index(selected_key), animate=False)
            else:
                for key, (tid, sil) in wanted.items():
                    if self.rows[key] != (tid, sil):
                        for col, cell in zip(self.columns, self._cells(key, tid, sil, now), strict=True):
                            table.update_cell(key, col, cell)
            self.rows = wanted
        self._show_detail()

    def selected(self) -> tuple[str, Silence] | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return self.rows.get(key)

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        detail = self.query_one("#silence-detail", Static)
        chosen = self.selected()
        if chosen is None:
            detail.update(_("No silences."))
            return
        tid, sil = chosen
        out = Text()
        out.append(f"{sil.id}  ", style="bold")
        out.append(_("{start} → {end}").format(start=fmt_datetime(sil.starts_at, "short"),
                                              end=fmt_datetime(sil.ends_at, "short")))
        out.append("\n" + clean(format_matchers(sil.matchers), 600))
        out.append("\n" + _("by {who}: {comment}").format(who=clean(sil.created_by, 60), comment=clean(sil.comment, 600)))
        history = self.history.get(sil.id)
        if history is None:
            face_of(self).request_audit_history(tid, sil.id, self)  # arrives as AuditHistoryLoaded
        for line in (history or [])[-3:]:
            out.append("\n" + line, style="dim")
        detail.update(out)

    def on_audit_history_loaded(self, message: AuditHistoryLoaded) -> None:
        self.history[message.target] = message.lines
        chosen = self.selected()
        if chosen is not None and chosen[1].id == message.target and message.lines:
            self._show_detail()

    # -- actions (gated by the app's policy check) -------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("expire", "edit", "new", "mark"):
            return face_of(self).may(action, self.tenant)
        return True

    def action_mark(self) -> None:
        table = self.query_one(DataTable)
        chosen = self.selected()
        if chosen is None:
            return
        key = f"{chosen[0]}/{chosen[1].id}"
        if key in self.marked:
            self.marked.discard(key)
        else:
            self.marked.add(key)
        table.update_cell(key, "mark", Text("●" if key in self.marked else " "))
        table.action_cursor_down()

    def targets(self) -> list[tuple[str, Silence]]:
        if self.marked:
            return [self.rows[k] for k in sorted(self.marked) if k in self.rows]
        chosen = self.selected()
        return [chosen] if chosen else []

    def action_expire(self) -> None:
        targets = [(t, s) for t, s in self.targets() if s.state is not SilenceState.EXPIRED]
        if not targets:
            self.notify(_("Nothing to expire: the selected silences have already ended."), severity="warning")
            return
        face_of(self).expire_silences(targets)

    def action_edit(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if chosen[1].state is SilenceState.EXPIRED:
            self.notify(_("An expired silence cannot be edited; create a new one with n."), severity="warning")
            return
        face_of(self).open_silence_form(chosen[0], existing=chosen[1])

    def action_new(self) -> None:
        tenant = self.tenant or (self.selected() or (None,))[0]
        if tenant is None:
            self.notify(_("Choose a tenant first (1-9)."), severity="warning")
            return
        face_of(self).open_silence_form(tenant)
