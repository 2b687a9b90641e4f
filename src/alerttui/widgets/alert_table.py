"""The alert table: rows keyed by alert key, updated by diff inside ``batch_update``.

Never ``clear()`` on refresh: removed alerts ``remove_row``, new ones ``add_row(key=...)``,
changed ones ``update_cell`` for the cells that differ; rows are resorted (severity, then
age) only when something changed, and the cursor stays on the same alert.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from alerttui.domain import Alert, Severity, Silence, utcnow
from alerttui.i18n import _, fmt_age_short
from alerttui.widgets.cells import SortText, safe, severity_cell, state_text

COLUMNS: tuple[tuple[str, int], ...] = (
    ("sev", 5), ("tenant", 8), ("alertname", 18), ("state", 12), ("age", 6), ("summary", 30),
)
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

    def _style(self, alert: Alert) -> str:
        sev = alert.severity
        name = {Severity.CRITICAL: "critical", Severity.ERROR: "error", Severity.WARNING: "warning",
                Severity.INFO: "info"}.get(sev, "none")
        if alert.silenced or alert.inhibited:
            name = "muted"
        return f"alert-table--{name}"

    def _plain(self, alert: Alert, new: bool) -> tuple[str, ...]:
        return (
            ("●" if new else " ") + str(alert.sort_key()) + self._style(alert),
            alert.tenant,
            alert.alertname,
            state_text(alert, dict(self.silences), self.now),
            fmt_age_short(self.now - alert.starts_at),
            alert.summary,
        )

    def _cells_for(self, alert: Alert, new: bool, plain: tuple[str, ...]) -> list[Text]:
        style = self.get_component_rich_style(self._style(alert), partial=True)
        return [
            severity_cell(alert, style, new),
            safe(plain[1], 20),
            safe(plain[2], 80),
            safe(plain[3], 40),
            Text(plain[4], no_wrap=True),
            safe(plain[5], 300),
        ]

    def show_alerts(self, alerts: Iterable[Alert], silences: Mapping[str, Silence] | None = None,
                    now: datetime | None = None, mark_new: bool = True) -> bool:
        """Make the table show exactly ``alerts``. Returns True if anything changed."""
        self.now = now or utcnow()
        if silences is not None:
            self.silences = silences
        wanted = {a.key: a for a in alerts}
        selected = self.selected_key()
        first_fill = not self.alerts
        previous_new = self._new
        self._new = set() if first_fill or not mark_new else {k for k in wanted if k not in self.alerts}
        changed = False  # membership or order changed: resort
        touched = False
        keys = [c.value for c in self.columns]
        with self.app.batch_update():
            for key in [k for k in self.alerts if k not in wanted]:
                self.remove_row(key)
                del self.alerts[key]
                self._cells.pop(key, None)
                changed = True
            for key, alert in wanted.items():
                new = key in self._new
                plain = self._plain(alert, new)
                if key not in self.alerts:
                    self.add_row(*self._cells_for(alert, new, plain), key=key)
                    changed = True
                elif plain != self._cells.get(key) or key in previous_new:
                    old_plain = self._cells.get(key, ())
                    cells = self._cells_for(alert, new, plain)
                    for i, col in enumerate(keys):
                        if i >= len(old_plain) or old_plain[i] != plain[i] or i == 0:
                            self.update_cell(key, col, cells[i])
                    touched = True
                    changed = changed or old_plain[:1] != plain[:1]
                self.alerts[key] = alert
                self._cells[key] = plain
            if changed:
                self.sort(key=lambda row: row[0].order if isinstance(row[0], SortText) else ())
                self.restore_cursor(selected)
        return changed or touched

    def clear_all(self) -> None:
        """Empty the table (switching tenants, not refreshing)."""
        self.clear()
        self.alerts.clear()
        self._cells.clear()
        self._new.clear()

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
