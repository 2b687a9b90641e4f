"""``alerttui history``: when a tenant's alerts fired and resolved, for how long, and how
often they flapped, from its Prometheus's ``ALERTS`` series (Alertmanager keeps no history)."""

from __future__ import annotations

import argparse
import shutil
from typing import TYPE_CHECKING, Any

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK, UsageError
from alerttui.cli.parser import add_common, add_format
from alerttui.i18n import _

if TYPE_CHECKING:
    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings
    from alerttui.domain.history import AlertHistory


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("history", help=_("when the tenant's alerts fired and resolved (from Prometheus)"),
                       description=_("When the tenant's alerts fired and resolved, for how long and how often "
                                     "they flapped, from Prometheus's ALERTS series."))
    add_common(p, sub=True)
    p.add_argument("--alert", metavar="NAME", help=_("only this alert name"))
    p.add_argument("--since", metavar=_("WHEN"), default="7d",
                   help=_("how far back: a duration (24h, 7d) or a date and time (default: 7d)"))
    add_format(p)


def to_dict(h: AlertHistory) -> dict[str, Any]:
    return {"alertname": h.alertname, "labels": dict(h.labels), "fired": h.fired, "firing_now": h.firing_now,
            "total_seconds": int(h.total().total_seconds()), "longest_seconds": int(h.longest().total_seconds()),
            "flaps_per_hour": round(h.flaps_per_hour(), 4),
            "intervals": [{"start": i.start.isoformat(), "end": i.end.isoformat() if i.end else None}
                          for i in h.intervals]}


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from alerttui.cli.audit import parse_since
    from alerttui.cli.common import write_tenant
    from alerttui.domain import utcnow

    tenant = write_tenant(args, settings)
    if tenant.prometheus is None:
        raise UsageError(_("tenant {tenant} has no [tenants.prometheus]: the history is read from it").format(
            tenant=tenant.id))
    now = utcnow()
    since = parse_since(args.since, now)
    return asyncio.run(_run(settings, tenant.id, since, now, args.alert, args.format))


async def _run(settings: Settings, tenant: str, since: Any, until: Any, alert: str | None, fmt: str) -> int:
    import sys

    from alerttui.cli.common import dump, table
    from alerttui.clients.errors import BackendError
    from alerttui.durations import format_duration
    from alerttui.engine import build_engine
    from alerttui.polling.history import fetch_history
    from alerttui.sanitize import clean

    engine = build_engine(settings, tenants=[tenant], slack=False, respond=False)
    clients = engine.clients[tenant]
    try:
        assert clients.prometheus is not None
        found = await fetch_history(clients.prometheus, clients.scope, since, until, alert)
    except BackendError as exc:
        print(_("alerttui: tenant {tenant}: {error}").format(tenant=tenant, error=clean(str(exc), 300)),
              file=sys.stderr)
        return EXIT_BACKEND
    finally:
        await engine.aclose()
    if fmt == "json":
        dump([to_dict(h) for h in found])
        return EXIT_OK
    width = shutil.get_terminal_size((120, 24)).columns
    headers = [_("ALERTNAME"), _("FIRED"), _("TOTAL"), _("LONGEST"), _("FLAPS/H"), _("NOW"), _("LABELS")]
    rows = [[clean(h.alertname, 40), str(h.fired), format_duration(h.total()), format_duration(h.longest()),
             f"{h.flaps_per_hour():.2f}", _("firing") if h.firing_now else "-",
             clean(", ".join(f"{k}={v}" for k, v in sorted(h.labels.items()) if k != "alertname"), 200)]
            for h in found]
    print(table(headers, rows, width, min_last=0))
    return EXIT_OK
