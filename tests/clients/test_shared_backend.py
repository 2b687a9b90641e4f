"""Many tenants on one Alertmanager: reads to one origin are queued a few at a time
(Alertmanager answers 503 beyond --web.get-concurrency, 8 by default), the queueing does
not count against a tenant's timeout, and an operator's write never waits behind polls."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest

from alerttui.clients.http import READS_PER_ORIGIN, read_slot
from alerttui.clients.tenant import TenantClients
from alerttui.domain import Matcher
from alerttui.polling.fetch import fetch_alerts

from .faultserver import Reply, Seen, fault_server
from .helpers import tenant

DELAY = 0.25


def config(base: str, i: int) -> str:
    return f"""
[[tenants]]
id = "t{i:02d}"
[tenants.http]
timeout = "1s"
[tenants.alertmanager]
urls = ["{base}"]
matchers = ['tenant="t{i:02d}"']
"""


def slow_reads(seen: Seen) -> Reply:
    if seen.method == "POST":
        return Reply(body={"silenceID": "new-id"})
    return Reply(body=[], delay=DELAY)


async def test_twenty_tenants_share_one_alertmanager_politely() -> None:
    with fault_server(slow_reads) as server:
        tenants = [TenantClients.from_config(tenant(config(server.url, i))) for i in range(20)]
        try:
            started = time.monotonic()
            results = await asyncio.gather(*(fetch_alerts(c, datetime.now(UTC), with_silences=False, with_status=False) for c in tenants))
            took = time.monotonic() - started
        finally:
            for c in tenants:
                await c.aclose()
    # Every tenant got its answer: nobody timed out waiting in the queue (1 s timeout,
    # 20 x 0.25 s / 4 at a time = 1.25 s in total).
    assert all(not r.errors for r in results), [r.errors for r in results if r.errors]
    assert took >= 20 * DELAY / READS_PER_ORIGIN * 0.9
    assert server.peak["/api/v2/alerts"] == READS_PER_ORIGIN


async def test_a_write_does_not_wait_behind_polls() -> None:
    with fault_server(slow_reads) as server:
        tenants = [TenantClients.from_config(tenant(config(server.url, i))) for i in range(20)]
        try:
            polls = asyncio.gather(*(fetch_alerts(c, datetime.now(UTC), with_silences=False, with_status=False) for c in tenants))
            await asyncio.sleep(0.05)  # the polls hold every read slot now
            started = time.monotonic()
            now = datetime.now(UTC)
            new_id = await tenants[0].alertmanagers[0].create_silence(
                [Matcher.equal("alertname", "X")], now, now + timedelta(hours=1), "op", "c")
            write_took = time.monotonic() - started
            await polls
        finally:
            for c in tenants:
                await c.aclose()
    assert new_id == "new-id"
    assert write_took < DELAY, write_took


@pytest.mark.parametrize("url", ["http://u:pw@127.0.0.1:1/x", "http://127.0.0.1:1/y"])
async def test_origin_ignores_path_and_user_info(url: str) -> None:
    assert read_slot(url) is read_slot("http://127.0.0.1:1/other")


def slow_prometheus(seen: Seen) -> Reply:
    return Reply(body={"status": "success", "data": {"resultType": "matrix", "result": []}}, delay=DELAY)


async def test_prometheus_reads_are_bounded_per_origin_too() -> None:
    """100 tenants' panels on one Prometheus (or one Mimir gateway): a few queries at a time,
    none timing out in the queue, as for Alertmanager."""
    prom = """
[[tenants]]
id = "t{i:02d}"
[tenants.http]
timeout = "2s"
[tenants.prometheus]
url = "{url}"
"""
    with fault_server(slow_prometheus) as server:
        tenants = [TenantClients.from_config(tenant(prom.format(i=i, url=server.url))) for i in range(12)]
        try:
            now = datetime.now(UTC)
            results = await asyncio.gather(*(c.prometheus.query_range("up", now - timedelta(minutes=5), now, "15s")
                                             for c in tenants if c.prometheus is not None))
        finally:
            for c in tenants:
                await c.aclose()
    assert results == [[]] * 12
    assert server.peak["/api/v1/query_range"] == READS_PER_ORIGIN
