"""Forward an alert to Slack: policy (kiosk, role) -> outbox (sent by the worker) -> audit.

It lives beside the forwarder and uses ``Operations`` for the policy and the audit record:
forwarding depends on operations, never the other way round."""

from __future__ import annotations

from alerttui.domain import Alert
from alerttui.forwarding.service import Forwarder
from alerttui.i18n import _
from alerttui.operations.policy import Action
from alerttui.operations.runner import Operations, Result


def forward_alert(ops: Operations, forwarder: Forwarder | None, alert: Alert, note: str = "",
                  screenshot: str | None = None) -> Result:
    params = {"note": note}
    refused = ops.precheck(alert.tenant, Action.FORWARD, alert.fingerprint, params)
    if refused is not None:
        return refused
    if forwarder is None:
        return ops.record(alert.tenant, Action.FORWARD, alert.fingerprint,
                          Result(False, _("Slack is not configured ([slack] in the config)")), params)
    plan = forwarder.forward(alert, note, screenshot)
    if plan.route is None:
        return ops.record(alert.tenant, Action.FORWARD, alert.fingerprint,
                          Result(False, _("no Slack route matches this alert")), params)
    msg = _("queued for {target}").format(target=plan.target)
    if plan.webhook_only:
        msg += " " + _("(webhook: later updates of this alert cannot be posted)")
    return Result(True, msg)
