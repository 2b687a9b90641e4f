"""``alerttui audit``: the audit log, every attempted action (ok, refused or failed)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from alerttui.cli.exit_codes import EXIT_OK, UsageError
from alerttui.cli.parser import add_common, add_format
from alerttui.i18n import _, fmt_datetime, local_tz, ngettext

if TYPE_CHECKING:
    from datetime import datetime

    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings
    from alerttui.operations.audit import AuditLog


def add_parser(sub: Subparsers) -> None:
    au = sub.add_parser("audit", help=_("print the audit log"),
                        description=_("Print the audit log: every attempted action, ok, refused or failed."))
    add_common(au, sub=True)
    au.add_argument("--since", metavar=_("WHEN"),
                    help=_("only records since then: a duration back from now (1h, 2d) or a date and time"))
    au.add_argument("--prune", action="store_true",
                    help=_("delete the records older than [audit] retention (the pruning is itself recorded)"))
    add_format(au)


def parse_since(text: str, now: datetime) -> datetime:
    from alerttui.durations import parse_datetime, parse_duration

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
              "thread-resolved": _("Slack thread: resolved"),
              "audit-prune": _("audit log pruned")}
    return labels.get(value, value)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from alerttui.cli.common import audit_log, dump, table
    from alerttui.domain import utcnow
    from alerttui.domain.serialize import from_iso
    from alerttui.sanitize import clean

    log = audit_log(settings)
    if args.prune:
        return prune(log, settings)
    since = parse_since(args.since, utcnow()) if args.since else None
    records = log.read(tenant=args.tenant, since=since)
    if log.torn:  # said, not hidden: a crash tore these lines; every other record is read
        shown = ", ".join(str(n) for n in log.torn[:10]) + (" …" if len(log.torn) > 10 else "")
        print(ngettext("alerttui: {path}: {n} unreadable line skipped (torn by a crash?): line {lines}",
                       "alerttui: {path}: {n} unreadable lines skipped (torn by a crash?): lines {lines}",
                       len(log.torn)).format(path=log.path, n=len(log.torn), lines=shown), file=sys.stderr)
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


def prune(log: AuditLog, settings: Settings) -> int:
    from alerttui.domain import utcnow
    from alerttui.durations import format_duration

    retention = settings.audit.retention
    if retention is None:
        raise UsageError(_("--prune: set [audit] retention (for example \"90d\") in the config first"))
    now = utcnow()
    kept, removed = log.prune(now - retention)
    log.append(operator=settings.ui.operator, tenant="", action="audit-prune", target=str(log.path), result="ok",
               parameters={"retention": format_duration(retention), "removed": removed, "kept": kept}, now=now)
    print(ngettext("{n} record older than {retention} removed, {kept} kept",
                   "{n} records older than {retention} removed, {kept} kept", removed).format(
        n=removed, retention=format_duration(retention), kept=kept))
    return EXIT_OK
