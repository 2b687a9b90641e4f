"""``alerttui silence add|list|expire``: the operator's silences from the command line. The
same ``Operations`` as the dashboard (policy, one replica then the next, one audit record
per attempt), a second face: nothing here decides what is allowed."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError
from alerttui.cli.parser import add_common, add_format, add_write_options
from alerttui.cli.silence_lookup import SilenceLookup, tenant_silences
from alerttui.i18n import _, fmt_age_short, fmt_datetime, local_tz, ngettext

if TYPE_CHECKING:
    from datetime import datetime

    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings, TenantConfig
    from alerttui.domain import Matcher, Silence
    from alerttui.operations import Operations


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("silence", help=_("add, list or expire silences"),
                       description=_("Add, list or expire silences of one tenant. The tenant's scope "
                                     "matchers are always added to a new silence."))
    silence = p.add_subparsers(dest="silence_command", metavar=_("ACTION"), required=True,
                               parser_class=type(p), title=_("actions"))

    a = silence.add_parser("add", help=_("create a silence (a future start makes a maintenance window)"),
                           description=_("Create a silence. A future --start makes a maintenance window "
                                         "(pending until then). Prints the new silence id and how many "
                                         "current alerts it matches."))
    add_write_options(a)
    a.add_argument("--matcher", "-m", metavar="M", action="append", default=[],
                   help=_('a matcher like \'alertname="DiskFull"\' or \'instance=~"db-.*"\' (repeatable, ANDed)'))
    when = a.add_mutually_exclusive_group()
    when.add_argument("--duration", "-d", metavar=_("DURATION"),
                      help=_("how long from the start, like 2h or 30m (default: 1h)"))
    when.add_argument("--end", metavar=_("TIME"),
                      help=_("when it ends: a duration from now, 18:30 or 2026-11-25 09:00"))
    a.add_argument("--start", metavar=_("TIME"),
                   help=_("when it starts (default: now): a duration from now, 18:30 or 2026-11-25 09:00"))
    a.add_argument("--comment", "-c", metavar=_("TEXT"), required=True,
                   help=_("why, and a ticket if there is one (required)"))
    add_format(a)

    lst = silence.add_parser("list", help=_("list a tenant's silences"),
                             description=_("List silences (of every tenant unless --tenant is given)."))
    add_common(lst, sub=True)
    lst.add_argument("--state", choices=("active", "pending", "expired", "all"),
                     help=_("only silences in this state (default: active and pending)"))
    add_format(lst)

    e = silence.add_parser("expire", help=_("expire silences by id"),
                           description=_("Expire silences by id. A responder may expire its own silences, "
                                         "an admin anyone's."))
    add_write_options(e)
    e.add_argument("ids", metavar="ID", nargs="+", help=_("silence id, or a unique prefix of 8 or more characters (see: alerttui silence list)"))
    add_format(e)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio  # here: building the parser (--help) never needs it

    return asyncio.run(_run(args, settings))


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    from alerttui.cli.common import session

    writes = args.silence_command != "list"
    async with session(args, settings, writes) as (ops, tenants):
        if not writes:
            return await run_silence_list(args, ops, tenants)
        if args.silence_command == "add":
            return await run_silence_add(args, ops, tenants[0])
        return await run_silence_expire(args, ops, tenants[0])


# -- silence add -----------------------------------------------------------------------------

def _window(args: argparse.Namespace, now: datetime) -> tuple[datetime, datetime]:
    """When the silence starts and ends."""
    from alerttui.durations import parse_duration, parse_until

    tz = local_tz()
    try:
        starts = parse_until(args.start, now, tz) if args.start else now
    except ValueError as exc:
        raise UsageError(_("--start: {reason}").format(reason=exc)) from None
    try:
        if args.end:
            ends = parse_until(args.end, now, tz)
        else:
            ends = max(starts, now) + parse_duration(args.duration or "1h")
    except ValueError as exc:
        raise UsageError(_("{option}: {reason}").format(option="--end" if args.end else "--duration",
                                                        reason=exc)) from None
    return starts, ends


def _matchers(texts: Sequence[str]) -> tuple[Matcher, ...]:
    from alerttui.domain import MatcherError, parse_matchers

    out: list[Matcher] = []
    for text in texts:
        try:
            out.extend(parse_matchers(text))
        except MatcherError as exc:
            raise UsageError(_("--matcher {text!r}: {reason}").format(text=text, reason=exc)) from None
    return tuple(out)


async def run_silence_add(args: argparse.Namespace, ops: Operations, tenant: TenantConfig) -> int:
    from alerttui.cli.common import backend_errors, dump, exit_code, fail, fetch
    from alerttui.domain import format_matchers, utcnow
    from alerttui.domain.serialize import to_iso
    from alerttui.operations import Action
    from alerttui.operations.runner import SilenceRequest
    from alerttui.sanitize import clean

    try:
        matchers, bad = _matchers(args.matcher), None
    except UsageError as exc:
        matchers, bad = (), exc
    # Kiosk and role first (a refusal, exit 3, even for an invalid request); its audit
    # target is what Operations would write: the scoped matchers.
    target = format_matchers(ops.scoped(tenant.id, matchers)) if bad is None else " ".join(args.matcher)
    refused = ops.precheck(tenant.id, Action.SILENCE, target, {"comment": args.comment})
    if refused:
        fail(refused.message)
        return EXIT_REFUSED
    if bad is not None:
        raise bad
    if not matchers:
        raise UsageError(_("--matcher: at least one is required (the tenant's scope alone would silence "
                           "every alert of the tenant)"))
    now = utcnow()
    starts, ends = _window(args, now)
    req = SilenceRequest(tenant=tenant.id, matchers=matchers, starts_at=starts, ends_at=ends,
                         comment=args.comment)
    result = await ops.silence(req)
    if not result.ok:
        fail(result.message)
        return EXIT_USAGE if result.invalid else exit_code(result)
    assert result.silence_id is not None
    found = await fetch(ops.clients[tenant.id], matchers)
    count = len(found.alerts)
    pending = starts > utcnow()
    scoped = ops.scoped(tenant.id, matchers)
    if args.format == "json":
        dump({"id": result.silence_id, "tenant": tenant.id, "state": "pending" if pending else "active",
              "matchers": [str(m) for m in scoped], "startsAt": to_iso(starts), "endsAt": to_iso(ends),
              "createdBy": ops.operator, "comment": args.comment, "replica": result.replica,
              "matchingAlerts": count if not found.complete_failure else None})
        return EXIT_OK
    print(result.silence_id)
    if pending:
        text = ngettext("pending maintenance window from {start} until {end}; it matches {n} current alert",
                        "pending maintenance window from {start} until {end}; it matches {n} current alerts", count)
    else:
        text = ngettext("active until {end}; it matches {n} current alert",
                        "active until {end}; it matches {n} current alerts", count)
    print(text.format(start=fmt_datetime(starts, "short"), end=fmt_datetime(ends, "short"), n=count))
    print(_("matchers: {m}").format(m=clean(format_matchers(scoped), 1000)))
    if found.complete_failure:
        backend_errors(tenant.id, found)
    return EXIT_OK


# -- silence list ----------------------------------------------------------------------------

def silence_json(tenant: str, s: Silence) -> dict[str, Any]:
    from alerttui.domain.serialize import to_iso

    return {"id": s.id, "tenant": tenant, "state": s.state.value, "matchers": [str(m) for m in s.matchers],
            "startsAt": to_iso(s.starts_at), "endsAt": to_iso(s.ends_at), "updatedAt": to_iso(s.updated_at),
            "createdBy": s.created_by, "comment": s.comment, "ack": s.is_ack}


async def run_silence_list(args: argparse.Namespace, ops: Operations, tenants: list[TenantConfig]) -> int:
    from alerttui.cli.common import dump, fail, table
    from alerttui.clients.errors import BackendError
    from alerttui.domain import SilenceState, format_matchers, utcnow
    from alerttui.domain.serialize import SILENCE_STATE_ORDER, silence_state_label
    from alerttui.sanitize import clean

    wanted = {"active": {SilenceState.ACTIVE}, "pending": {SilenceState.PENDING},
              "expired": {SilenceState.EXPIRED}, "all": set(SilenceState)}.get(
        args.state or "", {SilenceState.ACTIVE, SilenceState.PENDING})
    code = EXIT_OK
    rows: list[tuple[str, Silence]] = []
    for t in tenants:
        try:
            found = await tenant_silences(ops, t.id)
        except BackendError as exc:
            fail(_("tenant {tenant}: {error}").format(tenant=t.id, error=clean(str(exc), 300)))
            code = EXIT_BACKEND
            continue
        rows.extend((t.id, s) for s in found if s.state in wanted)
    rows.sort(key=lambda r: (SILENCE_STATE_ORDER[r[1].state], r[1].ends_at, r[0]))
    if args.format == "json":
        dump([silence_json(tid, s) for tid, s in rows])
        return code
    now = utcnow()
    headers = [_("ID"), _("TENANT"), _("STATE"), _("STARTS"), _("ENDS"), _("CREATED BY"), _("MATCHERS"),
               _("COMMENT")]
    lines = []
    for tid, s in rows:
        scope = ops.scope(tid)
        own = [m for m in s.matchers if m not in scope] or list(s.matchers)
        ends = fmt_datetime(s.ends_at, "short")
        if s.state is not SilenceState.EXPIRED:
            ends += " (" + _("in {d}").format(d=fmt_age_short(s.ends_at - now)) + ")"
        lines.append([s.id, tid, silence_state_label(s.state), fmt_datetime(s.starts_at, "short"), ends,
                      clean(s.created_by, 30), clean(format_matchers(own), 80), clean(s.comment, 200)])
    print(table(headers, lines))
    return code


# -- silence expire --------------------------------------------------------------------------

async def run_silence_expire(args: argparse.Namespace, ops: Operations, tenant: TenantConfig) -> int:
    from alerttui.cli.common import dump, exit_code, fail, worst
    from alerttui.clients.errors import BackendError
    from alerttui.domain import SilenceState
    from alerttui.operations import Action
    from alerttui.sanitize import clean

    codes = []
    out = []
    lookup = SilenceLookup(ops, tenant.id)
    for sid in args.ids:
        refused = ops.precheck(tenant.id, Action.EXPIRE, sid)
        if refused:
            fail(refused.message)
            codes.append(EXIT_REFUSED)
            out.append({"id": sid, "result": "refused", "error": refused.message})
            continue
        try:
            silence, result_name, msg = await lookup.find(sid)
        except BackendError as exc:
            fail(_("silence {id}: {error}").format(id=clean(sid, 80), error=clean(str(exc), 300)))
            codes.append(EXIT_BACKEND)
            out.append({"id": sid, "result": "failed", "error": str(exc)})
            continue
        if silence is None:
            fail(msg)
            codes.append(EXIT_USAGE)
            out.append({"id": sid, "result": result_name, "error": msg})
            continue
        sid = silence.id
        if silence.state is SilenceState.EXPIRED:
            msg = _("silence {id} has already expired").format(id=sid)
            print(msg)
            codes.append(EXIT_OK)
            out.append({"id": sid, "result": "ok", "message": msg})
            continue
        result = await ops.expire(tenant.id, silence)
        codes.append(exit_code(result))
        if result.ok:
            if args.format != "json":
                print(result.message)
        else:
            fail(result.message)
        out.append({"id": sid, "result": "ok" if result.ok else ("refused" if result.refused else "failed"),
                    "message" if result.ok else "error": result.message})
    if args.format == "json":
        dump(out)
    return worst(codes)
