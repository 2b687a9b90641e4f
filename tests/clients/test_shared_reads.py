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


def _settings(stack, test_id: str, tenants: int, orgs: bool = False, prometheus: bool = False):  # type: ignore[no-untyped-def]
    return parse_settings({"tenants": [
        {"id": f"t{i}", "alertmanager": {"urls": list(stack.alertmanager_urls),
                                          "matchers": [f'test_id="{test_id}"', f'team="{["db", "web"][i % 2]}"']},
         "http": {"headers": {"X-Scope-OrgID": f"org-{i}" if orgs else "shared"}},
         **({"prometheus": {"url": stack.prometheus_url}} if prometheus else {})}
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


SILENCE_MATCHERS = [
    ['team="db"'], ['team="db"', 'env="prod"'], ['team=~"db"'], ['team!="db"'], ['team!~"db.*"'],
    ['team=~"db.*"', 'env="prod"'], ['env="prod"'], ['team="web"', 'env=~"(?i)prod"'],
]
SILENCE_FILTERS = [
    'team="db"', 'team=~"db"', 'team!="db"', 'env="prod"', 'team=~"db.*"', 'team="web"', 'team=""',
    'env=~"(?i)prod"', 'team="db",env="prod"', 'missing=""', 'team=~".*"',
]


@pytest.fixture
async def silences_made(stack, test_id):  # type: ignore[no-untyped-def]
    import httpx

    from alerttui.domain import utcnow

    url = stack.alertmanager_urls[0]
    async with httpx.AsyncClient(timeout=10) as http:
        am = AlertmanagerClient(url, http)
        now = utcnow()
        for texts in SILENCE_MATCHERS:
            matchers = (*parse_matchers(f'test_id="{test_id}"'),
                        *(m for t in texts for m in parse_matchers(t)))
            await am.create_silence(matchers, now, now.replace(year=now.year + 1), "test", "split")
    return url


@pytest.mark.parametrize("text", SILENCE_FILTERS)
async def test_the_local_silence_split_selects_what_alertmanager_filters(silences_made, test_id, text) -> None:  # type: ignore[no-untyped-def]
    import httpx

    filters = (*parse_matchers(f'test_id="{test_id}"'), *parse_matchers(text))
    async with httpx.AsyncClient(timeout=10) as http:
        am = AlertmanagerClient(silences_made, http)
        server = {w.id for w in await am.silences(filters)}  # Alertmanager's own filter=
        reads = SharedReads(fresh=60)
        local = {w.id for w in await reads.silences(am, ("id",), filters)}
    assert local == server, text
    assert reads.counts["silences"] == 1


async def test_status_silences_and_readiness_are_read_once_per_backend_per_round(alerts_posted, stack, test_id) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    from alerttui.domain import utcnow
    from alerttui.polling.fetch import prometheus_health

    engine = build_engine(_settings(stack, test_id, 20, prometheus=True), slack=False)
    try:
        async def poll(clients):  # type: ignore[no-untyped-def]
            return await asyncio.gather(fetch_alerts(clients, utcnow()), prometheus_health(clients, utcnow()))

        results = await asyncio.gather(*(poll(c) for c in engine.clients.values()))
        counts = engine.pool.reads.counts
        assert counts == {"alerts": 2, "status": 2, "silences": 1, "ready": 1}, counts  # not 20 of each
        assert all(r.health and all(h.ok for h in r.health) for r, _ready in results)
        assert all(ready is not None and ready.ok for _r, ready in results)
        assert all(r.silences is not None for r, _ready in results)
        await asyncio.gather(*(poll(c) for c in engine.clients.values()))
        assert engine.pool.reads.counts == {"alerts": 4, "status": 4, "silences": 2, "ready": 2}  # the next round
    finally:
        await engine.aclose()
