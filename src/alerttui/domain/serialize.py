"""Alerts as JSON-able dicts (Alertmanager's field names) and back; times as ISO 8601;
silence states as words (for the dashboard and the command line alike)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alerttui.domain.models import Alert, AlertState, SilenceState
from alerttui.i18n import _

# Silences are listed active first, then pending (maintenance windows), then expired.
SILENCE_STATE_ORDER = {SilenceState.ACTIVE: 0, SilenceState.PENDING: 1, SilenceState.EXPIRED: 2}


def to_iso(value: datetime | None) -> str | None:
    """ISO 8601, UTC as ``Z`` (as Alertmanager writes it)."""
    return value.isoformat().replace("+00:00", "Z") if value else None


def from_iso(value: Any) -> datetime | None:
    """The inverse of ``to_iso`` (``Z`` or an offset); None for an empty value, ValueError
    if it is not ISO 8601."""
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None


def silence_state_label(state: SilenceState) -> str:
    return {SilenceState.ACTIVE: _("active"), SilenceState.PENDING: _("pending"),
            SilenceState.EXPIRED: _("expired")}[state]


def alert_to_dict(alert: Alert) -> dict[str, Any]:
    return {
        "fingerprint": alert.fingerprint,
        "tenant": alert.tenant,
        "labels": dict(alert.labels),
        "annotations": dict(alert.annotations),
        "state": alert.state.value,
        "startsAt": to_iso(alert.starts_at),
        "endsAt": to_iso(alert.ends_at),
        "updatedAt": to_iso(alert.updated_at),
        "generatorURL": alert.generator_url,
        "silencedBy": list(alert.silenced_by),
        "inhibitedBy": list(alert.inhibited_by),
        "receivers": list(alert.receivers),
        "replicas": list(alert.replicas),
    }


def alert_from_dict(data: dict[str, Any]) -> Alert:
    starts = from_iso(data.get("startsAt"))
    assert starts is not None
    return Alert(
        fingerprint=str(data["fingerprint"]), tenant=str(data["tenant"]), labels=dict(data.get("labels", {})),
        annotations=dict(data.get("annotations", {})), state=AlertState(data.get("state", "active")),
        starts_at=starts, ends_at=from_iso(data.get("endsAt")), updated_at=from_iso(data.get("updatedAt")),
        generator_url=str(data.get("generatorURL", "")), silenced_by=tuple(data.get("silencedBy", ())),
        inhibited_by=tuple(data.get("inhibitedBy", ())), receivers=tuple(data.get("receivers", ())),
        replicas=tuple(data.get("replicas", ())),
    )
