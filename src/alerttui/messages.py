"""Messages between the polling side and the UI (past tense, toolong/frogmouth style)."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from alerttui.domain import Snapshot


class SnapshotUpdated(Message):
    """A tenant's poller published a new snapshot."""

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.snapshot = snapshot

    def can_replace(self, message: Message) -> bool:
        # A queued older snapshot of the same tenant is superseded by this one.
        return isinstance(message, SnapshotUpdated) and message.snapshot.tenant == self.snapshot.tenant


class AuditHistoryLoaded(Message):
    """The audit records about one target (an alert fingerprint or a silence id), read in a
    worker thread for the screen that asked: no file I/O on the UI loop."""

    def __init__(self, tenant: str, target: str, lines: list[str]) -> None:
        super().__init__()
        self.tenant = tenant
        self.target = target
        self.lines = lines


class AlertHistoryLoaded(Message):
    """A tenant's alert history (``domain.history.AlertHistory`` list) read from its
    Prometheus for the screen that asked; ``error`` when Prometheus could not answer."""

    def __init__(self, tenant: str, alertname: str | None, histories: list[Any], error: str | None = None) -> None:
        super().__init__()
        self.tenant = tenant
        self.alertname = alertname
        self.histories = histories
        self.error = error
