"""Rendering of untrusted alert text into table cells: always ``rich.text.Text`` (never
markup), control characters and ANSI escapes stripped, truncated with an ellipsis."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from babel.dates import TIMEDELTA_UNITS
from rich.style import Style
from rich.text import Text

from alerttui.domain import Alert, Severity, Silence
from alerttui.i18n import _, fmt_age_short, get_language
from alerttui.sanitize import clean

SEVERITY_LABELS = {
    Severity.CRITICAL: "CRIT",
    Severity.ERROR: "ERR",
    Severity.WARNING: "WARN",
    Severity.INFO: "INFO",
    Severity.NONE: "-",
    Severity.UNKNOWN: "?",
}


_AGES: dict[tuple[str, str, int], str] = {}


def age_short(delta: timedelta) -> str:
    """``fmt_age_short(delta)``, memoised: with 10,000 rows the table formats an age per row
    and babel's ``format_timedelta`` costs ~35 µs a call. Its text depends only on the
    language and the (unit, rounded value) it picks, so that is the cache key; the unit is
    picked here exactly as babel does (``threshold=1.0``, granularity "second")."""
    if delta.total_seconds() < 0:
        delta = timedelta(0)
    seconds = delta.days * 86400 + delta.seconds
    for unit, per in TIMEDELTA_UNITS:
        value = seconds / per
        if value >= 1.0 or unit == "second":
            key = (get_language(), unit, round(value))
            break
    text = _AGES.get(key)
    if text is None:
        if len(_AGES) > 4096:
            _AGES.clear()
        text = _AGES[key] = fmt_age_short(delta)
    return text


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
                return _("✔ ack {who} {age}").format(who=sil.created_by, age=age_short(now - sil.starts_at))
            return _("acked by {who}").format(who=sil.created_by)
        if sil is not None and sil.created_by:
            return _("silenced by {who}").format(who=sil.created_by)
        return _("silenced")
    if alert.inhibited:
        return _("inhibited")
    if alert.state.value == "unprocessed":
        return _("unprocessed")
    return _("active")
