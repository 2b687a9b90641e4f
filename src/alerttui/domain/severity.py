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
        if value is None or value == "":
            return cls.NONE
        aliases = {
            "critical": cls.CRITICAL, "crit": cls.CRITICAL, "page": cls.CRITICAL, "fatal": cls.CRITICAL,
            "error": cls.ERROR, "err": cls.ERROR, "high": cls.ERROR, "major": cls.ERROR,
            "warning": cls.WARNING, "warn": cls.WARNING, "medium": cls.WARNING, "minor": cls.WARNING,
            "info": cls.INFO, "informational": cls.INFO, "low": cls.INFO, "notice": cls.INFO,
            "none": cls.NONE,
        }
        return aliases.get(value.strip().lower(), cls.UNKNOWN)

    @property
    def label(self) -> str:
        return self.name.lower()
