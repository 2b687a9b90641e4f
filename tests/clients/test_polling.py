"""Polling against real Alertmanagers: HA merge, replica failures, tenant scoping, one
tenant's slow backend never delaying another, retries, and the poll schedule."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from alerttui.clients.tenant import TenantClients
from alerttui.clients.wire import WireAlert
from alerttui.demo.stack import LocalStack
from alerttui.domain import Matcher, Snapshot, parse_matchers
from alerttui.polling import TenantPoller, fetch_alerts, merge_replicas, retry_delay
from conftest import make_alert, post_alerts, stack_config

from .faultserver import FaultServer, Reply, Seen, fault_server
from .helpers import settings, tenant, until

pytestmark = pytest.mark.stack


def by_name(alerts) -> dict[str, object]:
    return {a.labels["alertname"]: a for a in alerts.values()}


def poller(clients: TenantClients, refresh: float = 1.0, **kwargs) -> TenantPoller:
    return TenantPoller(clients, refresh=timedelta(seconds=refresh), metrics_refresh=timedelta(minutes=5),
                        metrics_range=timedelta(minutes=5), **kwargs)


@pytest.fixture
async def ha(stack: LocalStack, test_id: str) -> AsyncIterator[TenantClients]:
    c = TenantClients.from_config(tenant(stack_config(stack, [{"id": "ha", "test_id": test_id}])))
    try:
        yield c
    finally:
        await c.aclose()


# -- HA merge ----------------------------------------------------------------------------


async def test_fetch_alerts_merges_replicas_by_fingerprint(stack: LocalStack, ha: TenantClients,
                                                          test_id: str) -> None:
    r0, r1 = stack.alertmanager_urls
    # Alerts are not replicated between Alertmanager peers: each knows what was sent to it.
    post_alerts(r0, [make_alert("OnlyFirst", test_id), make_alert("Both", test_id, "critical")])
    post_alerts(r1, [make_alert("OnlySecond", test_id), make_alert("Both", test_id, "critical")])

    result = await fetch_alerts(ha, datetime.now(UTC))
    assert result.errors == []
    assert not result.complete_failure
    alerts = by_name(result.alerts)
    assert set(alerts) == {"OnlyFirst", "OnlySecond", "Both"}
    assert len(result.alerts) == 3 and all(fp == a.fingerprint for fp, a in result.alerts.items())
    assert alerts["OnlyFirst"].replicas == (r0,)
    assert alerts["OnlySecond"].replicas == (r1,)
    assert alerts["Both"].replicas == (r0, r1)
    assert {a.tenant for a in alerts.values()} == {"ha"}
    assert alerts["Both"].severity.name == "CRITICAL"

    assert [h.url for h in result.health] == [r0, r1]
    for h in result.health:
        assert h.kind == "alertmanager" and h.ok and h.error is None
        assert h.cluster_peers == 2 and h.version and h.latency_s is not None and h.latency_s > 0
    assert result.silences is not None

    narrowed = await fetch_alerts(ha, datetime.now(UTC), extra=parse_matchers('severity="critical"'),
                                  with_silences=False, with_status=False)
    assert set(by_name(narrowed.alerts)) == {"Both"}
    assert narrowed.silences is None and narrowed.health[0].version is None


async def test_fetch_alerts_includes_the_tenants_silences(stack: LocalStack, ha: TenantClients,
                                                          test_id: str) -> None:
    am = ha.alertmanagers[0]
    now = datetime.now(UTC)
    sid = await am.create_silence([Matcher.equal("test_id", test_id)], now, now + timedelta(hours=1),
                                  "tester", "ACK! looking")
    result = await fetch_alerts(ha, datetime.now(UTC))
    assert result.silences is not None
    assert set(result.silences) == {sid}
    silence = result.silences[sid]
    assert silence.is_ack and silence.created_by == "tester"
    assert silence.matches({"test_id": test_id})


def wire(fp: str, updated: datetime, silenced: list[str]) -> WireAlert:
    return WireAlert.model_validate({
        "fingerprint": fp, "labels": {"alertname": "X"}, "startsAt": "2026-01-01T00:00:00Z",
        "updatedAt": updated.isoformat(),
        "status": {"state": "suppressed" if silenced else "active", "silencedBy": silenced},
    })


def test_merge_replicas_newest_copy_wins_in_any_order() -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    old, new = wire("f1", t0, []), wire("f1", t0 + timedelta(seconds=5), ["s1"])
    for per_replica in ([("a", [old]), ("b", [new])], [("b", [new]), ("a", [old])]):
        merged = merge_replicas("t", per_replica)
        assert list(merged) == ["f1"]
        assert merged["f1"].silenced_by == ("s1",)
        assert set(merged["f1"].replicas) == {"a", "b"}


# -- replica failures (a dedicated stack: stopping replicas must not break other tests) -------


@pytest.fixture(scope="module")
def own_stack() -> Iterator[LocalStack]:
    s = LocalStack(replicas=2)
    s.start()
    try:
        yield s
    finally:
        s.stop()


async def test_replica_down_then_all_down(own_stack: LocalStack, test_id: str) -> None:
    r0, r1 = own_stack.alertmanager_urls
    post_alerts(r0, [make_alert("OnFirst", test_id), make_alert("OnBoth", test_id)])
    post_alerts(r1, [make_alert("OnSecond", test_id), make_alert("OnBoth", test_id)])
    clients = TenantClients.from_config(tenant(stack_config(own_stack, [{"id": "own", "test_id": test_id}])))
    seen: list[Snapshot] = []
    p = poller(clients, on_snapshot=seen.append)
    try:
        first = await p.poll_alerts()
        assert set(by_name(first.alerts)) == {"OnFirst", "OnSecond", "OnBoth"}
        assert not first.stale and first.last_error is None and first.healthy

        # One replica down: the other's alerts are all still there, not stale.
        own_stack.stop_process(0)
        second = await p.poll_alerts()
        alerts = by_name(second.alerts)
        assert set(alerts) == {"OnSecond", "OnBoth"}  # OnFirst lived only on the stopped one
        assert alerts["OnBoth"].replicas == (r1,)
        health = {h.url: h for h in second.health if h.kind == "alertmanager"}
        assert health[r0].ok is False and health[r0].error and "unreachable" in health[r0].error
        assert health[r1].ok is True and health[r1].error is None
        assert second.stale is False
        assert second.fetched_at is not None and first.fetched_at is not None
        assert second.fetched_at > first.fetched_at
        assert second.last_error is not None and r0 in second.last_error and r1 not in second.last_error
        assert not second.healthy
        assert p.failures == 0

        # Both down: stale, with the reason, still showing the last alerts.
        own_stack.stop_process(1)
        third = await p.poll_alerts()
        assert third.stale is True
        assert third.last_error is not None and r0 in third.last_error and r1 in third.last_error
        assert dict(third.alerts) == dict(second.alerts)
        assert third.silences == second.silences
        assert third.fetched_at == second.fetched_at
        assert third.attempted_at is not None and third.attempted_at > second.attempted_at
        assert not any(h.ok for h in third.health if h.kind == "alertmanager")
        assert third.age() is not None and third.age() >= timedelta(0)
        assert p.failures == 1
        fourth = await p.poll_alerts()
        assert fourth.stale and dict(fourth.alerts) == dict(second.alerts) and p.failures == 2
        assert [s.generation for s in seen] == [1, 2, 3, 4]
    finally:
        await clients.aclose()


# -- tenants -----------------------------------------------------------------------------------


async def test_tenants_on_a_shared_alertmanager_see_only_their_alerts(stack: LocalStack) -> None:
    ida, idb = f"a-{time.monotonic_ns()}", f"b-{time.monotonic_ns()}"
    r0, r1 = stack.alertmanager_urls
    post_alerts(r0, [make_alert("TenantA1", ida), make_alert("TenantA2", ida)])
    post_alerts(r1, [make_alert("TenantB1", idb)])
    s = settings(stack_config(stack, [{"id": "tenant-a", "test_id": ida}, {"id": "tenant-b", "test_id": idb}]))
    ca, cb = (TenantClients.from_config(t) for t in s.tenants)
    try:
        now = datetime.now(UTC)
        sid = await ca.alertmanagers[0].create_silence(list(ca.scope), now, now + timedelta(hours=1), "t", "a")
        ra, rb = await asyncio.gather(fetch_alerts(ca, now), fetch_alerts(cb, now))
    finally:
        await ca.aclose()
        await cb.aclose()
    assert set(by_name(ra.alerts)) == {"TenantA1", "TenantA2"}
    assert {a.tenant for a in ra.alerts.values()} == {"tenant-a"}
    assert set(by_name(rb.alerts)) == {"TenantB1"}
    assert {a.tenant for a in rb.alerts.values()} == {"tenant-b"}
    assert ra.silences is not None and set(ra.silences) == {sid}
    assert rb.silences == {}
    # The silence is in tenant A's scope: its alerts show it, B's do not.
    assert {a.silenced_by for a in ra.alerts.values()} == {(sid,)}
    assert {a.silenced_by for a in rb.alerts.values()} == {()}


async def test_a_slow_tenant_never_delays_another(stack: LocalStack, test_id: str) -> None:
    post_alerts(stack.alertmanager_urls[0], [make_alert("FastTenantAlert", test_id)])
    with fault_server(Reply(200, [], delay=3.0)) as slow_server:
        slow_cfg = f"""
