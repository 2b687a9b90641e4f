"""The typed face screens talk to: what they may ask of the app, and nothing else.

Screens and widgets get it with ``face_of(self)``; they never reach into the app with
``getattr``. An app that does not provide it (a screen mounted in a bare test app) gets
``CLOSED``, which allows nothing: permission checks fail closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from textual.app import App
from textual.message_pump import MessagePump

from alerttui.domain import Alert, Matcher, MetricSeries, Silence, utcnow
from alerttui.domain.incidents import Incident
from alerttui.i18n import _


@runtime_checkable
class Face(Protocol):
    operator: str
    kiosk: bool
    paused: bool
    refresh_interval: timedelta
    metrics_range: timedelta  # what the panels' charts span
    history_ranges: list[timedelta]  # the history view's ranges
    tenant_list: list[tuple[str, str]]

    def clock(self) -> datetime: ...

    def may(self, action: str, tenant: str | None) -> bool:
        """Whether a key's action may run for ``tenant`` (False hides and refuses it)."""
        ...

    def status_extra(self) -> str:
        """The status bar's last words: the Slack outbox, who does the background duties."""
        ...

    def set_metrics_tenants(self, tenants: set[str]) -> None: ...

    async def expression_series(self, tenant: str, expr: str, window: timedelta) -> MetricSeries: ...

    def request_audit_history(self, tenant: str, target: str, reply_to: MessagePump) -> None:
        """Read the audit records about ``target`` off the UI loop; ``reply_to`` receives
        ``messages.AuditHistoryLoaded``."""
        ...

    def request_alert_history(self, tenant: str, alertname: str | None, since: timedelta,
                              reply_to: MessagePump) -> None:
        """Read the tenant's alert history over the last ``since`` from Prometheus, off the UI
        loop; ``reply_to`` receives ``messages.AlertHistoryLoaded``."""
        ...

    def ack(self, alert: Alert) -> None: ...

    def open_silence_form(self, tenant: str, alert: Alert | None = None, existing: Silence | None = None,
                          matchers: Sequence[Matcher] | None = None) -> None:
        """``matchers``: prefill with these (an incident's shared labels) instead of the alert's."""
        ...

    def open_silences(self) -> None: ...

    def forward(self, alert: Alert) -> None: ...

    def expire_silences(self, targets: Sequence[tuple[str, Silence]]) -> None: ...

    def incidents(self) -> list[Incident]:
        """Every tenant's incidents, open and most severe first."""
        ...

    def incident_of(self, tenant: str, fingerprint: str) -> Incident | None: ...

    def escalation_outlook(self, incident: Incident) -> str:
        """"escalates to oncall-secondary in 4m", or ""."""
        ...


class ClosedFace:
    """Allows nothing, does nothing: what a screen gets from an app that is no ``Face``."""

    operator = ""
    kiosk = True
    paused = False
    refresh_interval = timedelta(seconds=15)
    metrics_range = timedelta(hours=1)
    history_ranges = [timedelta(hours=24), timedelta(days=7)]
    tenant_list: list[tuple[str, str]] = []

    def clock(self) -> datetime:
        return utcnow()

    def may(self, action: str, tenant: str | None) -> bool:
        return False

    def status_extra(self) -> str:
        return ""

    def set_metrics_tenants(self, tenants: set[str]) -> None:
        return None

    async def expression_series(self, tenant: str, expr: str, window: timedelta) -> MetricSeries:
        return MetricSeries(title=expr, query=expr, error=_("polling is off"))

    def request_audit_history(self, tenant: str, target: str, reply_to: MessagePump) -> None:
        return None

    def request_alert_history(self, tenant: str, alertname: str | None, since: timedelta,
                              reply_to: MessagePump) -> None:
        return None

    def ack(self, alert: Alert) -> None:
        return None

    def open_silence_form(self, tenant: str, alert: Alert | None = None, existing: Silence | None = None,
                          matchers: Sequence[Matcher] | None = None) -> None:
        return None

    def open_silences(self) -> None:
        return None

    def forward(self, alert: Alert) -> None:
        return None

    def expire_silences(self, targets: Sequence[tuple[str, Silence]]) -> None:
        return None

    def incidents(self) -> list[Incident]:
        return []

    def incident_of(self, tenant: str, fingerprint: str) -> Incident | None:
        return None

    def escalation_outlook(self, incident: Incident) -> str:
        return ""


CLOSED = ClosedFace()


class HasApp(Protocol):
    @property
    def app(self) -> App[object]: ...


def face_of(owner: HasApp) -> Face:
    """The app as a ``Face`` (a screen's, a widget's or a command provider's), else ``CLOSED``."""
    app = owner.app
    return app if isinstance(app, Face) else CLOSED
