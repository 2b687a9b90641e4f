"""What the commands share: the tenant a write acts on, the Operations it goes through, the
audit log, messages, tables, JSON, the alert lookup and the Slack forwarder.

Imported by the commands' ``run`` (not to build the parser). Slack (slack_sdk, aiohttp)
only when a forwarder is made: ``alerts`` uses the tables here and never needs it."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError
from alerttui.clients.tenant import TenantClients
from alerttui.domain import utcnow
from alerttui.i18n import _
from alerttui.operations import AuditLog, Operations
from alerttui.polling.fetch import fetch_alerts
from alerttui.sanitize import clean

if TYPE_CHECKING:
    from alerttui.config import Settings, TenantConfig
    from alerttui.domain import Alert, Matcher
    from alerttui.forwarding.service import Forwarder
    from alerttui.operations import Result
    from alerttui.polling.fetch import AlertsResult

DRAIN_TIMEOUT = 10.0
RATE_LIMIT_WAIT = 30.0  # the longest Slack Retry-After a command waits out (in all) before leaving it pending


def audit_log(settings: Settings, writing: bool = False) -> AuditLog:
    """The audit log; ``writing``: fail now (OSError, exit 1) if it cannot be appended to,
    rather than after a write that then has no record."""
    log = AuditLog(settings.audit_path, settings.privacy.redactor)
    if writing:
        log.path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(log.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
    return log


def write_tenant(args: argparse.Namespace, settings: Settings) -> TenantConfig:
    """The one tenant a write acts on: ``--tenant``, or the only one in the config."""
    if args.tenant:
        return settings.tenant(args.tenant)
    if len(settings.tenants) == 1:
        return settings.tenants[0]
    raise UsageError(_("--tenant is required: the config has {n} tenants ({known})").format(
        n=len(settings.tenants), known=", ".join(t.id for t in settings.tenants)))


def has_alertmanager(tenant: TenantConfig) -> None:
    if tenant.alertmanager is None:
        raise UsageError(_("tenant {tenant} has no Alertmanager").format(tenant=tenant.id))


def worst(codes: Iterable[int]) -> int:
    """The exit code of several outcomes: refused > usage > backend > ok."""
    return max(codes, default=EXIT_OK)


def exit_code(result: Result) -> int:
    if result.ok:
        return EXIT_OK
    return EXIT_REFUSED if result.refused else EXIT_BACKEND


def fail(message: str) -> None:
    print(f"alerttui: {clean(message, 2000)}", file=sys.stderr)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int | None = None,
          min_last: int = 40) -> str:
    """Plain columns; the last one is cut to ``width`` (by default: the terminal's, and not
    when piped), never below ``min_last`` (narrower: let the terminal wrap it)."""
    if width is None and sys.stdout.isatty():
        width = shutil.get_terminal_size((160, 24)).columns
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if width is not None:
        fixed = sum(widths[:-1]) + 2 * (len(widths) - 1)
        widths[-1] = max(len(headers[-1]), min(widths[-1], max(width - fixed, min_last)))

    def line(cells: Sequence[str]) -> str:
        out = [c.ljust(w) if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True)]
        return "  ".join(out).rstrip()

    return "\n".join([line(headers), *(line(r) for r in rows)])


def dump(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


# -- the operations a command makes ----------------------------------------------------------------

def _tenants(args: argparse.Namespace, settings: Settings, writes: bool) -> list[TenantConfig]:
    """The tenants the command acts on: a write's one, or the listed ones."""
    if not writes and not args.tenant:
        return [t for t in settings.tenants if t.alertmanager is not None]
    tenant = write_tenant(args, settings)
    has_alertmanager(tenant)
    return [tenant]


@asynccontextmanager
async def session(args: argparse.Namespace, settings: Settings,
                  writes: bool) -> AsyncIterator[tuple[Operations, list[TenantConfig]]]:
    """The engine's ``Operations`` (policy, one replica then the next, one audit record per
    attempt) on the tenants acted on, closed after. As in the dashboard, a write's acks,
    silences and expiries show in the alerts' Slack threads: those updates are sent (briefly)
    when it is done; what is left the dashboard or watch sends."""
    from alerttui.engine import build_engine

    tenants = _tenants(args, settings, writes)
    engine = build_engine(settings, kiosk=args.kiosk, tenants=[t.id for t in tenants], slack=writes,
                          audit=audit_log(settings, writing=writes))
    try:
        yield engine.ops, tenants
    finally:
        try:
            if engine.forwarder is not None and not engine.kiosk and engine.forwarder.outbox.due():
                await drain(engine.forwarder, timeout=5.0, wait_rate_limit=0)  # a rate limit: dashboard or watch
        finally:
            await engine.aclose()


# -- alerts ------------------------------------------------------------------------------------

async def fetch(clients: TenantClients, extra: Sequence[Matcher] = (), silences: bool = False) -> AlertsResult:
    return await fetch_alerts(clients, utcnow(), extra, with_silences=silences, with_status=False)


def find_alert(result: AlertsResult, fingerprint: str) -> Alert | None:
    """By fingerprint, or by a unique prefix of at least 4 characters."""
    if fingerprint in result.alerts:
        return result.alerts[fingerprint]
    hits = [a for fp, a in result.alerts.items() if len(fingerprint) >= 4 and fp.startswith(fingerprint)]
    return hits[0] if len(hits) == 1 else None


def backend_errors(tenant: str, result: AlertsResult) -> None:
    for err in result.errors:
        fail(_("tenant {tenant}: {error}").format(tenant=tenant, error=clean(str(err), 300)))


def no_alert(tenant: str, fingerprint: str, result: AlertsResult) -> int:
    if result.complete_failure:
        backend_errors(tenant, result)
        return EXIT_BACKEND
    fail(_("no alert with fingerprint {fp} in tenant {tenant} (resolved, or another tenant's?)").format(
        fp=fingerprint, tenant=tenant))
    return EXIT_USAGE


# -- Slack ------------------------------------------------------------------------------------

async def drain(fw: Forwarder, timeout: float = DRAIN_TIMEOUT, wait_rate_limit: float = RATE_LIMIT_WAIT) -> None:
    """Send what is due now, waiting for the per-channel rate limit, not for retry backoff.
    When Slack answers 429, wait out its ``Retry-After`` if it (with the waits before it)
    is at most ``wait_rate_limit`` seconds, saying so on stderr, then finish; a longer
    wait leaves the messages pending, for the next command, the dashboard or watch."""
    deadline = time.monotonic() + timeout
    waited = 0.0
    while True:
        delay = await fw.worker.drain_once()
        if fw.outbox.due():
            if time.monotonic() >= deadline:
                return
            await asyncio.sleep(max(0.05, min(delay if delay is not None else 0.2, 1.0, deadline - time.monotonic())))
            continue
        pause = fw.worker.rate_limited_for(time.time())
        if pause is None or waited + pause > wait_rate_limit:
            return
        fail(_("Slack asked to wait {n} s (rate limit): waiting, then sending").format(n=math.ceil(pause)))
        await asyncio.sleep(pause)
        waited += pause
        deadline = time.monotonic() + timeout
