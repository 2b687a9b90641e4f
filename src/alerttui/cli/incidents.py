"""``alerttui incidents``: the incidents now (alerts that belong together), with their state,
severity counts, age, cross-tenant duplicates and what escalation will do next."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING, Any

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK
from alerttui.cli.parser import add_common, add_format
from alerttui.i18n import _, fmt_age

if TYPE_CHECKING:
    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings
    from alerttui.domain.incidents import Incident

SEVERITY_LETTERS = {"CRITICAL": "C", "ERROR": "E", "WARNING": "W", "INFO": "I", "NONE": "-", "UNKNOWN": "?"}


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("incidents", help=_("print the incidents: alerts that belong together"),
                       description=_("Print the incidents (alerts of a tenant that share its correlation labels "
                                     "or Alertmanager group and started together), open first."))
    add_common(p, sub=True)
    add_format(p)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    return asyncio.run(run_incidents(settings, tenant=args.tenant, fmt=args.format))


def counts_text(incident: Incident) -> str:
    return " ".join(f"{n}{SEVERITY_LETTERS.get(sev.name, '?')}" for sev, n in sorted(incident.counts().items()))


def state_text(state: str) -> str:
    return {"open": _("open"), "acknowledged": _("acknowledged"), "resolved": _("resolved")}.get(state, state)


def to_dict(incident: Incident, outlook: str, now: Any) -> dict[str, Any]:
    return {
        "id": incident.id, "tenant": incident.tenant, "state": incident.state, "title": incident.title,
        "severity": incident.severity.name.lower(), "started_at": incident.started_at.isoformat(),
        "resolved_at": incident.resolved_at.isoformat() if incident.resolved_at else None,
        "age_seconds": int(incident.age(now).total_seconds()),
        "counts": {sev.name.lower(): n for sev, n in sorted(incident.counts().items())},
        "key": dict(incident.record.key), "shared_labels": incident.shared_labels(),
        "duplicates": list(incident.duplicates), "escalation": outlook,
        "alerts": [{"fingerprint": a.fingerprint, "alertname": a.alertname,
                    "severity": a.labels.get("severity", ""), "silenced": a.silenced} for a in incident.alerts],
    }


async def run_incidents(settings: Settings, tenant: str | None, fmt: str) -> int:
    import asyncio

    from alerttui.domain import Snapshot, utcnow
    from alerttui.engine import build_engine
    from alerttui.polling.fetch import fetch_alerts
    from alerttui.sanitize import clean

    if tenant:
        settings.tenant(tenant)  # an unknown --tenant is refused before any read
    # Every tenant is read, even with --tenant: a cross-tenant duplicate is only seen from both sides.
    tenants = [t for t in settings.tenants if t.alertmanager is not None]
    engine = build_engine(settings, tenants=[t.id for t in tenants], prometheus=False, respond=True)
    failed = False
    try:
        now = utcnow()
        results = await asyncio.gather(*(fetch_alerts(engine.clients[t.id], now, (), with_silences=False,
                                                      with_status=False) for t in tenants))
        for t, result in zip(tenants, results, strict=True):
            for err in result.errors:
                failed = True
                print(_("alerttui: tenant {tenant}: {error}").format(tenant=t.id, error=clean(str(err), 300)),
                      file=sys.stderr)
            if result.errors and not result.alerts:
                continue
            await engine.responder.observe(Snapshot(t.id, t.display_name, alerts=result.alerts, fetched_at=now),
                                           duties=False)
        incidents = [i for i in engine.incidents() if tenant is None or i.tenant == tenant]
        outlooks = {i.id: engine.escalation_outlook(i) for i in incidents}
    finally:
        await engine.aclose()
    if fmt == "json":
        import json

        print(json.dumps([to_dict(i, outlooks[i.id], now) for i in incidents], indent=2 if sys.stdout.isatty()
                         else None, ensure_ascii=True))
    else:
        from alerttui.cli.common import table

        headers = [_("ID"), _("TENANT"), _("STATE"), _("ALERTS"), _("AGE"), _("TITLE"), _("ESCALATION")]
        rows = []
        for i in incidents:
            notes = [outlooks[i.id]] if outlooks[i.id] else []
            if i.duplicates:
                notes.append(_("also in {tenants}").format(tenants=", ".join(i.duplicates)))
            rows.append([i.id, clean(i.tenant, 20), state_text(i.state), counts_text(i) or "-",
                         fmt_age(i.age(now)), clean(i.title, 60), clean("; ".join(notes), 80)])
        print(table(headers, rows, shutil.get_terminal_size((120, 24)).columns, min_last=0))
    return EXIT_BACKEND if failed else EXIT_OK
