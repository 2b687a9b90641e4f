"""Durations as strings: ``30s``, ``15m``, ``2h30m``, ``1d``, ``500ms`` (Prometheus style)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

from alerttui.domain.serialize import from_iso
from alerttui.i18n import _

_PART = re.compile(r"(\d+)(ms|s|m|h|d|w)")
_UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}
# timedelta stops at 999999999 days (~8.6e16 ms); more digits than this cannot fit anyway.
_MAX_DIGITS = 20


def parse_duration(text: str) -> timedelta:
    """Parse a duration string; raises ValueError with what is expected."""
    s = text.strip()
    pos = 0
    total_ms = 0  # an exact integer: no float rounding, no float overflow
    if not s:
        raise ValueError(_("expected a duration like 30s, 15m or 2h30m, got an empty string"))
    while pos < len(s):
        m = _PART.match(s, pos)
        if not m:
            raise ValueError(_("expected a duration like 30s, 15m or 2h30m, got {text!r}").format(text=text))
        if len(m.group(1)) > _MAX_DIGITS:
            raise ValueError(_("duration {text!r} is too long").format(text=text))
        total_ms += int(m.group(1)) * _UNITS_MS[m.group(2)]
        pos = m.end()
    try:
        return timedelta(milliseconds=total_ms)
    except OverflowError:  # e.g. "999999999999d": a ValueError, so config errors report it
        raise ValueError(_("duration {text!r} is too long").format(text=text)) from None


def format_duration(delta: timedelta) -> str:
    """The inverse of parse_duration for whole seconds: 9000s -> ``2h30m``."""
    seconds = int(delta.total_seconds())
    if seconds == 0:
        return "0s"
    out = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        n, seconds = divmod(seconds, size)
        if n:
            out.append(f"{n}{unit}")
    return "".join(out)


def parse_until(text: str, now: datetime, tz: tzinfo) -> datetime:
    """An end (or start) given as a duration from ``now`` (``2h30m``), a time of day
    (``18:30``, the next one), or a date and time (``2026-11-25 09:00``, ISO 8601 too) in
    ``tz``. Returns an aware UTC datetime; raises ValueError saying what is expected."""
    s = text.strip()
    if not s:
        raise ValueError(_("expected a duration like 2h, a time like 18:30, or a date like 2026-11-25 09:00"))
    if _is_duration(s):
        return now + parse_duration(s)
    local_now = now.astimezone(tz)
    if len(s) <= 5 and ":" in s:
        try:
            hour, minute = (int(x) for x in s.split(":"))
            when = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        except ValueError:
            raise ValueError(_("expected a time like 18:30, got {text!r}").format(text=text)) from None
        if when <= local_now:
            when += timedelta(days=1)
        return when.astimezone(UTC)
    try:
        return parse_datetime(s, tz)
    except ValueError:
        raise ValueError(_("expected a duration like 2h, a time like 18:30, or a date like 2026-11-25 09:00, "
                           "got {text!r}").format(text=text)) from None


def parse_datetime(text: str, tz: tzinfo) -> datetime:
    """A date and time (``2026-11-25 09:00``, ISO 8601 too), in ``tz`` unless it names its
    own zone (``Z``, ``+02:00``). Returns an aware UTC datetime; raises ValueError if it is
    not one (the caller says what it expected)."""
    when = from_iso(text.strip().replace(" ", "T", 1))
    if when is None:
        raise ValueError(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return when.astimezone(UTC)


def _is_duration(s: str) -> bool:
    pos = 0
    while pos < len(s):
        m = _PART.match(s, pos)
        if not m:
            return False
        pos = m.end()
    return pos > 0
