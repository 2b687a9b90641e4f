"""What an operator asks for and what comes back: pure values shared by every face and
``Operations`` (so a screen can build a request without importing the layer that does I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from alerttui.domain.matchers import Matcher


class Unchanged(StrEnum):
    """Why ``extend_ack`` wrote nothing."""

    AT_MAX = "at-max"  # the ack has run [ack] max since it began
    RUNS_LONGER = "runs-longer"  # it already ends more than [ack] duration from now


@dataclass(frozen=True)
class Result:
    ok: bool
    message: str
    refused: bool = False
    silence_id: str | None = None
    replica: str | None = None
    invalid: bool = False  # the request itself was wrong (a usage error), nothing was asked
    unchanged: Unchanged | None = None


@dataclass(frozen=True)
class SilenceRequest:
    tenant: str
    matchers: tuple[Matcher, ...]
    starts_at: datetime
    ends_at: datetime
    comment: str
    silence_id: str | None = None  # set when editing an existing silence
    alert: str | None = None  # fingerprint of the alert it was made from (audit target)
