"""Rendering of untrusted alert text into table cells: always ``rich.text.Text`` (never
markup), control characters and ANSI escapes stripped, truncated with an ellipsis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from rich.style import Style
from rich.text import Text

from alerttui.domain import Alert, Severity, Silence
from alerttui.i18n import _, fmt_age_short
from alerttui.sanitize import clean

SEVERITY_LABELS = {
    Severity.CRITICAL: "CRIT",
    Severity.ERROR: "ERR",
    Severity.WARNING: "WARN",
    Severity.INFO: "INFO",
    Severity.NONE: "-",
    Severity.UNKNOWN: "?",
}


def safe(value: str, limit: int | None = 200, style: Style | str = "") -> Text:
    return Text(clean(value, limit), style=style, no_wrap=True, overflow="ellipsis", end="")


def severity_cell(alert: Alert, style: Style, marker: bool, order: tuple[object, ...] | None = None) -> Text:
    """``order``: ``alert.sort_key()`` when the caller already has it (it parses the severity)."""
    order = alert.sort_key() if order is None else order
    sev = Severity(order[0])
    label = SEVERITY_LABELS[sev]
    if sev is Severity.UNKNOWN:
        label = clean(alert.labels.get("severity", "?"), 4)
    return Text(("●" if marker else " ") + label, style=style, no_wrap=True, end="")


def state_text(alert: Alert, silences: Mapping[str, Silence] | None = None, now: datetime | None = None) -> str:
    if alert.silenced:
        silences = silences or {}
        sil = next((silences[s] for s in alert.silenced_by if s in silences), None)
        if sil is not None and sil.is_ack:
            if now is not None:
                return _("✔ ack {who} {age}").format(who=sil.created_by, age=fmt_age_short(now - sil.starts_at))
            return _("acked by {who}").format(who=sil.created_by)
        if sil is not None and sil.created_by:
            return _("silenced by {who}").format(who=sil.created_by)
        return _("silenced")
    if alert.inhibited:
        return _("inhibited")
    if alert.state.value == "unprocessed":
        return _("unprocessed")
    return _("active")


def fit_flexible_column(table: Any, columns: Sequence[str], widths: Mapping[str, int], flexible: str,
                        total: int) -> None:
    """Give column ``flexible`` of a ``DataTable`` whatever ``total`` cells leave after the
    fixed ``widths`` of ``columns`` (and each column's 2 cells of padding), at least 10."""
    fixed = sum(widths.get(c, 0) for c in columns) + 2 * len(columns)
    width = max(10, total - fixed - 1)
    for key, column in table.columns.items():
        if key.value == flexible and column.width != width:
            column.width = width
            table.refresh(layout=True)
