"""Slack from the command line: ``forward`` (enqueue into the durable outbox, then try to
send it now) and ``outbox`` (what is still pending or failed, with age and last error).
Also ``check-config``'s trial render of every route's message template.

The same ``Forwarder`` and outbox as the dashboard: an item is stored before it is sent and
kept (pending) when Slack is down, so the next ``forward``, ``outbox --send`` or the
dashboard sends it.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import timedelta
from typing import Any

from alerttui.cli import EXIT_BACKEND, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError
from alerttui.cli_common import (
    Adder,
    audit_log,
    drain,
    dump,
    exit_code,
    fail,
    fetch,
    find_alert,
    has_alertmanager,
    make_forwarder,
    no_alert,
    table,
    write_tenant,
)
from alerttui.clients.tenant import TenantClients
from alerttui.config import Settings
from alerttui.domain import Alert, AlertState, MatchType, utcnow
from alerttui.forwarding.outbox import Item, Outbox, default_outbox_path
from alerttui.forwarding.service import Forwarder
from alerttui.i18n import _, fmt_age, fmt_age_short, ngettext
from alerttui.operations import Action, Operations
from alerttui.operations.forward import forward_alert
from alerttui.sanitize import clean


def add_outbox_commands(sub: Any, common: Adder, write_options: Adder, fmt: Adder) -> None:
    p = sub.add_parser("forward", help=_("forward an alert to Slack (through the durable outbox)"),
                       description=_("Forward an alert to its Slack route: stored in the outbox first, then "
                                     "sent. If Slack is down it stays pending (exit 1) and is sent later."))
    write_options(p)
    p.add_argument("fingerprint", metavar=_("FINGERPRINT"),
                   help=_("the alert's fingerprint, or a unique prefix (see: alerttui alerts --format json)"))
    p.add_argument("--note", "-n", metavar=_("TEXT"), default="", help=_("a note shown with the alert"))
    p.add_argument("--again", action="store_true",
                   help=_("forward even if it went to the same channel within [slack] dedup_window"))
    fmt(p)

    o = sub.add_parser("outbox", help=_("list Slack messages not sent yet (pending or failed)"),
                       description=_("List Slack messages not sent yet: pending (retried) or failed "
                                     "(Slack refused them), with age and last error."))
    common(o, tenant=False, sub=True)
    o.add_argument("--send", action="store_true", help=_("try to send every pending message now"))
    o.add_argument("--retry", action="store_true",
                   help=_("put failed messages back in the queue and try to send them now"))
    o.add_argument("--kiosk", action="store_true", default=argparse.SUPPRESS,
                   help=_("read-only: refuse --send and --retry (exit 3)"))
    fmt(o)


def run_outbox(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "forward":
        return asyncio.run(run_forward(args, settings))
    return asyncio.run(run_outbox_list(args, settings))


# -- forward ---------------------------------------------------------------------------------

async def run_forward(args: argparse.Namespace, settings: Settings) -> int:
    tenant = write_tenant(args, settings)
    clients = {tenant.id: TenantClients.from_config(tenant)}
    ops = Operations(settings, clients, audit_log(settings, writing=True), kiosk=args.kiosk)
    try:
        refused = ops.precheck(tenant.id, Action.FORWARD, args.fingerprint, {"note": args.note})
        if refused:
            fail(refused.message)
            return EXIT_REFUSED
        if settings.slack is None:
            raise UsageError(_("Slack is not configured ([slack] in the config)"))
        has_alertmanager(tenant)
        found = await fetch(clients[tenant.id])
        alert = find_alert(found, args.fingerprint)
        if alert is None:
            return no_alert(tenant.id, args.fingerprint, found)
        fw = make_forwarder(settings, ops.audit)
        try:
            return await _forward(args, ops, fw, alert)
        finally:
            fw.outbox.close()
    finally:
        await clients[tenant.id].aclose()


async def _forward(args: argparse.Namespace, ops: Operations, fw: Forwarder, alert: Alert) -> int:
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


# -- outbox ----------------------------------------------------------------------------------

def status_label(value: str) -> str:
    return {"pending": _("pending"), "failed": _("failed"), "sent": _("sent")}.get(value, value)


def kind_label(value: str) -> str:
    return {"post": _("message"), "reply": _("thread reply"), "update": _("status update"),
            "upload": _("screenshot"), "webhook": _("webhook")}.get(value, value)


def item_json(i: Item) -> dict[str, Any]:
    now = time.time()
    wait = max(0.0, i.next_at - now)
    return {"id": i.id, "tenant": i.tenant, "fingerprint": i.fingerprint, "route": i.route, "channel": i.channel,
            "kind": i.kind, "status": i.status, "attempts": i.attempts, "ageSeconds": round(now - i.created_at, 1),
            # 0 only when it is due now (a retry 30 ms away is 0.1, not 0)
            "nextTryInSeconds": (max(0.1, round(wait, 1)) if wait > 0 else 0) if i.status == "pending" else None,
            "lastError": i.last_error, "operator": i.operator}


async def run_outbox_list(args: argparse.Namespace, settings: Settings) -> int:
    path = settings.outbox_path or default_outbox_path()
    writes = args.send or args.retry
    if writes and (args.kiosk or settings.ui.kiosk):
        fail(_("read-only kiosk mode: cannot {verb}").format(verb=Action.FORWARD.verb))
        return EXIT_REFUSED
    if writes and settings.slack is None:
        raise UsageError(_("Slack is not configured ([slack] in the config)"))
    if not path.exists():
        items: list[Item] = []
    else:
        outbox = Outbox(path)
        try:
            if writes:
                fw = make_forwarder(settings, audit_log(settings), outbox)
                if args.retry:
                    outbox.retry_failed()
                now = time.time()
                for item in outbox.due(now=float("inf"), limit=10_000):
                    outbox.defer(item.id, now)  # the operator asks for now: skip the backoff
                await drain(fw)
            items = outbox.pending()
        finally:
            outbox.close()
    if args.format == "json":
        dump([item_json(i) for i in items])
    elif not items:
        print(_("the outbox is empty: every Slack message has been sent"))
    else:
        now = time.time()
        headers = [_("ID"), _("TENANT"), _("FINGERPRINT"), _("CHANNEL"), _("KIND"), _("STATUS"), _("AGE"),
                   _("ATTEMPTS"), _("NEXT TRY"), _("LAST ERROR")]
        rows = [[str(i.id), clean(i.tenant, 30), i.fingerprint[:16], clean(i.channel, 40), kind_label(i.kind),
                 status_label(i.status), fmt_age_short(timedelta(seconds=now - i.created_at)), str(i.attempts),
                 (fmt_age_short(timedelta(seconds=max(0.0, i.next_at - now))) if i.status == "pending" else "-"),
                 clean(i.last_error or "", 300)] for i in items]
        print(table(headers, rows))
        pending = sum(1 for i in items if i.status == "pending")
        print(ngettext("{n} message not sent yet", "{n} messages not sent yet", len(items)).format(n=len(items))
              + " " + _("({p} pending, {f} failed)").format(p=pending, f=len(items) - pending))
    return EXIT_BACKEND if writes and items else EXIT_OK


# -- check-config: the route templates, rendered once ------------------------------------------

class _AnyLabel(dict[str, str]):
    """Labels and annotations in a trial render: any key exists (alerts differ in them)."""

    def __missing__(self, key: str) -> str:
        return key


def _sample_alert(settings: Settings, route_tenants: list[str], severity: str, labels: dict[str, str]) -> Alert:
    tenant = route_tenants[0] if route_tenants else settings.tenants[0].id
    base = {"alertname": "SampleAlert", "severity": severity, "instance": "host-1:9100", "job": "node"}
    return Alert(fingerprint="0123456789abcdef", tenant=tenant, labels={**base, **labels},
                 annotations={"summary": "a sample summary", "description": "a sample description",
                              "runbook_url": "https://runbooks.example/sample"},
                 state=AlertState.ACTIVE, starts_at=utcnow() - timedelta(minutes=5),
                 generator_url="http://prometheus.example/graph")


def check_templates(settings: Settings) -> list[str]:
    """Render every route's template once with a sample alert: an undefined variable or an
    attribute the sandbox forbids fails here, not in the middle of an incident."""
    from alerttui.forwarding.render import context
    from alerttui.i18n import local_tz
    from alerttui.templates import TemplateProblem, compile_template, render

    if settings.slack is None:
        return []
    problems = []
    for i, route in enumerate(settings.slack.routes):
        if not route.template:
            continue
        labels = {m.name: m.value for m in route.parsed_matchers if m.type is MatchType.EQUAL}
        alert = _sample_alert(settings, route.tenants, (route.severities or ["critical"])[0], labels)
        tenant = settings.tenant(alert.tenant)
        try:
            ctx = context(alert, tenant_name=tenant.display_name, language=settings.tenant_language(tenant),
                          tz=local_tz(), operator=settings.ui.operator, note="", status="firing")
            ctx["labels"], ctx["annotations"] = _AnyLabel(ctx["labels"]), _AnyLabel(ctx["annotations"])
            render(compile_template(route.template), ctx)
        except TemplateProblem as exc:
            problems.append(_("{path}: slack.routes[{i}] ({route}): template {template}: {reason}").format(
                path=settings.source, i=i, route=route.label, template=route.template, reason=clean(str(exc), 300)))
    return problems
