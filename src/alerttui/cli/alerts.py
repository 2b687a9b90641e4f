"""``alerttui alerts``: one-shot, deduplicated, tenant-scoped alert list (like amtool)."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING, Any

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK, EXIT_USAGE
from alerttui.cli.parser import add_common, add_format
from alerttui.i18n import _, fmt_age

if TYPE_CHECKING:
    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings, TenantConfig
    from alerttui.domain import Alert
    from alerttui.polling.fetch import AlertsResult


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("alerts", help=_("print the deduplicated, tenant-scoped alert list"),
                       description=_("Print the deduplicated, tenant-scoped alert list."))
    add_common(p, sub=True)
    p.add_argument("--filter", metavar="M", action="append", default=[],
                   help=_('Alertmanager matchers, e.g. \'severity="critical"\' (repeatable)'))
    add_format(p)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio  # here: building the parser (--help) never needs it
    import gc

    # A one-shot that makes several objects per alert (wire models, Alerts, dicts for the
    # JSON), keeps them to the end and exits: the cyclic GC would walk them again and again
    # as they pile up and find nothing to free (~0.2 s of ~0.9 s of CPU on 10,000 alerts).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return asyncio.run(run_alerts(settings, tenant=args.tenant, filters=args.filter, fmt=args.format))
    finally:
        if enabled:
            gc.enable()


async def _fetch_all(settings: Settings, tenants: list[TenantConfig], extra: tuple[Any, ...]) -> list[AlertsResult]:
    """Every tenant's alerts at once, on the engine's clients (one per distinct backend)."""
    import asyncio

    from alerttui.domain import utcnow
    from alerttui.engine import build_engine
    from alerttui.polling.fetch import fetch_alerts

    engine = build_engine(settings, tenants=[t.id for t in tenants], slack=False, prometheus=False)
    try:
        now = utcnow()
        return list(await asyncio.gather(*(fetch_alerts(engine.clients[t.id], now, extra, with_silences=False,
                                                        with_status=False) for t in tenants)))
    finally:
        await engine.aclose()


def _state(alert: Alert) -> str:
    if alert.silenced:
        return _("silenced")
    if alert.inhibited:
        return _("inhibited")
    return {"active": _("active"), "unprocessed": _("unprocessed")}.get(alert.state.value, alert.state.value)


def format_table(alerts: list[Alert], width: int) -> str:
    from alerttui.cli.common import table
    from alerttui.domain import utcnow
    from alerttui.sanitize import clean

    now = utcnow()
    headers = [_("TENANT"), _("SEVERITY"), _("ALERTNAME"), _("STATE"), _("STARTED"), _("REPLICAS"), _("SUMMARY")]
    rows = [[clean(a.tenant, 20), clean(a.severity.label if a.severity.name != "UNKNOWN"
                                        else a.labels.get("severity", ""), 10),
             clean(a.alertname, 40), _state(a), fmt_age(now - a.starts_at), str(len(a.replicas)),
             clean(a.summary, 200)] for a in alerts]
    return table(headers, rows, width, min_last=0)  # cut even when piped: a line per alert


async def run_alerts(settings: Settings, tenant: str | None, filters: list[str], fmt: str) -> int:
    from alerttui.domain import MatcherError, parse_matchers
    from alerttui.sanitize import clean

    try:
        extra = tuple(m for f in filters for m in parse_matchers(f))
    except MatcherError as exc:
        print(_("alerttui: --filter: {reason}").format(reason=exc), file=sys.stderr)
        return EXIT_USAGE
    tenants = [settings.tenant(tenant)] if tenant else settings.tenants
    tenants = [t for t in tenants if t.alertmanager is not None]
    results = await _fetch_all(settings, tenants, extra)
    alerts: list[Alert] = []
    failed = False
    for t, result in zip(tenants, results, strict=True):
        alerts.extend(result.alerts.values())
        for err in result.errors:
            failed = True
            print(_("alerttui: tenant {tenant}: {error}").format(tenant=t.id, error=clean(str(err), 300)),
                  file=sys.stderr)
    alerts.sort(key=lambda a: (*a.sort_key()[:2], a.tenant))
    if fmt == "json":
        import json

        from alerttui.domain.serialize import alert_to_dict

        items = [alert_to_dict(a) for a in alerts]
        # Indented for a person at a terminal; compact when piped (to jq, a script): indent
        # forces Python's pure-Python encoder, 3-4x slower on 10,000 alerts. ASCII either
        # way: a label's RTL override or escape character never reaches a terminal raw.
        if sys.stdout.isatty():
            text = json.dumps(items, indent=2, ensure_ascii=True)
        else:
            text = json.dumps(items, separators=(",", ":"), ensure_ascii=True)
        sys.stdout.write(text)  # not ``text + "\n"``: a copy of megabytes
        sys.stdout.write("\n")
    else:
        print(format_table(alerts, shutil.get_terminal_size((120, 24)).columns))
    return EXIT_BACKEND if failed else EXIT_OK
