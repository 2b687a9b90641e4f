"""PrometheusClient against the real Prometheus of the session stack (rules: tests/conftest.py)."""

from __future__ import annotations

import itertools
import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from alerttui.clients import HTTPStatusError, PrometheusClient, Unreachable
from alerttui.clients.tenant import TenantClients
from alerttui.demo.stack import LocalStack
from conftest import stack_config

from .helpers import closed_url, tenant, until

pytestmark = pytest.mark.stack


def wave(ts: float) -> float:
    """What the bench rule ``bench:wave`` records: 50 + 40 * sin(time() / 30)."""
    return 50 + 40 * math.sin(ts / 30)


# The rule is evaluated every second: a sample is at most ~2 s older than the time it is
# shown at, and the wave moves at most 40/30 per second.
TOLERANCE = 3.0


@pytest.fixture
async def prom(stack: LocalStack) -> AsyncIterator[PrometheusClient]:
    clients = TenantClients.from_config(tenant(stack_config(stack)))
    assert clients.prometheus is not None
    try:
        yield clients.prometheus
    finally:
        await clients.aclose()


async def test_query_instant_vector_of_recording_rule(prom: PrometheusClient) -> None:
    result = await until(lambda: prom.query("bench:wave"), timeout=15)
    assert len(result) == 1
    assert result[0]["metric"] == {"__name__": "bench:wave"}
    ts, value = result[0]["value"]
    assert abs(ts - datetime.now(UTC).timestamp()) < 5
    assert abs(float(value) - wave(ts)) < TOLERANCE

    assert [r["value"][1] for r in await prom.query("vector(42)")] == ["42"]
    assert await prom.query('bench:wave{nope="x"}') == []


async def test_query_at_a_given_time(prom: PrometheusClient) -> None:
    at = datetime.now(UTC) - timedelta(minutes=3)
    result = await prom.query("vector(time())", at=at)
    ts, value = result[0]["value"]
    assert ts == pytest.approx(at.timestamp(), abs=0.001)
    assert float(value) == pytest.approx(at.timestamp(), abs=0.001)


async def test_query_scalar_result_is_a_list_of_samples(prom: PrometheusClient) -> None:
    # A scalar (or string) result is one sample, not a list of series; callers always get
    # a list of {"metric", "value"} dicts.
    result = await prom.query("1 + 1")
    assert len(result) == 1
    assert result[0]["metric"] == {}
    assert result[0]["value"][1] == "2"


async def test_query_range_of_recording_rule(prom: PrometheusClient) -> None:
    async def enough():
        end = datetime.now(UTC)
        result = await prom.query_range("bench:wave", end - timedelta(seconds=30), end, "1s")
        return result if result and len(result[0]["values"]) >= 4 else None

    result = await until(enough, timeout=15)
    assert len(result) == 1 and result[0]["metric"] == {"__name__": "bench:wave"}
    points = [(float(t), float(v)) for t, v in result[0]["values"]]
    steps = {round(b[0] - a[0], 3) for a, b in itertools.pairwise(points)}
    assert steps == {1.0}
    for ts, value in points:
        assert abs(value - wave(ts)) < TOLERANCE, (ts, value)
    assert len({v for _t, v in points}) > 1  # it moves

    end = datetime.now(UTC)
    coarse = await prom.query_range("vector(1)", end - timedelta(minutes=10), end, "60s")
    assert len(coarse[0]["values"]) in (10, 11)


async def test_targets(prom: PrometheusClient, stack: LocalStack) -> None:
    # Prometheus publishes discovered targets every 5 s after start.
    async def active():
        data = await prom.targets()
        return data if len(data["activeTargets"]) >= 3 else None

    data = await until(active, timeout=15, interval=0.25)
    assert data["droppedTargets"] == []
    by_job: dict[str, set[str]] = {}
    for t in data["activeTargets"]:
        by_job.setdefault(t["labels"]["job"], set()).add(t["labels"]["instance"])
    assert by_job["prometheus"] == {stack.prometheus_url.removeprefix("http://")}
    assert by_job["alertmanager"] == {u.removeprefix("http://") for u in stack.alertmanager_urls}
    only_active = await prom.targets(state="active")
    assert len(only_active["activeTargets"]) == len(data["activeTargets"])


async def test_rules(prom: PrometheusClient) -> None:
    groups = await prom.rules()
    bench = next(g for g in groups if g["name"] == "bench")
    rules = {r["name"]: r for r in bench["rules"]}
    assert rules["bench:wave"]["type"] == "recording"
    assert "sin(" in rules["bench:wave"]["query"]
    firing = rules["BenchAlwaysFiring"]
    assert firing["type"] == "alerting"
    assert firing["labels"] == {"severity": "warning", "tenant": "bench-rules"}
    assert firing["annotations"] == {"summary": "fires forever"}


async def test_alerts(prom: PrometheusClient) -> None:
    async def firing():
        return [a for a in await prom.alerts() if a["labels"].get("alertname") == "BenchAlwaysFiring"]

    alerts = await until(firing, timeout=15)
    assert len(alerts) == 1
    assert alerts[0]["state"] == "firing"
    assert alerts[0]["labels"] == {"alertname": "BenchAlwaysFiring", "severity": "warning",
                                   "tenant": "bench-rules"}


async def test_ready(prom: PrometheusClient) -> None:
    assert await prom.ready() is None
    clients = TenantClients.from_config(tenant(
        f'[[tenants]]\nid = "gone"\n[tenants.prometheus]\nurl = "{closed_url()}"\n'))
    assert clients.prometheus is not None
    try:
        with pytest.raises(Unreachable):
            await clients.prometheus.ready()
        with pytest.raises(Unreachable):
            await clients.prometheus.query("up")
    finally:
        await clients.aclose()


async def test_bad_promql_is_http_400_with_prometheus_error_text(prom: PrometheusClient) -> None:
    with pytest.raises(HTTPStatusError) as err:
        await prom.query("sum(")
    exc = err.value
    assert exc.status == 400
    # The error text Prometheus sent, decoded, not its JSON envelope nor a bytes repr.
    assert exc.body_excerpt == 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis'
    assert str(exc).startswith(f"{prom.url}/api/v1/query: HTTP 400: invalid parameter")

    end = datetime.now(UTC)
    with pytest.raises(HTTPStatusError) as err:
        await prom.query_range("rate(up[5m]", end - timedelta(minutes=5), end, "15s")
    assert err.value.status == 400
    assert "parse error" in err.value.body_excerpt
    assert "errorType" not in err.value.body_excerpt
    assert err.value.url == f"{prom.url}/api/v1/query_range"