[[tenants]]
id = "slow"
[tenants.http]
timeout = "1s"
[tenants.alertmanager]
urls = ["{slow_server.url}"]
"""
        slow = TenantClients.from_config(tenant(slow_cfg))
        fast = TenantClients.from_config(tenant(stack_config(stack, [{"id": "fast", "test_id": test_id}])))
        slow_poller, fast_poller = poller(slow), poller(fast)
        try:
            start = time.perf_counter()
            await fast_poller.poll_alerts()
            alone = time.perf_counter() - start

            async def timed(p: TenantPoller) -> tuple[Snapshot, float]:
                snap = await p.poll_alerts()
                return snap, time.perf_counter() - start

            start = time.perf_counter()
            (slow_snap, slow_took), (fast_snap, fast_took) = await asyncio.gather(
                timed(slow_poller), timed(fast_poller))
        finally:
            await slow.aclose()
            await fast.aclose()
    assert 0.9 <= slow_took < 2.5, slow_took  # its own 1 s timeout, not the server's 3 s
    # The fast tenant is done long before the slow one's 1 s timeout (alone it takes `alone`).
    assert fast_took < 0.7, (fast_took, alone)
    assert slow_snap.stale and slow_snap.fetched_at is None
    assert slow_snap.last_error is not None and "timed out" in slow_snap.last_error
    assert slow_server.url in slow_snap.last_error
    assert not fast_snap.stale and fast_snap.last_error is None
    assert set(by_name(fast_snap.alerts)) == {"FastTenantAlert"}


# -- retry and schedule ----------------------------------------------------------------------


def test_a_failing_tenant_is_asked_again_after_one_interval() -> None:
    """Recovery shows within one interval of an outage's end, however long it lasted."""
    for n in (0, 1, 2, 10, 10**6):
        assert retry_delay(n, 15.0, 300.0) == 15.0


