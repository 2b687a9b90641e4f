"""``alerttui ack``: acknowledge an alert (a short silence on its exact labels), or with
``--extend`` extend the operator's acks, through the dashboard's ``Operations``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError
from alerttui.cli.parser import add_format, add_write_options
from alerttui.i18n import _, fmt_datetime

if TYPE_CHECKING:
    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings, TenantConfig
    from alerttui.domain import Alert
    from alerttui.operations import Operations, Result
    from alerttui.polling.fetch import AlertsResult


def add_parser(sub: Subparsers) -> None:
    k = sub.add_parser("ack", help=_("acknowledge an alert (a short silence on its exact labels)"),
                       description=_("Acknowledge an alert: a short silence on its exact labels with the "
                                     "comment 'ACK! <operator> via alerttui'. With --extend: extend your "
                                     "acks instead (one alert's, or every alert's that still fires)."))
    add_write_options(k)
    k.add_argument("fingerprint", metavar=_("FINGERPRINT"), nargs="?",
                   help=_("the alert's fingerprint, or a unique prefix (see: alerttui alerts --format json)"))
    k.add_argument("--duration", "-d", metavar=_("DURATION"),
                   help=_("how long (default: [ack] duration of the config)"))
    k.add_argument("--extend", action="store_true",
                   help=_("extend your ack of this alert (or, without a fingerprint, of every alert that "
                          "still fires) by [ack] duration, never beyond [ack] max"))
    add_format(k)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio  # here: building the parser (--help) never needs it

    return asyncio.run(_run(args, settings))


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    from alerttui.cli.common import session

    async with session(args, settings, writes=True) as (ops, tenants):
        return await run_ack(args, settings, ops, tenants[0])


def _ack_out(args: argparse.Namespace, alert: Alert | None, result: Result, tenant: str) -> None:
    from alerttui.cli.common import dump, fail

    if args.format == "json":
        dump({"tenant": tenant, "fingerprint": alert.fingerprint if alert else None,
              "alertname": alert.alertname if alert else None,
              "result": "ok" if result.ok else ("refused" if result.refused else "failed"),
              "silenceID": result.silence_id, "replica": result.replica, "message": result.message})
    if result.ok:
        if args.format != "json":
            print(result.message + (f" ({result.silence_id})" if result.silence_id else ""))
    else:
        fail(result.message)


async def run_ack(args: argparse.Namespace, settings: Settings, ops: Operations, tenant: TenantConfig) -> int:
    from dataclasses import replace
    from datetime import timedelta

    from alerttui.cli.common import exit_code, fail, fetch, find_alert, no_alert
    from alerttui.durations import format_duration, parse_duration
    from alerttui.operations import Action
    from alerttui.operations.runner import Unchanged
    from alerttui.sanitize import clean

    action = Action.EXTEND if args.extend else Action.ACK
    refused = ops.precheck(tenant.id, action, args.fingerprint or "")
    if refused:
        fail(refused.message)
        return EXIT_REFUSED
    if args.extend and args.duration:
        raise UsageError(_("--duration: not with --extend (an ack is extended by [ack] duration)"))
    duration: timedelta | None = None
    if args.duration:
        try:
            duration = parse_duration(args.duration)
        except ValueError as exc:
            raise UsageError(_("--duration: {reason}").format(reason=exc)) from None
        if duration <= timedelta(0):
            raise UsageError(_("--duration: must be more than 0s"))
    if not args.fingerprint and not args.extend:
        raise UsageError(_("FINGERPRINT: which alert? (see: alerttui alerts --format json)"))
    if args.extend and not args.fingerprint and not settings.ack.extend:
        raise UsageError(_("ack extension is off: set [ack] extend = true in the config"))
    clients = ops.clients[tenant.id]
    found = await fetch(clients, silences=args.extend)
    if args.extend and not args.fingerprint:
        return await _extend_all(args, ops, tenant.id, found)
    alert = find_alert(found, args.fingerprint)
    if alert is None:
        return no_alert(tenant.id, args.fingerprint, found)
    if args.extend:
        silence = ops.my_ack(alert, found.silences or {})
        if silence is None:
            fail(_("{alert} has no active ack of yours to extend").format(alert=clean(alert.alertname, 100)))
            return EXIT_USAGE
        result = await ops.extend_ack(alert, silence)
        if result.unchanged is Unchanged.RUNS_LONGER:
            print(_("your ack of {alert} already runs until {end}, more than {d} from now").format(
                alert=clean(alert.alertname, 100), end=fmt_datetime(silence.ends_at, "short"),
                d=format_duration(settings.ack.duration)))
            return EXIT_OK
        if result.unchanged is Unchanged.AT_MAX:
            result = replace(result, refused=True)  # the [ack] max limit: a policy
        _ack_out(args, alert, result, tenant.id)
        return exit_code(result)
    result = await ops.ack(alert, duration)
    _ack_out(args, alert, result, tenant.id)
    return exit_code(result)


async def _extend_all(args: argparse.Namespace, ops: Operations, tenant: str,
                      found: AlertsResult) -> int:
    from alerttui.cli.common import backend_errors, dump, exit_code, fail, worst

    if found.complete_failure or found.silences is None:
        backend_errors(tenant, found)
        return EXIT_BACKEND
    results = await ops.extend_acks(tenant, found.alerts.values(), found.silences)
    if args.format == "json":
        dump([{"result": "ok" if r.ok else ("refused" if r.refused else "failed"), "silenceID": r.silence_id,
               "message": r.message} for r in results])
    else:
        for r in results:
            (print if r.ok else fail)(r.message)
        if not results:
            print(_("no ack of yours ends soon on an alert that still fires"))
    return worst(exit_code(r) for r in results if r.unchanged is None)
