"""The alert table: rows keyed by alert key, updated by diff inside ``batch_update``.

Never ``clear()`` on refresh: changed rows ``update_cell`` for the cells that differ; rows
that leave or join the view are removed/added and the rows re-ordered (severity, then age)
in one pass (``_bulk_rows``), only when membership or order changed, and the cursor stays on
the same alert. An ``Alert`` that is the same object as the one shown only has its clock
cells (age) checked. Sized for 10,000 rows: see benchmarks/ui.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import islice

from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, Row, RowDoesNotExist, RowKey

from alerttui.domain import Alert, Severity, Silence, utcnow
from alerttui.i18n import _, fmt_age_short
from alerttui.widgets.cells import safe, severity_cell, state_text

COLUMNS: tuple[tuple[str, int], ...] = (
    ("sev", 5), ("tenant", 8), ("alertname", 18), ("state", 12), ("age", 6), ("summary", 30),
)
_STYLE_NAMES = {Severity.CRITICAL: "critical", Severity.ERROR: "error", Severity.WARNING: "warning",
                Severity.INFO: "info"}
# Extra cells given to each column (in this order) when the terminal is wider than 80.
GROW: tuple[tuple[str, int], ...] = (("alertname", 10), ("state", 8), ("tenant", 6))


def column_widths(total: int) -> dict[str, int]:
    """Widths that fill ``total`` cells: fixed minimums for 80 columns, the summary takes the
    rest, and wider terminals give a little more to alert name, state and tenant first."""
    widths = dict(COLUMNS)
    padding = 2 * len(widths)
    spare = total - padding - sum(w for k, w in widths.items() if k != "summary") - 1
    for key, extra in GROW:
        give = max(0, min(extra, spare - 40))
        widths[key] += give
        spare -= give
    widths["summary"] = max(10, spare)
    return widths


def column_labels() -> dict[str, str]:
    return {"sev": _("Sev"), "tenant": _("Tenant"), "alertname": _("Alert"), "state": _("State"),
            "age": _("Age"), "summary": _("Summary")}


class AlertTable(DataTable[Text]):
    """Rows keyed by ``Alert.key``. ``show_alerts`` applies a full desired state as a diff."""

    COMPONENT_CLASSES = {
        "alert-table--critical", "alert-table--error", "alert-table--warning",
        "alert-table--info", "alert-table--none", "alert-table--muted",
    }
    DEFAULT_CSS = """
    AlertTable > .alert-table--critical { color: $error; text-style: bold; }
    AlertTable > .alert-table--error { color: $error; }
    AlertTable > .alert-table--warning { color: $warning; }
    AlertTable > .alert-table--info { color: $primary; }
    AlertTable > .alert-table--none { color: $foreground-muted; }
    AlertTable > .alert-table--muted { color: $foreground-muted; }
    /* NO_COLOR: Textual renders in greys, so severity is carried by weight and reverse video. */
    AlertTable.-no-color > .alert-table--critical { color: $foreground; text-style: bold reverse; }
    AlertTable.-no-color > .alert-table--error { color: $foreground; text-style: bold; }
    AlertTable.-no-color > .alert-table--warning { color: $foreground; }
    AlertTable.-no-color > .alert-table--info { color: $foreground; }
    """

    class Selected(Message):
        """The operator opened an alert (enter)."""

        def __init__(self, alert: Alert) -> None:
            super().__init__()
            self.alert = alert

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.alerts: dict[str, Alert] = {}
        self._new: set[str] = set()
        self._cells: dict[str, tuple[str, ...]] = {}  # last rendered plain cell texts, per key
        self._order: dict[str, tuple[object, ...]] = {}  # sort key, per key
        self._row_keys: dict[str, RowKey] = {}
        # Rows taken out of view (filter, tenant switch) with their cells, for when they come back.
        self._hidden: dict[str, tuple[Alert, tuple[str, ...], list[Text], tuple[object, ...]]] = {}
        self._peak = 0
        self.silences: Mapping[str, Silence] = {}
        self.now: datetime = utcnow()

    def on_mount(self) -> None:
        self.set_class(self.app.no_color, "-no-color")
        self.add_columns_for_width()

    def add_columns_for_width(self) -> None:
        labels = column_labels()
        for key, width in COLUMNS:
            self.add_column(labels[key], width=width, key=key)

    def relabel(self) -> None:
        """Column headers in the current language (after a language switch)."""
        labels = column_labels()
        for key, column in self.columns.items():
            column.label = Text(labels[str(key.value)])
        self._hidden.clear()  # their state texts are in the previous language
        self.refresh()

    def on_resize(self) -> None:
        widths = column_widths(self.size.width)
        changed = False
        for key, column in self.columns.items():
            width = widths[str(key.value)]
            if column.width != width:
                column.width = width
                changed = True
        if changed:
            self._require_update_dimensions = True
            self.refresh()

    # -- rendering ------------------------------------------------------------------------

    def _style(self, alert: Alert, sev: Severity | None = None) -> str:
        sev = alert.severity if sev is None else sev
        name = _STYLE_NAMES.get(sev, "none")
        if alert.silenced or alert.inhibited:
            name = "muted"
        return f"alert-table--{name}"

    def _row(self, alert: Alert, new: bool) -> tuple[tuple[str, ...], tuple[object, ...], Severity]:
        """The plain texts of a row's cells (to see what changed), its sort key, its severity."""
        order = alert.sort_key()
        sev = Severity(order[0])
        plain = (
            ("●" if new else " ") + self._style(alert, sev) + "\x00" + alert.labels.get("severity", ""),
            alert.tenant,
            alert.alertname,
            state_text(alert, self.silences, self.now),
            fmt_age_short(self.now - alert.starts_at),
            alert.summary,
        )
        return plain, order, sev

    def _cells_for(self, alert: Alert, new: bool, plain: tuple[str, ...], order: tuple[object, ...],
                   sev: Severity) -> list[Text]:
        style = self.get_component_rich_style(self._style(alert, sev), partial=True)
        return [
            severity_cell(alert, style, new, order),
            safe(plain[1], 20),
            safe(plain[2], 80),
            safe(plain[3], 40),
            Text(plain[4], no_wrap=True),
            safe(plain[5], 300),
        ]

    def _clock_cells(self, alert: Alert, plain: tuple[str, ...]) -> tuple[tuple[str, ...], dict[int, Text]]:
        """An unchanged alert: only the clock moved, so only its age (and, when silenced, the
        ack's age in its state) can differ. Returns the new plain texts and the cells to redo."""
        age = fmt_age_short(self.now - alert.starts_at)
        state = state_text(alert, self.silences, self.now) if alert.silenced else plain[3]
        redo: dict[int, Text] = {}
        if state != plain[3]:
            redo[3] = safe(state, 40)
        if age != plain[4]:
            redo[4] = Text(age, no_wrap=True)
        if redo:
            plain = (*plain[:3], state, age, *plain[5:])
        return plain, redo

    def show_alerts(self, alerts: Iterable[Alert], silences: Mapping[str, Silence] | None = None,
                    now: datetime | None = None, mark_new: bool = True, changed_tenant: str | None = None) -> bool:
        """Make the table show exactly ``alerts``. Returns True if anything changed.

        ``changed_tenant``: only this tenant's snapshot changed (a poll). Rows of other tenants
        whose ``Alert`` is the very object already shown are then left alone, ages included:
        their ages are refreshed when their own tenant polls (every refresh interval), as in a
        single-tenant view, instead of touching 10,000 rows for each of 20 tenants' polls.
        """
        self.now = now or utcnow()
        if silences is not None:
            self.silences = silences
        wanted = {a.key: a for a in alerts}
        selected = self.selected_key()
        first_fill = not self.alerts
        previous_new = self._new
        self._new = set() if first_fill or not mark_new else {k for k in wanted if k not in self.alerts}
        if changed_tenant is not None:  # other tenants' new alerts keep their marker until they poll again
            self._new |= {k for k in previous_new if k in wanted and wanted[k].tenant != changed_tenant}
        removed = [k for k in self.alerts if k not in wanted]
        added: list[str] = []
        reordered = False
        updates: list[tuple[str, int, Text]] = []
        for key, alert in wanted.items():
            old = self.alerts.get(key)
            if old is None:
                added.append(key)
                continue
            old_plain = self._cells[key]
            if old is alert and (key in self._new) == (key in previous_new):
                if changed_tenant is not None and alert.tenant != changed_tenant:
                    continue
                plain, redo = self._clock_cells(alert, old_plain)
                updates.extend((key, i, cell) for i, cell in redo.items())
                self._cells[key] = plain
                continue
            new = key in self._new
            plain, order, sev = self._row(alert, new)
            self.alerts[key] = alert
            if plain == old_plain and order == self._order[key]:
                continue
            cells = self._cells_for(alert, new, plain, order, sev)
            for i in range(len(plain)):
                if old_plain[i] != plain[i] or (i == 0 and order != self._order[key]):
                    updates.append((key, i, cells[i]))
            if order != self._order[key]:
                reordered = True
                self._order[key] = order
            self._cells[key] = plain
        if not (updates or removed or added or reordered):
            return False
        keys = [c.key for c in self.ordered_columns]
        if not (removed or added or reordered):
            self._update_rows(updates, keys)
            return True
        with self.app.batch_update():
            for key, i, cell in updates:
                self.update_cell(key, keys[i], cell)
            self._bulk_rows(removed, added, wanted)
            self.restore_cursor(selected)
        return True

    def _update_rows(self, updates: list[tuple[str, int, Text]], keys: list[ColumnKey]) -> None:
        """Changed cells only: repaint just their rows. ``update_cell`` refreshes the whole
        widget, so an age ticking in one row re-sent the whole table to the terminal at each
        poll (~4 KB at 80x24, see benchmarks/idle_bytes.py)."""
        rows: set[RowKey] = set()
        for key, i, cell in updates:
            row_key = self._row_keys[key]
            self._data[row_key][keys[i]] = cell
            rows.add(row_key)
        self._update_count += 1
        if len(rows) > 64:
            self.refresh()
            return
        for row_key in rows:
            index = self._row_locations.get(row_key)
            if index is not None:
                self.refresh_row(index)

    # -- membership: DataTable.remove_row is O(rows) each (it rebuilds the row index), so
    #    dropping 9,000 rows for a filter keystroke took tens of seconds; rows are removed,
    #    added and ordered here in one pass over DataTable's own structures (Textual is pinned
    #    exactly in pyproject.toml; tests/ui/test_dashboard.py checks the internals used here
    #    still exist, so an upgrade fails CI instead of the table).

    def _make_row(self, key: str, alert: Alert) -> tuple[list[Text], tuple[str, ...], tuple[object, ...]]:
        """Cells for a row coming (back) into view: reused when it was shown before with the
        same alert (a filter widened again, back to All tenants), else built."""
        new = key in self._new
        cached = self._hidden.pop(key, None)
        if cached is not None:
            old, plain, cells, order = cached
            if (old is alert or old == alert) and plain[0][0] == ("●" if new else " "):
                plain, redo = self._clock_cells(alert, plain)
                if redo:
                    cells = list(cells)
                    for i, cell in redo.items():
                        cells[i] = cell
                return cells, plain, order
        plain, order, sev = self._row(alert, new)
        return self._cells_for(alert, new, plain, order, sev), plain, order

    def _bulk_rows(self, removed: list[str], added: list[str], wanted: Mapping[str, Alert]) -> None:
        columns = [c.key for c in self.ordered_columns]
        was_empty = not self.rows
        for key in removed:
            row_key = self._row_keys.pop(key)
            data = self._data.pop(row_key)
            self.rows.pop(row_key, None)
            self._hidden[key] = (self.alerts.pop(key), self._cells.pop(key), [data[c] for c in columns],
                                 self._order.pop(key))
        if removed and self._updated_cells:
            gone = set(removed)
            self._updated_cells = {c for c in self._updated_cells if c.row_key.value not in gone}
        for key in added:
            alert = wanted[key]
            cells, plain, order = self._make_row(key, alert)
            row_key = self._row_keys[key] = RowKey(key)
            self._data[row_key] = dict(zip(columns, cells, strict=True))
            self.rows[row_key] = Row(row_key, 1)
            self.alerts[key] = alert
            self._cells[key] = plain
            self._order[key] = order
        ordered = sorted(self._order, key=self._order.__getitem__)
        row_keys = self._row_keys
        self._row_locations = TwoWayDict({row_keys[k]: i for i, k in enumerate(ordered)})
        self._update_count += 1
        self._require_update_dimensions = True  # virtual size; widths are fixed, nothing to measure
        self.cursor_coordinate = self.cursor_coordinate  # clamp, as remove_row/add_row do
        self.hover_coordinate = self.hover_coordinate
        if was_empty and self.rows and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does for the first row
        self.refresh(layout=True)
        self.check_idle()
        self._prune_hidden()

    def _prune_hidden(self) -> None:
        """Hidden rows are kept for reuse, at most as many as the table ever showed (≥ 5,000),
        the oldest dropped first (resolved alerts age out)."""
        self._peak = max(self._peak, len(self.alerts))
        extra = len(self._hidden) - max(5000, self._peak)
        if extra > 0:
            for key in list(islice(self._hidden, extra)):
                del self._hidden[key]

    def clear_all(self) -> None:
        """Empty the table (switching tenants, not refreshing)."""
        columns = [c.key for c in self.ordered_columns]
        for key, row_key in self._row_keys.items():
            data = self._data.get(row_key)
            if data is not None and key in self.alerts:
                self._hidden[key] = (self.alerts[key], self._cells[key], [data[c] for c in columns],
                                     self._order[key])
        self.clear()
        self.alerts.clear()
        self._cells.clear()
        self._order.clear()
        self._row_keys.clear()
        self._new.clear()
        self._prune_hidden()

    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        except (RowDoesNotExist, IndexError):
            return None

    def selected_alert(self) -> Alert | None:
        key = self.selected_key()
        return self.alerts.get(key) if key else None

    def restore_cursor(self, key: str | None) -> None:
        if key is None or key not in self.alerts:
            return
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False, scroll=True)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        alert = self.alerts.get(str(event.row_key.value))
        if alert is not None:
            self.post_message(self.Selected(alert))
