"""Severity ordering: critical > error > warning > info > none, unknown last."""

from __future__ import annotations

from enum import IntEnum


class Severity(IntEnum):
    """Lower value sorts first (most urgent first)."""

    CRITICAL = 0
    ERROR = 1
    WARNING = 2
    INFO = 3
    NONE = 4
    UNKNOWN = 5

    @classmethod
    def from_label(cls, value: str | None) -> Severity:
        if not value:
            return cls.NONE
        found = _ALIASES.get(value)
        if found is None:
            found = _ALIASES.get(value.strip().lower(), cls.UNKNOWN)
        return found

    @property
    def label(self) -> str:
        return self.name.lower()


# Built once: from_label runs for every alert on every poll (tabs, sort keys, counts).
_ALIASES: dict[str, Severity] = {
    "critical": Severity.CRITICAL, "crit": Severity.CRITICAL, "page": Severity.CRITICAL,
    "fatal": Severity.CRITICAL,
    "error": Severity.ERROR, "err": Severity.ERROR, "high": Severity.ERROR, "major": Severity.ERROR,
    "warning": Severity.WARNING, "warn": Severity.WARNING, "medium": Severity.WARNING,
    "minor": Severity.WARNING,
    "info": Severity.INFO, "informational": Severity.INFO, "low": Severity.INFO, "notice": Severity.INFO,
    "none": Severity.NONE,
}
