"""Durations as strings: ``30s``, ``15m``, ``2h30m``, ``1d``, ``500ms`` (Prometheus style)."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+)(ms|s|m|h|d|w)")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> timedelta:
    """Parse a duration string; raises ValueError with what is expected."""
    s = text.strip()
    pos = 0
    total = 0.0
    if not s:
        raise ValueError("expected a duration like 30s, 15m or 2h30m, got an empty string")
    while pos < len(s):
        m = _PART.match(s, pos)
        if not m:
            raise ValueError(f"expected a duration like 30s, 15m or 2h30m, got {text!r}")
        total += int(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    return timedelta(seconds=total)


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
