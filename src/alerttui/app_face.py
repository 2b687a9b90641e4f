"""The dashboard's side of ``face.Face``: what screens may ask, answered from the engine.

Every write goes through the engine's ``Operations`` (policy, client, audit); the policy
gate hides and refuses what the role or kiosk mode forbids. Reads of files (the audit log)
run in worker threads and arrive as messages: nothing here touches a file on the UI loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from rich.text import Text
from textual import work
from textual.app import App
from textual.message_pump import MessagePump

from alerttui.domain import Alert, Matcher, MetricSeries, Silence
from alerttui.domain.incidents import Incident
from alerttui.domain.serialize import from_iso
from alerttui.engine import Engine
from alerttui.i18n import _, fmt_age, fmt_datetime, ngettext
from alerttui.messages import AlertHistoryLoaded, AuditHistoryLoaded
from alerttui.operations import Action, Result
from alerttui.operations.runner import SilenceRequest, exact_matchers
from alerttui.sanitize import clean
from alerttui.screens.dashboard import DashboardScreen

MUTATING = {"silence": Action.SILENCE, "ack": Action.ACK, "expire": Action.EXPIRE, "edit": Action.EDIT,
            "new": Action.SILENCE, "mark": Action.EXPIRE, "forward": Action.FORWARD}


class DashboardFace(App[int]):
    """The ``Face`` methods of ``AlerttuiApp`` (which sets these attributes)."""

    engine: Engine
    operator: str
    kiosk: bool
    paused: bool
    polling: bool
    refresh_interval: timedelta
    metrics_range: timedelta
    history_ranges: list[timedelta]
    tenant_list: list[tuple[str, str]]
    clock: Callable[[], datetime]  # type: ignore[assignment]

    @property
    def dashboard(self) -> DashboardScreen:
        screen = self.get_screen("dashboard")
        assert isinstance(screen, DashboardScreen)
        return screen

    # -- the policy gate ------------------------------------------------------------------------

    def may(self, action: str, tenant: str | None) -> bool:
        if self.kiosk:
            return False
        kind = MUTATING.get(action)
        if kind is None:
            return True
        if kind is Action.FORWARD and self.engine.forwarder is None:
            return False  # no [slack] configured: nothing to forward to
        if tenant is None:
            return any(self.engine.ops.may(kind, t) for t, _n in self.tenant_list)
        return self.engine.ops.may(kind, tenant)

    # -- reads ----------------------------------------------------------------------------------

    def incidents(self) -> list[Incident]:
        return list(self.engine.incidents())

    def incident_of(self, tenant: str, fingerprint: str) -> Incident | None:
        found = self.engine.incident_of(tenant, fingerprint)
        return found if isinstance(found, Incident) else None

    def escalation_outlook(self, incident: Incident) -> str:
        return str(self.engine.escalation_outlook(incident) or "")

    def status_extra(self) -> str:
        out = []
        pending, failed = self.engine.outbox_counts
        if pending or failed:
            out.append(_("Slack: {p} pending, {f} failed").format(p=pending, f=failed))
        holder = self.engine.duties_holder() if self.engine.duties is not None else ""
        if holder:
            out.append(_("duties: {holder}").format(holder=clean(holder, 40)))
        return " · ".join(out)

    def set_metrics_tenants(self, tenants: set[str]) -> None:
        if self.engine.hub is not None:
            self.engine.hub.set_metrics_visible(tenants)

    async def expression_series(self, tenant: str, expr: str, window: timedelta) -> MetricSeries:
        if not self.polling or self.engine.hub is None:
            return MetricSeries(title=expr, query=expr, error=_("polling is off"))
        return await self.engine.hub.expression_series(tenant, expr, window)

    def request_audit_history(self, tenant: str, target: str, reply_to: MessagePump) -> None:
        self._read_history(tenant, target, reply_to)

    @work(thread=True, exit_on_error=False, group="audit")
    def _read_history(self, tenant: str, target: str, reply_to: MessagePump) -> None:
        lines = []
        for r in self.engine.ops.audit.read(tenant=tenant, target=target):
            when = from_iso(r["time"])
            assert when is not None  # every record has its time
            lines.append(f"{fmt_datetime(when, 'short')} {r.get('operator')} {r.get('action')}: {r.get('result')}"
                         + (f" ({r['error']})" if r.get("error") else ""))
        reply_to.post_message(AuditHistoryLoaded(tenant, target, lines))

    def request_alert_history(self, tenant: str, alertname: str | None, since: timedelta,
                              reply_to: MessagePump) -> None:
        self._read_alert_history(tenant, alertname, since, reply_to)

    @work(exit_on_error=False, group="alert-history")
    async def _read_alert_history(self, tenant: str, alertname: str | None, since: timedelta,
                                  reply_to: MessagePump) -> None:
        from alerttui.clients.errors import BackendError

        now = self.clock()
        try:
            found = await self.engine.alert_history(tenant, now - since, now, alertname)
        except BackendError as exc:
            reply_to.post_message(AlertHistoryLoaded(tenant, alertname, [], clean(str(exc), 300)))
            return
        reply_to.post_message(AlertHistoryLoaded(tenant, alertname, found))

    # -- writes (each through Operations) -------------------------------------------------------

    def _report(self, result: Result, tenant: str) -> None:
        # Results name alerts (untrusted labels): plain text, never markup.
        if result.ok:
            self.notify(result.message, timeout=4, markup=False)
            if self.engine.hub is not None:
                self.engine.hub.refresh_tenant(tenant)
        else:
            self.notify(result.message, severity="error" if not result.refused else "warning", timeout=8,
                        markup=False)

    @work(exit_on_error=False, group="actions")
    async def ack(self, alert: Alert) -> None:
        self._report(await self.engine.ops.ack(alert), alert.tenant)

    def open_silence_form(self, tenant: str, alert: Alert | None = None, existing: Silence | None = None,
                          matchers: Sequence[Matcher] | None = None) -> None:
        from alerttui.screens.silence_modal import SilenceModal

        ops = self.engine.ops
        snap = self.dashboard.snapshots.get(tenant)
        if matchers is None:
            matchers = existing.matchers if existing else (exact_matchers(alert) if alert else ())

        async def submit(req: SilenceRequest) -> Result:
            return await ops.silence(req, Action.EDIT if existing else Action.SILENCE, existing=existing)

        def done(result: Result | None) -> None:
            if result is not None:
                self._report(result, tenant)

        self.push_screen(SilenceModal(
            tenant=tenant, tenant_name=snap.tenant_name if snap else tenant, scope=ops.scope(tenant),
            matchers=matchers, alerts=list(snap.alerts.values()) if snap else [], operator=self.operator,
            submit=submit, clock=self.clock, existing=existing, alert=alert), done)

    def open_silences(self) -> None:
        from alerttui.screens.silences import SilencesScreen

        self.push_screen(SilencesScreen(self.dashboard.tenant, self.dashboard.snapshots))

    def expire_silences(self, targets: Sequence[tuple[str, Silence]]) -> None:
        from alerttui.screens.confirm_modal import ConfirmModal

        chosen = list(targets)
        question = Text(ngettext("Expire {n} silence?", "Expire {n} silences?", len(chosen)).format(n=len(chosen)))
        for tid, sil in chosen[:5]:
            question.append(f"\n  {tid}: {sil.id[:8]}… {clean(sil.created_by, 30)}: {clean(sil.comment, 60)}")

        def answered(yes: bool | None) -> None:
            if yes:
                self._expire(chosen)

        self.push_screen(ConfirmModal(question, yes=_("Expire")), answered)

    @work(exit_on_error=False, group="actions")
    async def _expire(self, targets: list[tuple[str, Silence]]) -> None:
        for tid, sil in targets:
            self._report(await self.engine.ops.expire(tid, sil), tid)

    def forward(self, alert: Alert) -> None:
        """``f``: ask for a note (and first, if it went there recently), then queue it."""
        from alerttui.forwarding.forward import forward_alert
        from alerttui.screens.forward_modal import ForwardModal

        forwarder = self.engine.forwarder
        if forwarder is None:
            self.notify(_("Slack is not configured ([slack] in the config)"), severity="warning")
            return
        plan = forwarder.plan(alert)
        if plan.route is None:
            self.notify(_("no Slack route matches this alert"), severity="warning")
            return
        recent = None
        if forwarder.recently_forwarded(plan) and plan.last_forward is not None:
            recent = fmt_age(timedelta(seconds=time.time() - plan.last_forward))
        slack = self.engine.settings.slack
        screenshot = self.export_screenshot() if slack is not None and slack.screenshot else None
        if screenshot:  # [privacy] redact: what is on screen goes to Slack masked
            on_screen = [a for snap in self.dashboard.snapshots.values() for a in snap.alerts.values()]
            screenshot = self.engine.settings.privacy.redactor.svg(screenshot, on_screen)

        def send(note: str | None) -> None:
            if note is not None:
                self._report(forward_alert(self.engine.ops, forwarder, alert, note, screenshot), alert.tenant)

        self.push_screen(ForwardModal(alert, plan.target, plan.webhook_only, recent), send)
