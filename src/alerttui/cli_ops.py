"""The operator's writes from the command line: ``silence add|list|expire``, ``ack`` and
``audit``. The same ``Operations`` as the dashboard (policy, one replica then the next,
one audit record per attempt), a second face: nothing here decides what is allowed.

Exit codes: 0 ok, 1 a backend failed, 2 bad usage or config, 3 refused by policy.
"""

from __future__ import annotations

import argparse
import asyncio
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from alerttui.cli import EXIT_BACKEND, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError
from alerttui.cli_common import (
    Adder,
    audit_log,
    backend_errors,
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
    worst,
    write_tenant,
)
from alerttui.clients.errors import BackendError, HTTPStatusError
from alerttui.clients.tenant import TenantClients
from alerttui.config import Settings, TenantConfig
from alerttui.domain import (
    Alert,
    Matcher,
    MatcherError,
    Silence,
    SilenceState,
    format_matchers,
    parse_matchers,
    utcnow,
)
from alerttui.domain.serialize import SILENCE_STATE_ORDER, from_iso, silence_state_label, to_iso
from alerttui.durations import format_duration, parse_datetime, parse_duration, parse_until
from alerttui.forwarding.service import Forwarder
from alerttui.i18n import _, fmt_age_short, fmt_datetime, local_tz, ngettext
from alerttui.operations import Action, Operations, Result
from alerttui.operations.runner import SilenceRequest, Unchanged
from alerttui.polling.fetch import AlertsResult, first_silences, to_silence
from alerttui.sanitize import clean

# -- the parser --------------------------------------------------------------------------------

def add_ops_commands(sub: Any, common: Adder, write_options: Adder, fmt: Adder) -> None:
    p = sub.add_parser("silence", help=_("add, list or expire silences"),
                       description=_("Add, list or expire silences of one tenant. The tenant's scope "
                                     "matchers are always added to a new silence."))
    silence = p.add_subparsers(dest="silence_command", metavar=_("ACTION"), required=True,
                               parser_class=type(p), title=_("actions"))

    a = silence.add_parser("add", help=_("create a silence (a future start makes a maintenance window)"),
                           description=_("Create a silence. A future --start makes a maintenance window "
                                         "(pending until then). Prints the new silence id and how many "
                                         "current alerts it matches."))
    write_options(a)
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
    fmt(a)

    lst = silence.add_parser("list", help=_("list a tenant's silences"),
                             description=_("List silences (of every tenant unless --tenant is given)."))
    common(lst, sub=True)
    lst.add_argument("--state", choices=("active", "pending", "expired", "all"),
                     help=_("only silences in this state (default: active and pending)"))
    fmt(lst)

    e = silence.add_parser("expire", help=_("expire silences by id"),
                           description=_("Expire silences by id. A responder may expire its own silences, "
                                         "an admin anyone's."))
    write_options(e)
    e.add_argument("ids", metavar="ID", nargs="+", help=_("silence id, or a unique prefix of 8 or more characters (see: alerttui silence list)"))
    fmt(e)

    k = sub.add_parser("ack", help=_("acknowledge an alert (a short silence on its exact labels)"),
                       description=_("Acknowledge an alert: a short silence on its exact labels with the "
                                     "comment 'ACK! <operator> via alerttui'. With --extend: extend your "
                                     "acks instead (one alert's, or every alert's that still fires)."))
    write_options(k)
    k.add_argument("fingerprint", metavar=_("FINGERPRINT"), nargs="?",
                   help=_("the alert's fingerprint, or a unique prefix (see: alerttui alerts --format json)"))
    k.add_argument("--duration", "-d", metavar=_("DURATION"),
                   help=_("how long (default: [ack] duration of the config)"))
    k.add_argument("--extend", action="store_true",
                   help=_("extend your ack of this alert (or, without a fingerprint, of every alert that "
                          "still fires) by [ack] duration, never beyond [ack] max"))
    fmt(k)

    au = sub.add_parser("audit", help=_("print the audit log"),
                        description=_("Print the audit log: every attempted action, ok, refused or failed."))
    common(au, sub=True)
    au.add_argument("--since", metavar=_("WHEN"),
                    help=_("only records since then: a duration back from now (1h, 2d) or a date and time"))
    fmt(au)


# -- dispatch ----------------------------------------------------------------------------------

