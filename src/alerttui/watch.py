"""``alerttui watch``: the engine with no screen, for a service manager.

It polls every tenant and does the background duties (Slack threads followed to resolution,
the outbox drained, acks extended), logging one line per event to stderr (``--log-format
json`` for a log shipper). SIGTERM or SIGINT stop it within 5 s: the Slack send in flight
finishes (or is left pending, never half-recorded), then everything closes; exit 0. It
exits 1 if it cannot start: another watch runs on the same state directory.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from alerttui import heap
from alerttui.config import Settings
from alerttui.engine import Engine, Event, build_engine, settings_state_dir
from alerttui.i18n import _, ngettext

CLAIM_TRIES = 10  # a dashboard's probe holds watch.lock for microseconds: try for about 1 s


def line_writer(fmt: str, out: TextIO = sys.stderr) -> Callable[[Event], None]:
    """One line per event: ``2026-12-01T09:00:00.000Z firing acme: DiskFull firing (critical)``."""

    def write(event: Event) -> None:
        now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        if fmt == "json":
            record = {"time": now, "event": event.kind, "tenant": event.tenant, "message": event.message,
                      **event.fields}
            text = json.dumps(record, ensure_ascii=False, default=str)
        else:
            text = f"{now} {event.kind} {event.message}"
        print(text, file=out, flush=True)

    return write


def run_watch(settings: Settings, *, log_format: str = "text", state: Path | None = None) -> int:
    log = line_writer(log_format)
    if settings.ui.kiosk:
        log(Event("error", _("[ui] kiosk = true: a read-only config cannot do the background duties "
                             "(use a config without kiosk for watch)")))
        return 2
    engine = build_engine(settings, role="watch", polling=True, state=state)
    assert engine.duties is not None
    for _try in range(CLAIM_TRIES):
        if engine.duties.claim_watch():
            break
        time.sleep(0.1)
    else:
        holder = engine.duties.watch_lock.holder() or _("another process")
        log(Event("error", _("another alerttui watch runs on {dir} ({holder}): not starting").format(
            dir=state or settings_state_dir(settings), holder=holder)))
        asyncio.run(engine.aclose())
        return 1
    engine.on_event(log)
    return asyncio.run(_serve(engine, len(settings.tenants)))


async def _serve(engine: Engine, tenants: int) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    engine.emit(Event("started", ngettext("watching {n} tenant", "watching {n} tenants", tenants).format(n=tenants),
                      fields={"tenants": tenants}))
    await engine.check_duties()
    if not engine.has_duties:
        engine.emit(Event("duties", _("waiting for {holder} to hand over the background duties").format(
            holder=engine.duties_holder() or _("another process"))))
    heap.settle()  # built and configured: what follows is per poll
    runner = asyncio.create_task(engine.run(), name="engine")
    stopper = asyncio.create_task(stop.wait(), name="signal")
    try:
        done, _pending = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:  # the engine died: say why, exit 1
            error = runner.exception()
            engine.emit(Event("error", _("the engine stopped: {error}").format(error=error)))
            return 1
        engine.emit(Event("stopping", _("stopping (signal received)")))
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
        return 0
    finally:
        stopper.cancel()
        await engine.aclose()
        engine.emit(Event("stopped", _("stopped")))
