"""Forward an alert to Slack: policy (kiosk, role) -> outbox (sent by the worker) -> audit."""

from __future__ import annotations

from alerttui.domain import Alert
from alerttui.forwarding.service import Forwarder
from alerttui.i18n import _
from alerttui.operations.policy import Action, decide
from alerttui.operations.runner import Operations, Result


def forward_alert(ops: Operations, forwarder: Forwarder | None, alert: Alert, note: str = "",
                  screenshot: str | None = None) -> Result:
    tenant = ops.settings.tenant(alert.tenant)
    params = {"note": note}
    d = decide(Action.FORWARD, tenant, kiosk=ops.kiosk, operator=ops.operator)
    if not d.allowed:
        return ops._record(alert.tenant, Action.FORWARD, alert.fingerprint, Result(False, d.reason, refused=True),
                           params)
    if forwarder is None:
        return ops._record(alert.tenant, Action.FORWARD, alert.fingerprint,
                           Result(False, _("Slack is not configured ([slack] in the config)")), params)
    plan = forwarder.forward(alert, note, screenshot)
    if plan.route is None:
        return ops._record(alert.tenant, Action.FORWARD, alert.fingerprint,
                           Result(False, _("no Slack route matches this alert")), params)
    msg = _("queued for {target}").format(target=plan.target)
    if plan.webhook_only:
        msg += " " + _("(webhook: later updates of this alert cannot be posted)")
    return Result(True, msg)
