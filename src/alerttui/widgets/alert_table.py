"""The alert table: a Line-API view (``ScrollView`` + ``render_line``, as Textualize's
toolong renders huge logs) over a model of our own (``table_model.AlertRows``).

It draws only the lines on screen, so its cost does not grow with the rows it holds: a poll
that changes 100 of 100,000 alerts moves 100 entries of a sorted index and repaints the
visible lines those rows are on. Cells are built when first drawn and kept; the age (and an
ack's age) is formatted at draw time, so the clock moving costs nothing for rows off screen.
The cursor stays on its alert when rows move, arrive or leave. No Textual internals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from itertools import islice

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from alerttui.domain import Alert, Severity, Silence, utcnow
from alerttui.domain.filtering import AlertFilter
from alerttui.i18n import _, fmt_age_short
from alerttui.widgets.cells import safe, severity_cell, state_text
from alerttui.widgets.table_model import AlertRows, Row, select_rows

COLUMNS: tuple[tuple[str, int], ...] = (
    ("sev", 5), ("tenant", 8), ("alertname", 18), ("state", 12), ("age", 6), ("summary", 30),
)
_STYLE_NAMES = {Severity.CRITICAL: "critical", Severity.ERROR: "error", Severity.WARNING: "warning",
                Severity.INFO: "info"}
# Extra cells given to each column (in this order) when the terminal is wider than 80.
GROW: tuple[tuple[str, int], ...] = (("alertname", 10), ("state", 8), ("tenant", 6))
PADDING = 1  # cells of space on each side of a cell's text


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


class _Alerts(Mapping[str, Alert]):
    """The alerts shown (the filter keeps), by key: a read-only view of the model."""

    def __init__(self, model: AlertRows) -> None:
        self._model = model

    def __getitem__(self, key: str) -> Alert:
        if key not in self._model:
            raise KeyError(key)
        return self._model.rows[key].alert

    def __iter__(self) -> Iterator[str]:
        return iter(self._model)

    def __len__(self) -> int:
        return len(self._model)


class AlertTable(ScrollView, can_focus=True):
    """Rows keyed by ``Alert.key``; ``show_alerts`` applies a full desired state as a diff."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "cursor_home", "First", show=False),
        Binding("end", "cursor_end", "Last", show=False),
    ]
    COMPONENT_CLASSES = {
        "alert-table--critical", "alert-table--error", "alert-table--warning",
        "alert-table--info", "alert-table--none", "alert-table--muted",
        "alert-table--header", "alert-table--cursor",
    }
    DEFAULT_CSS = """
    AlertTable { background: $surface; color: $foreground; height: auto; max-height: 100%; }
    AlertTable:focus { background-tint: $foreground 5%; }
    AlertTable > .alert-table--header { text-style: bold; background: $panel; color: $foreground; }
    AlertTable:focus > .alert-table--header { background-tint: $foreground 5%; }
    AlertTable:ansi > .alert-table--header { background: ansi_bright_blue; color: ansi_default; }
    AlertTable > .alert-table--cursor {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    AlertTable:focus > .alert-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: $block-cursor-text-style;
    }
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

    class RowHighlighted(Message):
        """The cursor is on another alert."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.model = AlertRows()
        self.alerts: Mapping[str, Alert] = _Alerts(self.model)
        self.filter: AlertFilter = AlertFilter()
        self.cursor_row = 0
        self._cursor_key: str | None = None
        self._hidden: dict[str, Row] = {}  # rows out of view (filter, tenant), reused when they come back
        self._peak = 0
        self._new: set[str] = set()
        self._drawn: dict[str, tuple[str, str]] = {}  # the clock cells last drawn, per key
        self._widths = column_widths(80)
        self.silences: Mapping[str, Silence] = {}
        self.now: datetime = utcnow()

    def on_mount(self) -> None:
        self.set_class(self.app.no_color, "-no-color")

    @property
    def row_count(self) -> int:
        return len(self.model)

    # -- layout -----------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._widths = column_widths(self.size.width)
        self._update_size()
        self.refresh()

    def _update_size(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.model) + 1)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.model) + 1

    def relabel(self) -> None:
        """Every text in the current language (after a language switch)."""
        for row in self.model.rows.values():
            row.plain, row.cells = None, None
        self._hidden.clear()
        self.refresh()

    # -- rows -------------------------------------------------------------------------------

    def _style_name(self, alert: Alert, sev: Severity) -> str:
        name = _STYLE_NAMES.get(sev, "none")
        if alert.silenced or alert.inhibited:
            name = "muted"
        return f"alert-table--{name}"

    def _plain(self, alert: Alert, new: bool) -> tuple[str, ...]:
        """What a row shows apart from the clock (age, an ack's age): to see what changed."""
        return (("●" if new else " ") + alert.labels.get("severity", ""), alert.tenant, alert.alertname,
                state_text(alert, self.silences), alert.summary)

    def _row(self, alert: Alert, new: bool) -> Row:
        return Row(alert, None, alert.sort_key(), new)

    def _plain_of(self, row: Row) -> tuple[str, ...]:
        if row.plain is None:
            row.plain = self._plain(row.alert, row.new)
        return row.plain

    def _cells(self, row: Row) -> list[Text]:
        """The cells that do not move with the clock, built when the row is first drawn."""
        if row.cells is None:
            sev = Severity(row.order[0])
            style = self.get_component_rich_style(self._style_name(row.alert, sev), partial=True)
            row.cells = [severity_cell(row.alert, style, row.new, row.order), safe(row.alert.tenant, 20),
                         safe(row.alert.alertname, 80), Text(), Text(), safe(row.alert.summary, 300)]
        return row.cells

    def _clock(self, row: Row) -> tuple[str, str]:
        """The cells that move with the clock: state (an ack's age) and age."""
        return state_text(row.alert, self.silences, self.now), fmt_age_short(self.now - row.alert.starts_at)

    def get_row(self, key: str) -> list[Text]:
        """The cells of ``key``'s row as drawn now."""
        row = self.model.rows[key]
        cells = list(self._cells(row))
        state, age = self._drawn[key] = self._clock(row)
        cells[3] = safe(state, 40)
        cells[4] = Text(age, no_wrap=True)
        return cells

    def get_cell(self, key: str, column: str) -> Text:
        return self.get_row(key)[[k for k, _w in COLUMNS].index(column)]

    def headers(self) -> list[str]:
        """The column headers as drawn, in the current language."""
        labels = column_labels()
        return [labels[k] for k, _w in COLUMNS]

    def keys_in_order(self) -> list[str]:
        """Every row's key, in display order (for tests and tools; O(rows))."""
        return list(self.model)

    def show_alerts(self, alerts: Iterable[Alert], silences: Mapping[str, Silence] | None = None,
                    now: datetime | None = None, mark_new: bool = True, changed_tenant: str | None = None,
                    gone: Iterable[str] | None = None) -> bool:
        """Make the table show exactly ``alerts``. Returns True if anything changed.

        An alert that is the very object already shown keeps its row as it is (the clock is
        applied when lines are drawn). ``changed_tenant``: only this tenant's snapshot changed,
        and ``alerts`` are that tenant's (others may be included): only its rows can leave,
        the other tenants' rows and new-alert markers stay until their own next poll.
        ``gone`` (with ``changed_tenant``): ``alerts`` are only what that poll changed (new
        alerts, or other objects for known ones) and ``gone`` the keys it dropped; the
        tenant's other rows stay. A poll then costs what it changed, not what the tenant has."""
        self.now = now or utcnow()
        if silences is not None:
            self.silences = silences
        wanted = {a.key: a for a in alerts}
        rows = self.model.rows
        gone_keys = [k for k in gone if k in rows] if gone is not None else None
        if gone_keys is not None and changed_tenant is not None:
            # Its rows marked new at its last poll lose the marker now, changed or not.
            for key in self._new:
                if key not in wanted and key in rows and rows[key].alert.tenant == changed_tenant:
                    wanted[key] = rows[key].alert
            for key in gone_keys:
                wanted.pop(key, None)
        first_fill = not rows
        previous_new = self._new
        fresh = set() if first_fill or not mark_new else {k for k in wanted if k not in rows}
        if changed_tenant is not None:
            fresh |= {k for k in previous_new if k in rows and rows[k].alert.tenant != changed_tenant}
        self._new = fresh
        put: list[tuple[str, Row]] = []
        joining = 0  # keys not in the table yet
        for key, alert in wanted.items():
            row = rows.get(key)
            new = key in self._new
            if row is not None and row.alert is alert and row.new == new:
                continue
            if row is None:
                joining += 1
                row = self._hidden.pop(key, None)
                if row is not None and (row.alert is alert or row.alert == alert) and row.new == new:
                    put.append((key, row))
                    continue
            fresh = self._row(alert, new)
            if (row is not None and key in rows and fresh.order == row.order
                    and self._plain_of(fresh) == self._plain_of(row)):
                row.alert, row.hay = alert, None  # the same alert again (a new object): nothing to redraw
                if self.filter.active:
                    put.append((key, row))  # its other annotations may have changed: the filter looks again
                continue
            put.append((key, fresh))
        if gone_keys is not None:
            removed = gone_keys
        elif changed_tenant is not None:
            removed = [k for k in self.model.tenant_keys(changed_tenant) if k not in wanted]
        else:  # rows that stay are len(wanted) - joining: any more in the table are leaving
            removed = [k for k in rows if k not in wanted] if len(rows) > len(wanted) - joining else []
        if not put and not removed:
            self._refresh_clock()
            return False
        before = dict(self._visible_keys())
        for key in removed:
            self._hidden[key] = rows[key]
            self._drawn.pop(key, None)
        self.model.apply(put, removed)
        self._prune_hidden()
        self._update_size()
        self._after_change(before, {key for key, _row in put})
        return True

    def set_filter(self, new: AlertFilter) -> bool:
        """Show only the rows ``new`` keeps; returns True if the filter changed. Only the
        rows the last filter kept are tested when ``new`` is narrower (a key typed on)."""
        if new == self.filter:
            return False
        narrowing = new.narrows(self.filter)
        self.filter = new
        predicate = (lambda row: new.matches(row.alert, row.haystack())) if new.active else None
        rows = self.model.rows
        before = dict(self._visible_keys())
        self.model.set_predicate(predicate, narrowing=narrowing, key=new,
                                 select=lambda source: select_rows(rows, source, new.matchers, new.words))
        self._update_size()
        self._after_change(before, set())
        return True

    def _visible_keys(self) -> Iterator[tuple[int, str]]:
        top = int(self.scroll_offset.y)
        for y in range(1, self.size.height):
            index = top + y - 1
            if index >= len(self.model):
                return
            yield y, self.model.key_at(index)

    def _refresh_clock(self) -> None:
        """Nothing but the clock moved: repaint only the visible lines whose age or ack age
        reads differently now (an idle dashboard writes little to a slow SSH link)."""
        for y, key in self._visible_keys():
            if self._drawn.get(key) != self._clock(self.model.rows[key]):
                self.refresh(Region(0, y, self.size.width, 1))

    def _after_change(self, before: Mapping[int, str], changed: set[str]) -> None:
        """Keep the cursor on its alert, then repaint only the lines on screen whose row or
        content changed: one alert's new summary off screen writes nothing to the terminal."""
        index = self.model.index_of(self._cursor_key) if self._cursor_key is not None else None
        if index is None:
            index = min(self.cursor_row, max(0, len(self.model) - 1))
        top = int(self.scroll_offset.y)
        self._move(index, scroll=True, force_message=self._cursor_key not in self.model)
        if int(self.scroll_offset.y) != top:
            self.refresh()  # scrolled to follow the cursor: every line moved
            return
        after = dict(self._visible_keys())
        for y in range(1, self.size.height):
            key = after.get(y)
            if key != before.get(y) or key in changed:
                self.refresh(Region(0, y, self.size.width, 1))

    def _prune_hidden(self) -> None:
        """Hidden rows are kept for reuse, at most as many as the table ever showed (≥ 5,000),
        the oldest dropped first (resolved alerts age out)."""
        self._peak = max(self._peak, self.model.total)
        extra = len(self._hidden) - max(5000, self._peak)
        if extra > 0:
            for key in list(islice(self._hidden, extra)):
                del self._hidden[key]

    def clear_all(self) -> None:
        """Empty the table (switching tenants, not refreshing)."""
        self._hidden.update(self.model.rows)
        self.model.clear()
        self._new.clear()
        self._cursor_key = None
        self.cursor_row = 0
        self._prune_hidden()
        self._update_size()
        self.scroll_to(y=0, animate=False)
        self.refresh()

    # -- the cursor -------------------------------------------------------------------------

    def selected_key(self) -> str | None:
        return self._cursor_key if self._cursor_key in self.model else None

    def selected_alert(self) -> Alert | None:
        key = self.selected_key()
        return self.model.rows[key].alert if key else None

    def restore_cursor(self, key: str | None) -> None:
        index = self.model.index_of(key) if key is not None else None
        if index is not None:
            self._move(index, scroll=True)

    def move_cursor(self, row: int, animate: bool = False, scroll: bool = True) -> None:
        self._move(row, scroll=scroll)

    def _move(self, index: int, scroll: bool = True, force_message: bool = False) -> None:
        old_row, old_key = self.cursor_row, self._cursor_key
        if not len(self.model):
            self.cursor_row, self._cursor_key = 0, None
        else:
            self.cursor_row = max(0, min(index, len(self.model) - 1))
            self._cursor_key = self.model.key_at(self.cursor_row)
        if old_row != self.cursor_row:
            self._refresh_row(old_row)
        self._refresh_row(self.cursor_row)
        if scroll:
            self._scroll_to_cursor()
        if self._cursor_key != old_key or force_message:
            self.post_message(self.RowHighlighted(self._cursor_key))

    def _refresh_row(self, index: int) -> None:
        y = index - int(self.scroll_offset.y) + 1
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def action_cursor_up(self) -> None:
        self._move(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self._move(self.cursor_row - max(1, self.size.height - 2))

    def action_page_down(self) -> None:
        self._move(self.cursor_row + max(1, self.size.height - 2))

    def action_cursor_home(self) -> None:
        self._move(0)

    def action_cursor_end(self) -> None:
        self._move(len(self.model) - 1)

    def action_select_cursor(self) -> None:
        alert = self.selected_alert()
        if alert is not None:
            self.post_message(self.Selected(alert))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if index < len(self.model):
            again = index == self.cursor_row
            self._move(index, scroll=False)
            if again or event.chain > 1:
                self.action_select_cursor()

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("alert-table--header")
            return self._strip([Text(label) for label in self.headers()], base + header, width)
        index = int(self.scroll_offset.y) + y - 1
        if index >= len(self.model):
            return Strip.blank(width, base)
        key = self.model.key_at(index)
        cells = self.get_row(key)
        if index == self.cursor_row:
            cursor = self.get_component_rich_style("alert-table--cursor")
            return self._strip(cells, base, width, post=cursor)
        return self._strip(cells, base, width)

    def _strip(self, cells: list[Text], style: Style, width: int, post: Style | None = None) -> Strip:
        line = Text(no_wrap=True, end="")
        widths = self._widths
        for (key, _min), cell in zip(COLUMNS, cells, strict=True):
            text = cell.copy()
            text.truncate(widths[key], overflow="ellipsis", pad=True)
            line.append(" " * PADDING)
            line.append_text(text)
            line.append(" " * PADDING)
        segments = list(Segment.apply_style(line.render(self.app.console), style, post))
        return Strip(segments).crop_extend(0, width, style + post if post is not None else style)
