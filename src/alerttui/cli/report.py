"""``alerttui report``: an SLA report for one tenant over a period: availability per SLO
against its objective, budget consumed, incidents with their time to acknowledge and to
resolve, the noisiest alerts; as Markdown, CSV or HTML (charts as inline SVG), in the tenant's
language unless ``--lang`` says otherwise."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK, UsageError
from alerttui.cli.parser import add_common
from alerttui.i18n import _

if TYPE_CHECKING:
    from datetime import datetime, timedelta
    from pathlib import Path

    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings

MAX_PERIOD_DAYS = 400


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("report", help=_("an SLA report for a tenant over a period (Markdown, CSV or HTML)"),
                       description=_("An SLA report for one tenant: availability per SLO against its objective, "
                                     "budget consumed, incidents with time to acknowledge and to resolve (from the "
                                     "alert history and the audit log), the noisiest alerts."))
    add_common(p, sub=True)
    p.add_argument("--period", metavar=_("DURATION"), default="30d",
                   help=_("how long a period, ending at --until (default: 30d)"))
    p.add_argument("--until", metavar=_("WHEN"),
                   help=_("the end of the period: a date and time (default: now)"))
    p.add_argument("--format", choices=("md", "csv", "html"), default="md",
                   help=_("output format (default: md)"))
    p.add_argument("--output", metavar="FILE", type=_path,
                   help=_("write the report to FILE (default: standard output)"))


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text)


def _period(text: str) -> timedelta:
    from datetime import timedelta

    from alerttui.durations import parse_duration

    try:
        value = parse_duration(text)
    except ValueError:
        value = timedelta(0)
    if not timedelta(hours=1) <= value <= timedelta(days=MAX_PERIOD_DAYS):
        raise UsageError(_("--period: expected a duration between 1h and {max}d, like 7d or 30d, got {text!r}").format(
            max=MAX_PERIOD_DAYS, text=text))
    return value


def _until(text: str | None, now: datetime) -> datetime:
    from alerttui.durations import parse_datetime
    from alerttui.i18n import local_tz

    if not text:
        return now
    try:
        return parse_datetime(text.strip(), local_tz())
    except ValueError:
        raise UsageError(_("--until: expected a date and time like 2026-12-01 or 2026-12-01 09:00, got {text!r}").format(
            text=text)) from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from alerttui import i18n
    from alerttui.cli.common import write_tenant
    from alerttui.domain import utcnow

    tenant = write_tenant(args, settings)
    if tenant.prometheus is None:
        raise UsageError(_("tenant {tenant} has no [tenants.prometheus]: the report is read from it").format(
            tenant=tenant.id))
    period = _period(args.period)
    until = _until(args.until, utcnow())
    if not getattr(args, "lang", None):
        i18n.set_language(settings.tenant_language(tenant))  # the tenant's readers' language
    return asyncio.run(_run(settings, tenant.id, until - period, until, args.format, args.output))


async def _run(settings: Settings, tenant_id: str, since: datetime, until: datetime, fmt: str,
               output: Path | None) -> int:
    import sys

    from alerttui.cli.common import audit_log
    from alerttui.engine import build_engine
    from alerttui.polling.report import fetch_report
    from alerttui.reports.render import render
    from alerttui.sanitize import clean

    tenant = settings.tenant(tenant_id)
    engine = build_engine(settings, tenants=[tenant_id], slack=False, respond=False)
    try:
        report = await fetch_report(engine.clients[tenant_id], tenant, since, until, audit_log(settings).records())
    finally:
        await engine.aclose()
    if report.errors and not report.histories and all(s.availability is None for s in report.slos):
        for error in report.errors:
            print(_("alerttui: tenant {tenant}: {error}").format(tenant=tenant_id, error=clean(error, 300)),
                  file=sys.stderr)
        return EXIT_BACKEND  # nothing could be read: no report rather than an empty one
    text = render(settings.privacy.redactor.report(report), fmt)  # [privacy] redact: a report leaves the machine
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)
        print(_("report written to {path}").format(path=output), file=sys.stderr)
    for error in report.errors:
        print(_("alerttui: tenant {tenant}: not in the report: {error}").format(tenant=tenant_id,
                                                                                 error=clean(error, 300)),
              file=sys.stderr)
    return EXIT_OK


def _write(path: Path, text: str) -> None:
    """Whole or not at all: a temporary file beside it, renamed over it."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
