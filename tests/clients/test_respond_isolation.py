"""One tenant's slow Alertmanager must not hold up another tenant's incidents.

The incidents of a tenant without ``[tenants.correlation] labels`` come from Alertmanager's
own groups, read when an alert appears that no group was known for. That read used to happen
under the lock that serialises every tenant's correlation, so while one tenant's groups were
slow to come (a sick proxy), every other tenant's poll waited behind it, as its next poll is
armed only after the incidents are up to date."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from alerttui.config import parse_settings
from alerttui.engine import build_engine
from tests.ui.factory import NOW, alert, snapshot

from .faultserver import Reply, Seen, fault_server

SLOW = 2.0


def _groups(fingerprint: str) -> list[dict[str, Any]]:
    return [{"labels": {"team": "x"}, "receiver": {"name": "null"},
             "alerts": [{"fingerprint": fingerprint, "labels": {}, "annotations": {}, "receivers": [],
                         "startsAt": "2026-11-24T02:50:00Z", "endsAt": "2026-11-24T03:05:00Z",
                         "updatedAt": "2026-11-24T03:00:00Z", "status": {"state": "active",
                                                                         "silencedBy": [], "inhibitedBy": []}}]}]


async def test_a_slow_groups_read_does_not_delay_another_tenants_incidents(tmp_path: Path) -> None:
    slow_alert = alert("SlowSide", tenant="slow", service="a")
    fast_alert = alert("FastSide", tenant="fast", service="b")

    def slow(seen: Seen) -> Reply:
        return Reply(200, _groups(slow_alert.fingerprint), delay=SLOW)

    with fault_server(slow) as slow_am, fault_server(Reply(200, _groups(fast_alert.fingerprint))) as fast_am:
        settings = parse_settings({"ui": {"operator": "alice"}, "tenants": [
            {"id": tid, "http": {"timeout": "5s"},
             "alertmanager": {"urls": [url], "matchers": [f'tenant="{tid}"']}}
            for tid, url in (("slow", slow_am.url), ("fast", fast_am.url))]}, Path("test.toml"))
        engine = build_engine(settings, clock=lambda: NOW, respond=True, state=tmp_path)
        responder = engine.responder
        assert responder is not None
        try:
            start = time.monotonic()
            slow_task = asyncio.create_task(responder.observe(snapshot("slow", [slow_alert]), duties=False))
            await asyncio.sleep(0.2)  # the slow tenant's groups read is under way
            await responder.observe(snapshot("fast", [fast_alert]), duties=False)
            fast_took = time.monotonic() - start
            assert not slow_task.done()
            await slow_task
        finally:
            await engine.aclose()
    assert fast_took < SLOW / 2, f"the fast tenant waited {fast_took:.2f} s for the slow one's groups"
    assert [i.tenant for i in responder.incidents("fast")] == ["fast"]
    assert [i.tenant for i in responder.incidents("slow")] == ["slow"]