def test_retry_after_lengthens_the_wait_only_while_failing_and_up_to_the_cap() -> None:
    assert retry_delay(1, 15.0, 300.0, asked=60.0) == 60.0
    assert retry_delay(1, 15.0, 300.0, asked=2.0) == 15.0  # never sooner than the refresh
    assert retry_delay(1, 15.0, 300.0, asked=86400.0) == 300.0
    assert retry_delay(0, 15.0, 300.0, asked=60.0) == 15.0  # answered: the usual pace


def test_retry_after_header_seconds_or_date() -> None:
    from email.utils import format_datetime

    from alerttui.clients.errors import retry_after

    assert retry_after("120") == 120.0 and retry_after(" 1.5 ") == 1.5
    assert retry_after("-3") == 0.0
    when = format_datetime(datetime.fromtimestamp(1_000_100, UTC), usegmt=True)
    assert retry_after(when, now=1_000_000) == pytest.approx(100.0)
    for garbage in (None, "", "soon", "nan", "inf", "Mon, 99 Foo 2026"):
        assert retry_after(garbage) is None, garbage


async def test_poller_waits_what_the_server_asked_for_while_failing(ha: TenantClients) -> None:
    p = TenantPoller(ha, refresh=timedelta(seconds=10), metrics_refresh=timedelta(seconds=30),
                     metrics_range=timedelta(minutes=5), backoff_cap=timedelta(seconds=60))
    assert p.next_delay() == 10
    p.failures = 3
    assert p.next_delay() == 10
    p.retry_after = 45.0
    assert p.next_delay() == 45
    p.retry_after = 4000.0
    assert p.next_delay() == 60


