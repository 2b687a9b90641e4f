"""``alerttui alerts``: one-shot, deduplicated, tenant-scoped alert list (like amtool)."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from typing import Any

from alerttui.cli_common import table
from alerttui.clients.tenant import TenantClients
from alerttui.config import Settings, TenantConfig
from alerttui.domain import Alert, MatcherError, parse_matchers, utcnow
from alerttui.domain.serialize import alert_to_dict
from alerttui.i18n import _, fmt_age
from alerttui.polling.fetch import AlertsResult, fetch_alerts
from alerttui.sanitize import clean

EXIT_OK, EXIT_BACKEND, EXIT_USAGE = 0, 1, 2


def alert_json(alert: Alert) -> dict[str, Any]:
    return alert_to_dict(alert)


async def _one(tenant: TenantConfig, extra: tuple[Any, ...]) -> AlertsResult:
    clients = TenantClients.from_config(tenant)
    try:
        return await fetch_alerts(clients, utcnow(), extra, with_silences=False, with_status=False)
    finally:
        await clients.aclose()


def _state(alert: Alert) -> str:
    if alert.silenced:
        return _("silenced")
    if alert.inhibited:
        return _("inhibited")
    return {"active": _("active"), "unprocessed": _("unprocessed")}.get(alert.state.value, alert.state.value)


def format_table(alerts: list[Alert], width: int) -> str:
    now = utcnow()
    headers = [_("TENANT"), _("SEVERITY"), _("ALERTNAME"), _("STATE"), _("STARTED"), _("REPLICAS"), _("SUMMARY")]
    rows = [[clean(a.tenant, 20), clean(a.severity.label if a.severity.name != "UNKNOWN"
                                        else a.labels.get("severity", ""), 10),
             clean(a.alertname, 40), _state(a), fmt_age(now - a.starts_at), str(len(a.replicas)),
             clean(a.summary, 200)] for a in alerts]
    return table(headers, rows, width, min_last=0)  # cut even when piped: a line per alert


async def run_alerts(settings: Settings, tenant: str | None, filters: list[str], fmt: str) -> int:
    try:
        extra = tuple(m for f in filters for m in parse_matchers(f))
    except MatcherError as exc:
        print(_("alerttui: --filter: {reason}").format(reason=exc), file=sys.stderr)
        return EXIT_USAGE
    tenants = [settings.tenant(tenant)] if tenant else settings.tenants
    tenants = [t for t in tenants if t.alertmanager is not None]
    results = await asyncio.gather(*(_one(t, extra) for t in tenants))
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
        print(json.dumps([alert_json(a) for a in alerts], indent=2, ensure_ascii=True))
    else:
        print(format_table(alerts, shutil.get_terminal_size((120, 24)).columns))
    return EXIT_BACKEND if failed else EXIT_OK
