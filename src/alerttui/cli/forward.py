"""``alerttui forward``: an alert to its Slack route through the durable outbox (stored
before it is sent, kept pending when Slack is down: the next ``forward``, ``outbox --send``
or the dashboard sends it). The same ``Forwarder`` and outbox as the dashboard."""

from __future__ import annotations

import argparse
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError
from alerttui.cli.parser import add_format, add_write_options
from alerttui.i18n import _, fmt_age

if TYPE_CHECKING:
    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings
    from alerttui.domain import Alert
    from alerttui.forwarding.service import Forwarder
    from alerttui.operations import Operations


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("forward", help=_("forward an alert to Slack (through the durable outbox)"),
                       description=_("Forward an alert to its Slack route: stored in the outbox first, then "
                                     "sent. If Slack is down it stays pending (exit 1) and is sent later."))
    add_write_options(p)
    p.add_argument("fingerprint", metavar=_("FINGERPRINT"),
                   help=_("the alert's fingerprint, or a unique prefix (see: alerttui alerts --format json)"))
    p.add_argument("--note", "-n", metavar=_("TEXT"), default="", help=_("a note shown with the alert"))
    p.add_argument("--again", action="store_true",
                   help=_("forward even if it went to the same channel within [slack] dedup_window"))
    add_format(p)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio  # here: building the parser (--help) never needs it

    return asyncio.run(run_forward(args, settings))


async def run_forward(args: argparse.Namespace, settings: Settings) -> int:
    from alerttui.cli.common import (
        audit_log,
        fail,
        fetch,
        find_alert,
        has_alertmanager,
        no_alert,
        write_tenant,
    )
    from alerttui.engine import build_engine
    from alerttui.operations import Action

    tenant = write_tenant(args, settings)
    engine = build_engine(settings, kiosk=args.kiosk, tenants=[tenant.id], audit=audit_log(settings, writing=True))
    try:
        ops = engine.ops
        refused = ops.precheck(tenant.id, Action.FORWARD, args.fingerprint, {"note": args.note})
        if refused:
            fail(refused.message)
            return EXIT_REFUSED
        if engine.forwarder is None:
            raise UsageError(_("Slack is not configured ([slack] in the config)"))
        has_alertmanager(tenant)
        found = await fetch(engine.clients[tenant.id])
        alert = find_alert(found, args.fingerprint)
        if alert is None:
            return no_alert(tenant.id, args.fingerprint, found)
        return await _forward(args, ops, engine.forwarder, alert)
    finally:
        await engine.aclose()


async def _forward(args: argparse.Namespace, ops: Operations, fw: Forwarder, alert: Alert) -> int:
    from alerttui.cli.common import drain, dump, exit_code, fail
    from alerttui.cli.outbox import item_json
    from alerttui.forwarding.forward import forward_alert
    from alerttui.sanitize import clean

    plan = fw.plan(alert)
    if plan.route is not None and fw.recently_forwarded(plan) and not args.again:
        assert plan.last_forward is not None
        fail(_("{alert} already went to {target} {age}; pass --again to send it again").format(
            alert=clean(alert.alertname, 100), target=plan.target,
            age=fmt_age(timedelta(seconds=time.time() - plan.last_forward))))
        return EXIT_USAGE
    before = fw.outbox.last_id()
    result = forward_alert(ops, fw, alert, args.note)
    if not result.ok:
        fail(result.message)
        return exit_code(result) if result.refused else EXIT_USAGE  # no route / no [slack]: the config's
    await drain(fw)
    mine = fw.outbox.items_after(before, alert.fingerprint)
    sent = all(i.status == "sent" for i in mine)
    parked = [i for i in mine if i.status == "failed"]
    waiting = [i for i in mine if i.status == "pending"]
    error = next((i.last_error for i in parked + waiting if i.last_error), None) or ""
    if args.format == "json":
        dump({"tenant": alert.tenant, "fingerprint": alert.fingerprint, "target": plan.target,
              "status": "sent" if sent else ("failed" if parked else "pending"), "error": error or None,
              "items": [item_json(i) for i in mine]})
    elif sent:
        print(_("{alert} sent to {target}").format(alert=clean(alert.alertname, 100), target=plan.target))
    if sent:
        return EXIT_OK
    if parked:
        fail(_("Slack refused {alert} for {target}: {error}; kept as failed (alerttui outbox --retry)").format(
            alert=clean(alert.alertname, 100), target=plan.target, error=clean(error, 300)))
    else:
        fail(_("Slack did not take {alert} for {target} ({error}); kept pending in the outbox: the next "
               "'alerttui forward', 'alerttui outbox --send' or the dashboard sends it").format(
            alert=clean(alert.alertname, 100), target=plan.target, error=clean(error, 300) or _("not sent yet")))
    return EXIT_BACKEND