async def _run_for(p: TenantPoller, seconds: float) -> None:
    task = asyncio.create_task(p.run())
    try:
        await asyncio.sleep(seconds)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_run_re_arms_after_each_poll(ha: TenantClients) -> None:
    stamps: list[float] = []
    p = poller(ha, refresh=0.2, on_snapshot=lambda s: stamps.append(time.perf_counter()))
    await _run_for(p, 1.1)
    # First poll at once, then one every ~0.2 s after the previous one finished.
    assert 3 <= len(stamps) <= 7, stamps
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert all(g >= 0.19 for g in gaps), gaps


async def test_refresh_now_wakes_the_poller(ha: TenantClients) -> None:
    stamps: list[float] = []
    p = poller(ha, refresh=30, on_snapshot=lambda s: stamps.append(time.perf_counter()))
    task = asyncio.create_task(p.run())
    try:
        await until(lambda: _true(len(stamps) == 1), timeout=5)
        await asyncio.sleep(0.2)
        assert len(stamps) == 1  # the next one is 30 s away
        woke = time.perf_counter()
        p.refresh_now()
        await until(lambda: _true(len(stamps) == 2), timeout=2)
        assert stamps[1] - woke < 0.5
        await asyncio.sleep(0.3)
        assert len(stamps) == 2  # one wake-up, one poll
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def _true(value: bool) -> bool:
    return value


async def test_polls_never_overlap_or_pile_up(auth_free_slow_am: tuple[FaultServer, TenantClients]) -> None:
    server, clients = auth_free_slow_am
    p = poller(clients, refresh=0.05)
    await _run_for(p, 1.0)
    polls = [s for s in server.requests if s.route == "/api/v2/alerts"]
    # Each poll waits 0.3 s for its answer; the next is armed only after it: at most 4 in 1 s
    # (a fixed-rate 0.05 s timer would have fired 20 times).
    assert 2 <= len(polls) <= 4, len(polls)
    assert server.peak["/api/v2/alerts"] == 1


@pytest.fixture
async def auth_free_slow_am() -> AsyncIterator[tuple[FaultServer, TenantClients]]:
    def reply(seen: Seen) -> Reply:
        if seen.route == "/api/v2/alerts":
            return Reply(200, [], delay=0.3)
        if seen.route == "/api/v2/status":
            return Reply(200, {})
        return Reply(200, [])

    with fault_server(reply) as server:
        c = TenantClients.from_config(tenant(f'[[tenants]]\nid = "slowish"\n[tenants.alertmanager]\n'
                                             f'urls = ["{server.url}"]\n'))
        try:
            yield server, c
        finally:
            await c.aclose()