def run_ops(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "audit":
        return run_audit(args, settings)
    return asyncio.run(_run_async(args, settings))


def _tenants(args: argparse.Namespace, settings: Settings, writes: bool) -> list[TenantConfig]:
    """The tenants the command acts on: a write's one, or the listed ones."""
    if not writes and not args.tenant:
        return [t for t in settings.tenants if t.alertmanager is not None]
    tenant = write_tenant(args, settings)
    has_alertmanager(tenant)
    return [tenant]


async def _run_async(args: argparse.Namespace, settings: Settings) -> int:
    writes = not (args.command == "silence" and args.silence_command == "list")
    clients: dict[str, TenantClients] = {}  # only the tenants acted on: filled below
    ops = Operations(settings, clients, audit_log(settings, writing=writes), kiosk=args.kiosk)
    forwarder = None
    if settings.slack is not None and not ops.kiosk and writes:
        # As in the dashboard: acks, silences and expiries show in the alerts' Slack threads.
        forwarder = make_forwarder(settings, ops.audit)
        ops.listeners.append(forwarder.on_change)
    try:
        tenants = _tenants(args, settings, writes)
        clients.update((t.id, TenantClients.from_config(t)) for t in tenants)
        if not writes:
            return await run_silence_list(args, ops, tenants)
        if args.command == "ack":
            return await run_ack(args, settings, ops, tenants[0])
        if args.silence_command == "add":
            return await run_silence_add(args, ops, tenants[0])
        return await run_silence_expire(args, ops, tenants[0])
    finally:
        for c in clients.values():
            await c.aclose()
        if forwarder is not None:
            await _threads(forwarder)


async def _threads(forwarder: Forwarder) -> None:
    """Send the thread updates a write queued (briefly; what is left the dashboard sends)."""
    try:
        if forwarder.outbox.due():
            await drain(forwarder, timeout=5.0, wait_rate_limit=0)  # a rate limit: the dashboard or watch
    finally:
        forwarder.outbox.close()


# -- silence add -----------------------------------------------------------------------------

def _window(args: argparse.Namespace, now: datetime) -> tuple[datetime, datetime]:
    """When the silence starts and ends."""
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
    out: list[Matcher] = []
    for text in texts:
        try:
            out.extend(parse_matchers(text))
        except MatcherError as exc:
            raise UsageError(_("--matcher {text!r}: {reason}").format(text=text, reason=exc)) from None
    return tuple(out)


async def run_silence_add(args: argparse.Namespace, ops: Operations, tenant: TenantConfig) -> int:
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

async def tenant_silences(ops: Operations, tenant: str) -> list[Silence]:
    """The tenant's silences (its scope matchers are in each), from the first replica that answers."""
    found, errors = await first_silences(ops.clients[tenant])
    if found is None:
        raise errors[0] if errors else BackendError("", _("no Alertmanager"))
    return [s for s in found if ops.in_scope(tenant, s)]


def silence_json(tenant: str, s: Silence) -> dict[str, Any]:
    return {"id": s.id, "tenant": tenant, "state": s.state.value, "matchers": [str(m) for m in s.matchers],
            "startsAt": to_iso(s.starts_at), "endsAt": to_iso(s.ends_at), "updatedAt": to_iso(s.updated_at),
            "createdBy": s.created_by, "comment": s.comment, "ack": s.is_ack}


async def run_silence_list(args: argparse.Namespace, ops: Operations, tenants: list[TenantConfig]) -> int:
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

async def find_silence(clients: TenantClients, silence_id: str) -> Silence | None:
    """None if no replica knows it; BackendError if none answered."""
    errors: list[BackendError] = []
    for am in clients.alertmanagers:
        try:
            return to_silence(await am.silence(silence_id))
        except HTTPStatusError as exc:
            if exc.status in (400, 404):
                return None
            errors.append(exc)
        except BackendError as exc:
            errors.append(exc)
    raise errors[0] if errors else BackendError("", _("no Alertmanager"))


SILENCE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SILENCE_PREFIX = re.compile(r"[0-9a-f][0-9a-f-]{7,35}")  # 8+ characters of an id, like fingerprints


class SilenceLookup:
    """Finds the silence an id or a unique prefix of 8+ characters names among the tenant's
    silences (read once, however many prefixes are given)."""

    def __init__(self, ops: Operations, tenant: str, silences: list[Silence] | None = None) -> None:
        self.ops, self.tenant = ops, tenant
        self._all = silences  # the tenant's silences, once read

    async def find(self, given: str) -> tuple[Silence | None, str, str]:
        """(the silence, "", "") or (None, the result, why): result "not-found" or "invalid".
        BackendError if no replica answered."""
        text = given.strip().lower()
        if SILENCE_ID.fullmatch(text):
            silence = await find_silence(self.ops.clients[self.tenant], text)
            if silence is not None and self.ops.in_scope(self.tenant, silence):
                return silence, "", ""
            hits: list[Silence] = []
        elif SILENCE_PREFIX.fullmatch(text):
            if self._all is None:
                self._all = await tenant_silences(self.ops, self.tenant)
            hits = [s for s in self._all if s.id.startswith(text)]
            if len(hits) == 1:
                return hits[0], "", ""
        else:
            return None, "invalid", _(
                "silence id {id!r}: expected a silence id like 9d4275a9-4806-4784-8497-663e8d495c84, or a "
                "unique prefix of at least 8 of its characters (see: alerttui silence list)").format(
                id=clean(given, 80))
        if len(hits) > 1:
            return None, "invalid", _(
                "silence id {id}: {n} silences of tenant {tenant} start with it ({ids}); give more "
                "characters").format(id=text, n=len(hits), tenant=self.tenant,
                                     ids=", ".join(sorted(s.id for s in hits)[:5]))
        # Another tenant's silence is "not found" here: its existence is none of this tenant's business.
        return None, "not-found", _("no silence {id} in tenant {tenant}").format(id=text, tenant=self.tenant)


async def run_silence_expire(args: argparse.Namespace, ops: Operations, tenant: TenantConfig) -> int:
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


# -- ack -------------------------------------------------------------------------------------

def _ack_out(args: argparse.Namespace, alert: Alert | None, result: Result, tenant: str) -> None:
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


# -- audit -----------------------------------------------------------------------------------

def parse_since(text: str, now: datetime) -> datetime:
    s = text.strip()
    try:
        return now - parse_duration(s)
    except ValueError:
        pass
    try:
        return parse_datetime(s, local_tz())
    except ValueError:
        raise UsageError(_("--since: expected a duration like 1h or 2d, or a date like 2026-11-25 09:00, "
                           "got {text!r}").format(text=text)) from None


def result_label(value: str) -> str:
    return {"ok": _("ok"), "refused": _("refused"), "failed": _("failed"), "queued": _("queued")}.get(value, value)


def action_label(value: str) -> str:
    labels = {"silence": _("silence"), "ack": _("ack"), "extend": _("extend ack"), "expire": _("expire"),
              "edit": _("edit"), "forward": _("forward"), "thread-acknowledged": _("Slack thread: acknowledged"),
              "thread-silenced": _("Slack thread: silenced"), "thread-firing": _("Slack thread: firing"),
              "thread-resolved": _("Slack thread: resolved")}
    return labels.get(value, value)


def run_audit(args: argparse.Namespace, settings: Settings) -> int:
    log = audit_log(settings)
    since = parse_since(args.since, utcnow()) if args.since else None
    records = log.read(tenant=args.tenant, since=since)
    if args.format == "json":
        dump(records)
        return EXIT_OK
    headers = [_("TIME"), _("OPERATOR"), _("TENANT"), _("ACTION"), _("TARGET"), _("RESULT"), _("SILENCE ID"),
               _("ERROR")]
    rows = []
    for r in records:
        try:
            parsed = from_iso(r.get("time"))
        except ValueError:
            parsed = None
        when = fmt_datetime(parsed, "medium") if parsed else clean(str(r.get("time", "")), 40)
        rows.append([when, clean(str(r.get("operator") or ""), 30), clean(str(r.get("tenant") or ""), 30),
                     clean(action_label(str(r.get("action") or "")), 40), clean(str(r.get("target") or ""), 60),
                     result_label(str(r.get("result") or "")), str(r.get("silence_id") or "-"),
                     clean(str(r.get("error") or ""), 300)])
    print(table(headers, rows))
    if not rows:
        print(_("(no audit records in {path})").format(path=log.path) if since is None and not args.tenant
              else _("(no audit records match)"))
    return EXIT_OK
