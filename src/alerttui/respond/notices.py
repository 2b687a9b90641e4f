"""The notices people ask Alertmanager for (alertmanager#730, #1639, #226, #2805): a silence
or ack that ends within ``SOON`` while its alert still fires, and a silenced alert that
resolved (its silence can go). Pure functions of two snapshots; the responder says them
once each, in the TUI and in the alert's Slack thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from alerttui.domain import Alert, Silence, SilenceState, Snapshot

SOON = timedelta(minutes=10)


@dataclass(frozen=True)
class Notice:
    kind: str  # ending | ack-ending | silenced-resolved
    alert: Alert
    silence: Silence | None

    @property
    def key(self) -> str:
        """Once only: per alert, silence and end (an extended silence may end soon again)."""
        sid = self.silence.id if self.silence else "-"
        end = f"{self.silence.ends_at.timestamp():.0f}" if self.silence else f"{self.alert.starts_at.timestamp():.0f}"
        return f"notice:{self.kind}:{self.alert.tenant}:{self.alert.fingerprint}:{sid}:{end}"


def ending_soon(snapshot: Snapshot, now: datetime, will_extend: Callable[[Silence], bool]) -> list[Notice]:
    """Firing alerts whose last silence ends within ``SOON`` (skipping acks alerttui extends)."""
    out = []
    for alert in snapshot.alerts.values():
        if not alert.silenced_by or (alert.ends_at is not None and alert.ends_at <= now):
            continue
        silences = [s for sid in alert.silenced_by if (s := snapshot.silences.get(sid)) is not None
                    and s.state is SilenceState.ACTIVE]
        if not silences:
            continue
        last = max(silences, key=lambda s: s.ends_at)
        if not timedelta(0) < last.ends_at - now <= SOON or will_extend(last):
            continue
        out.append(Notice("ack-ending" if last.is_ack else "ending", alert, last))
    return out


def silenced_resolved(before: Snapshot | None, after: Snapshot) -> list[Notice]:
    """Alerts that were silenced in ``before`` and are gone from ``after`` (a good poll)."""
    if before is None or before.fetched_at is None or after.stale or after.fetched_at is None:
        return []
    out = []
    for fp, alert in before.alerts.items():
        if fp in after.alerts or not alert.silenced_by:
            continue
        silence = next((s for sid in alert.silenced_by if (s := before.silences.get(sid)) is not None), None)
        out.append(Notice("silenced-resolved", alert, silence))
    return out
