"""AlertmanagerClient against the real clustered Alertmanagers of the session stack."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from alerttui.clients import AlertmanagerClient, HTTPStatusError
from alerttui.demo.stack import LocalStack
from alerttui.domain import Matcher, parse_matchers
from alerttui.polling.fetch import to_silence
from conftest import make_alert

from .helpers import closed_url, until

pytestmark = pytest.mark.stack


@pytest.fixture
async def ams(stack: LocalStack) -> AsyncIterator[tuple[AlertmanagerClient, AlertmanagerClient]]:
    async with httpx.AsyncClient(timeout=5) as http:
        a, b = (AlertmanagerClient(url, http) for url in stack.alertmanager_urls)
        yield a, b


def scope(test_id: str) -> list[Matcher]:
    return [Matcher.equal("test_id", test_id)]


def names(alerts) -> list[str]:
    return sorted(f"{a.labels['alertname']}/{a.labels['severity']}" for a in alerts)


def window(hours: float = 1) -> tuple[datetime, datetime]:
    now = datetime.now(UTC)
    return now - timedelta(seconds=1), now + timedelta(hours=hours)


async def test_post_alerts_then_list_with_filters(ams, test_id: str) -> None:
    a, _b = ams
    await a.post_alerts([
        make_alert("DiskFull", test_id, "warning", instance="db1", team="storage"),
        make_alert("DiskFull", test_id, "critical", instance="db2", team="storage"),
        make_alert("ApiDown", test_id, "critical", instance="api1", team="web"),
    ])

    alerts = await a.alerts(scope(test_id))
    assert names(alerts) == ["ApiDown/critical", "DiskFull/critical", "DiskFull/warning"]
    assert all(x.labels["test_id"] == test_id for x in alerts)
    assert len({x.fingerprint for x in alerts}) == 3
    first = next(x for x in alerts if x.labels["instance"] == "db1")
    assert first.annotations == {"summary": "DiskFull summary"}
    assert first.receivers and first.receivers[0].name == "null"
    assert first.startsAt.tzinfo is not None and first.endsAt is not None and first.endsAt > first.startsAt

    crit = await a.alerts([*scope(test_id), *parse_matchers('severity="critical"')])
    assert names(crit) == ["ApiDown/critical", "DiskFull/critical"]
    regex = await a.alerts([*scope(test_id), *parse_matchers('instance=~"db.*", team!="web"')])
    assert names(regex) == ["DiskFull/critical", "DiskFull/warning"]
    not_regex = await a.alerts([*scope(test_id), *parse_matchers('alertname!~"Disk.*"')])
    assert names(not_regex) == ["ApiDown/critical"]
    assert await a.alerts([*scope(test_id), Matcher.equal("team", "nobody")]) == []


async def test_active_silenced_inhibited_flags(ams, test_id: str) -> None:
    a, _b = ams
    # The stack's inhibit rule: critical mutes warning with equal alertname, tenant, instance.
    await a.post_alerts([
        make_alert("Latency", test_id, "critical", instance="i1"),
        make_alert("Latency", test_id, "warning", instance="i1"),
        make_alert("Noisy", test_id, "info", instance="i2"),
    ])
    start, end = window()
    sid = await a.create_silence([*scope(test_id), Matcher.equal("alertname", "Noisy")], start, end,
                                 "tester", "silence the noisy one")

    async def statuses():
        alerts = await a.alerts(scope(test_id))
        by = {x.labels["alertname"] + "/" + x.labels["severity"]: x for x in alerts}
        return by if by.get("Latency/warning") and by["Latency/warning"].status.inhibitedBy else None

    by = await until(statuses)
    crit, warn, noisy = by["Latency/critical"], by["Latency/warning"], by["Noisy/info"]
    assert crit.status.state == "active" and not crit.status.silencedBy and not crit.status.inhibitedBy
    assert warn.status.state == "suppressed" and warn.status.inhibitedBy == [crit.fingerprint]
    assert noisy.status.state == "suppressed" and noisy.status.silencedBy == [sid]
    assert not noisy.status.inhibitedBy

    m = scope(test_id)
    assert names(await a.alerts(m, inhibited=False)) == ["Latency/critical", "Noisy/info"]
    assert names(await a.alerts(m, silenced=False)) == ["Latency/critical", "Latency/warning"]
    assert names(await a.alerts(m, silenced=False, inhibited=False)) == ["Latency/critical"]
    assert names(await a.alerts(m, active=False)) == ["Latency/warning", "Noisy/info"]
    assert await a.alerts(m, active=False, silenced=False, inhibited=False) == []
    assert names(await a.alerts(m, receiver="null")) == names(by.values())
    assert await a.alerts(m, receiver="no-such-receiver") == []


async def test_alert_groups(ams, test_id: str) -> None:
    a, _b = ams
    await a.post_alerts([
        make_alert("GroupOne", test_id, "warning", instance="x1"),
        make_alert("GroupOne", test_id, "warning", instance="x2"),
        make_alert("GroupTwo", test_id, "critical", instance="x3"),
    ])
    groups = await a.alert_groups(scope(test_id))
    # group_by: [alertname, tenant]; these alerts have no tenant label.
    by = {g.labels["alertname"]: g for g in groups}
    assert set(by) == {"GroupOne", "GroupTwo"}
    assert all(g.receiver.name == "null" for g in groups)
    assert sorted(x.labels["instance"] for x in by["GroupOne"].alerts) == ["x1", "x2"]
    assert [x.labels["instance"] for x in by["GroupTwo"].alerts] == ["x3"]
    assert all(x.labels["test_id"] == test_id for g in groups for x in g.alerts)

    only_two = await a.alert_groups([*scope(test_id), Matcher.equal("severity", "critical")])
    assert [g.labels["alertname"] for g in only_two] == ["GroupTwo"]


async def test_create_silence_is_gossiped_to_both_replicas(ams, test_id: str) -> None:
    a, b = ams
    start, end = window(2)
    matchers = [*scope(test_id), *parse_matchers('alertname=~"Disk.*"')]
    sid = await a.create_silence(matchers, start, end, "alice", "maintenance window")
    assert str(uuid.UUID(sid)) == sid

    got = await a.silence(sid)
    assert got.id == sid and got.createdBy == "alice" and got.comment == "maintenance window"
    assert got.status.state == "active"
    assert abs((got.endsAt - end).total_seconds()) < 1
    silence = to_silence(got)
    assert set(silence.matchers) == set(matchers)
    assert silence.matches({"test_id": test_id, "alertname": "DiskFull"})
    assert not silence.matches({"test_id": test_id, "alertname": "ApiDown"})

    async def on_b():
        try:
            return await b.silence(sid)
        except HTTPStatusError as exc:
            assert exc.status == 404  # not gossiped yet
            return None

    other = await until(on_b, timeout=10)
    assert other.id == sid and other.comment == "maintenance window"

    for replica in (a, b):
        listed = await replica.silences(scope(test_id))
        assert [s.id for s in listed] == [sid]
    # A filter the silence's matchers do not satisfy leaves it out.
    assert sid not in {s.id for s in await a.silences(scope("another-" + test_id))}
    assert sid in {s.id for s in await a.silences()}


async def test_update_silence_always_keep_the_returned_id(ams, test_id: str) -> None:
    a, b = ams
    start, end = window(1)
    first = await a.create_silence(scope(test_id), start, end, "alice", "v1")

    # Same matchers, longer and with a new comment: Alertmanager may update in place...
    second = await a.create_silence(scope(test_id), start, end + timedelta(hours=1), "alice", "v2",
                                    silence_id=first)
    got = await a.silence(second)
    assert got.comment == "v2" and got.status.state == "active"
    assert abs((got.endsAt - (end + timedelta(hours=1))).total_seconds()) < 1

    # ...but changed matchers make it expire the old silence and return a NEW id.
    narrower = [*scope(test_id), Matcher.equal("severity", "warning")]
    third = await a.create_silence(narrower, start, end, "alice", "v3", silence_id=second)
    assert third != second
    assert (await a.silence(third)).comment == "v3"
    assert (await a.silence(third)).status.state == "active"
    assert (await a.silence(second)).status.state == "expired"

    async def gossiped():
        try:
            s = await b.silence(third)
        except HTTPStatusError:
            return None
        return s if s.comment == "v3" else None

    await until(gossiped)
    active = [s for s in await b.silences(scope(test_id)) if s.status.state == "active"]
    assert [s.id for s in active] == [third]


async def test_expire_silence_on_both_replicas(ams, test_id: str) -> None:
    a, b = ams
    start, end = window(1)
    sid = await a.create_silence(scope(test_id), start, end, "bob", "to expire")
    await until(lambda: _state(b, sid))
    await a.expire_silence(sid)
    assert (await a.silence(sid)).status.state == "expired"
    assert await until(lambda: _is(b, sid, "expired")) is True
    with pytest.raises(HTTPStatusError) as err:
        await a.expire_silence(str(uuid.uuid4()))
    # Alertmanager 0.25 answers 500 "silence not found" (newer versions: 404).
    assert err.value.status in (404, 500)
    assert "not found" in err.value.body_excerpt


async def _state(client: AlertmanagerClient, sid: str) -> str | None:
    try:
        return (await client.silence(sid)).status.state
    except HTTPStatusError:
        return None


async def _is(client: AlertmanagerClient, sid: str, state: str) -> bool:
    return await _state(client, sid) == state


async def test_silence_errors_map_to_http_status(ams) -> None:
    a, _b = ams
    with pytest.raises(HTTPStatusError) as missing:
        await a.silence(str(uuid.uuid4()))
    assert missing.value.status == 404
    assert a.url in str(missing.value)
    with pytest.raises(HTTPStatusError) as bad:
        await a.silence("not-a-uuid")
    assert bad.value.status == 422
    assert "uuid" in bad.value.body_excerpt
    start, end = window(1)
    with pytest.raises(HTTPStatusError) as no_matchers:
        await a.create_silence([], start, end, "x", "no matchers")
    assert no_matchers.value.status == 422
    assert "matchers" in no_matchers.value.body_excerpt
    with pytest.raises(ValueError):
        await a.create_silence([Matcher.equal("a", "b")], datetime.now(), datetime.now(), "x", "naive")


async def test_status_and_ready(ams, stack: LocalStack) -> None:
    a, b = ams
    for replica in (a, b):
        status = await replica.status()
        assert re.fullmatch(r"\d+\.\d+\.\d+.*", status.versionInfo.version)
        assert len(status.cluster.peers) == 2
        assert len({p.address for p in status.cluster.peers}) == 2
        assert status.cluster.name in {p.name for p in status.cluster.peers}
        assert status.cluster.status in ("ready", "settling")
        assert status.uptime is not None and status.uptime <= datetime.now(UTC)
        assert await replica.ready() is True
    async with httpx.AsyncClient(timeout=2) as http:
        assert await AlertmanagerClient(closed_url(), http).ready() is False
