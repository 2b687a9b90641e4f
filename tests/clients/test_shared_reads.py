"""One read per Alertmanager replica per round, split locally: the split must select exactly
what the real Alertmanager's ``filter=`` selects, and tenants of another identity (another
X-Scope-OrgID) must not share."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerttui.clients.alertmanager import AlertmanagerClient
from alerttui.clients.shared_reads import SharedReads
from alerttui.config import parse_settings
from alerttui.domain import parse_matchers
from alerttui.engine import build_engine
from alerttui.polling.fetch import fetch_alerts
from tests.conftest import make_alert, post_alerts

pytestmark = pytest.mark.stack

LABELS = [
    {"team": "db", "env": "prod", "instance": "db-1"},
    {"team": "db", "env": "stage", "instance": "db-2:9100"},
    {"team": "web", "env": "prod", "instance": "web-1"},
    {"team": "web", "env": "PROD", "instance": "web-2.example.com"},
    {"team": "", "env": "dev", "instance": "x"},  # an empty label is no label
    {"env": "prod", "instance": "db-10", "note": "ünïcødé ✓"},
    {"team": "db.ops", "env": "prod", "instance": "dbX1"},
    {"team": "sre", "env": "prod\nnext", "instance": "multi"},
]

MATCHERS = [
    'team="db"', 'team!="db"', 'team=""', 'team!=""', 'team=~"db"', 'team=~"db.*"', 'team=~"d.*|web"',
    'team!~"db.*"', 'env=~"(?i)prod"', 'env=~"prod|stage"', 'instance=~"db-[0-9]+"', 'instance!~".*:.*"',
    'team=~".*"', 'team=~".+"', 'note="ünïcødé ✓"', 'missing=""', 'missing!=""', 'missing=~".*"',
    'team="db",env="prod"', 'team=~"db|web",instance!~"web-1"', 'team="db.ops"', 'team=~"db.ops"',
    'env=~"prod.*"', 'env=~"(?s)prod.*"',
]


@pytest.fixture
def alerts_posted(stack, test_id):  # type: ignore[no-untyped-def]
    am0 = stack.alertmanager_urls[0]
    post_alerts(am0, [make_alert(f"Split{i}", test_id, **labels) for i, labels in enumerate(LABELS)])
    return am0


@pytest.mark.parametrize("text", MATCHERS)
async def test_the_local_split_selects_what_alertmanager_filters(alerts_posted, test_id, text) -> None:  # type: ignore[no-untyped-def]
    import httpx

    scope = parse_matchers(f'test_id="{test_id}"')
    matchers = (*scope, *parse_matchers(text))
    async with httpx.AsyncClient(timeout=10) as http:
        am = AlertmanagerClient(alerts_posted, http)
        server = {w.fingerprint for w in await am.alerts(matchers)}  # Alertmanager's own filter=
        reads = SharedReads(fresh=60)
        local = {w.fingerprint for w in await reads.alerts(am, ("id",), matchers)}
    assert local == server, text
    assert reads.requests == 1


async def test_a_round_of_many_matcher_sets_is_one_read(alerts_posted, test_id) -> None:  # type: ignore[no-untyped-def]
    import httpx

    async with httpx.AsyncClient(timeout=10) as http:
        am = AlertmanagerClient(alerts_posted, http)
        reads = SharedReads(fresh=60)
        for i, text in enumerate(MATCHERS):
            await reads.alerts(am, ("id",), (*parse_matchers(f'test_id="{test_id}"'), *parse_matchers(text)),
                               taker=f"tenant-{i}")
        assert reads.requests == 1
        await reads.alerts(am, ("id",), taker="tenant-0")
        assert reads.requests == 2  # a tenant's next poll is the next round: read again
        await reads.alerts(am, ("another identity",), taker="tenant-1")
        assert reads.requests == 3  # another identity never shares
        reads.forget()
        await reads.alerts(am, ("id",), taker="tenant-99")
        assert reads.requests == 4  # after a write or ``r``: read again


def _settings(stack, test_id: str, tenants: int, orgs: bool = False):  # type: ignore[no-untyped-def]
    return parse_settings({"tenants": [
        {"id": f"t{i}", "alertmanager": {"urls": list(stack.alertmanager_urls),
                                          "matchers": [f'test_id="{test_id}"', f'team="{["db", "web"][i % 2]}"']},
         "http": {"headers": {"X-Scope-OrgID": f"org-{i}" if orgs else "shared"}}}
        for i in range(tenants)]}, Path("shared.toml"))


async def test_twenty_tenants_on_one_alertmanager_share_one_read_per_replica(alerts_posted, stack, test_id) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    from alerttui.domain import utcnow

    engine = build_engine(_settings(stack, test_id, 20), slack=False)
    try:
        results = await asyncio.gather(*(fetch_alerts(c, utcnow(), with_silences=False, with_status=False)
                                         for c in engine.clients.values()))
        assert engine.pool.reads.requests == 2  # one per replica, not 20 x 2
        assert len(engine.pool) == 1  # and one HTTP client for the 20 tenants
        db = {a.labels["instance"] for a in results[0].alerts.values()}
        web = {a.labels["instance"] for a in results[1].alerts.values()}
        assert db == {"db-1", "db-2:9100"} and web == {"web-1", "web-2.example.com"}
        assert all(set(r.alerts) == set(results[i % 2].alerts) for i, r in enumerate(results))
    finally:
        await engine.aclose()

    separate = build_engine(_settings(stack, test_id, 4, orgs=True), slack=False)
    try:
        await asyncio.gather(*(fetch_alerts(c, utcnow(), with_silences=False, with_status=False)
                               for c in separate.clients.values()))
        assert separate.pool.reads.requests == 8  # other X-Scope-OrgIDs: each its own reads
    finally:
        await separate.aclose()
