"""The Prometheus client against a second real engine that speaks the Prometheus query API:
VictoriaMetrics (Debian's ``victoria-metrics``), started on a free port in a temp directory,
with samples imported at known times. What alerttui asks of a Prometheus works the same
(instant and range queries, scalars, ``time()``, subqueries with ``offset`` for the seasonal
band, ``present_over_time`` for the history, the SLO ratio, readiness, rules and alerts
lists); what differs is asserted here and written up in docs/engines.md."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alerttui.clients import HTTPStatusError, PrometheusClient
from alerttui.clients.tenant import TenantClients
from alerttui.config import parse_settings
from alerttui.demo.stack import free_port
from alerttui.polling.fetch import seasonal_queries
from alerttui.polling.history import fetch_history

from .helpers import stop_server

pytestmark = pytest.mark.stack
NOW = int(time.time()) // 60 * 60
MINUTES = 8 * 24 * 60 + 30  # a week and a day, one sample a minute: enough for offset 1w


def samples() -> str:
    lines = []
    for i in range(MINUTES):
        t = NOW - 60 * (MINUTES - 1 - i)
        lines.append(f'vm_gauge{{instance="a"}} {i % 60} {t * 1000}')
        lines.append(f'vm_requests_total{{service="s"}} {i * 100} {t * 1000}')
        lines.append(f'vm_errors_total{{service="s"}} {i} {t * 1000}')
    for t in range(NOW - 3600, NOW - 1800 + 1, 60):  # an alert that fired for 30 minutes an hour ago
        lines.append(f'ALERTS{{alertname="VMFired",alertstate="firing",test="vm"}} 1 {t * 1000}')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def victoria() -> Iterator[str]:
    binary = shutil.which("victoria-metrics") or "/usr/bin/victoria-metrics"
    if not Path(binary).exists():
        pytest.fail("victoria-metrics is not installed (scripts/bootstrap.sh installs Debian's package)")
    directory = Path(tempfile.mkdtemp(prefix="alerttui-vm-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([binary, f"-httpListenAddr=127.0.0.1:{port}", f"-storageDataPath={directory}",
                             "-retentionPeriod=100y", "-loggerLevel=ERROR", "-search.latencyOffset=0s"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{url}/-/ready", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("victoria-metrics did not start") from None
                time.sleep(0.1)
        req = urllib.request.Request(f"{url}/api/v1/import/prometheus", data=samples().encode(), method="POST")
        urllib.request.urlopen(req, timeout=30)
        # Imported samples are searchable after VictoriaMetrics's in-memory buffer is flushed.
        urllib.request.urlopen(f"{url}/internal/force_flush", timeout=10)
        deadline = time.monotonic() + 20
        while b"vm_gauge" not in urllib.request.urlopen(f"{url}/api/v1/query?query=vm_gauge", timeout=5).read():
            if time.monotonic() > deadline:
                raise RuntimeError("imported samples not searchable")
            time.sleep(0.2)
        yield url
    finally:
        stop_server(proc, directory, 10)


@pytest.fixture
async def vm(victoria: str) -> AsyncIterator[PrometheusClient]:
    s = parse_settings({"tenants": [{"id": "vm", "prometheus": {"url": victoria}}]}, Path("vm.toml"))
    clients = TenantClients.from_config(s.tenants[0])
    assert clients.prometheus is not None
    try:
        yield clients.prometheus
    finally:
        await clients.aclose()


async def test_queries_work_as_on_prometheus(vm: PrometheusClient) -> None:
    at = datetime.fromtimestamp(NOW, UTC)
    [one] = await vm.query("vm_gauge", at)
    assert one["metric"] == {"__name__": "vm_gauge", "instance": "a"}
    assert float(one["value"][1]) == (MINUTES - 1) % 60
    assert [r["value"][1] for r in await vm.query("vector(42)")] == ["42"]
    [t] = await vm.query("vector(time())", at)
    assert float(t["value"][1]) == pytest.approx(NOW)
    series = await vm.query_range("vm_gauge", at - timedelta(minutes=10), at, "60s")
    assert [float(v) for _t, v in series[0]["values"]] == [float((MINUTES - 1 - k) % 60) for k in range(10, -1, -1)]
    # The SLO ratio: 1 error per 100 requests, over any window.
    [ratio] = await vm.query('sum(increase(vm_errors_total{service="s"}[1h])) / '
                             'sum(increase(vm_requests_total{service="s"}[1h]))', at)
    assert float(ratio["value"][1]) == pytest.approx(0.01, rel=1e-3)
    # The seasonal band's subqueries with offset (a week back) answer.
    mean_q, sd_q = seasonal_queries("vm_gauge")
    mean = await vm.query_range(mean_q, at - timedelta(minutes=30), at, "60s")
    sd = await vm.query_range(sd_q, at - timedelta(minutes=30), at, "60s")
    assert mean and sd and len(mean[0]["values"]) >= 30
    await vm.ready()
    assert await vm.rules() == [] and await vm.alerts() == []  # no vmalert behind it: empty, not an error


async def test_history_from_alerts_series(vm: PrometheusClient) -> None:
    until = datetime.fromtimestamp(NOW, UTC)
    [h] = await fetch_history(vm, (), until - timedelta(hours=3), until)
    assert h.alertname == "VMFired" and h.fired == 1
    [i] = h.intervals
    assert abs(i.start.timestamp() - (NOW - 3600)) <= 60 and i.end is not None
    assert abs(i.end.timestamp() - (NOW - 1800)) <= 120


async def test_what_differs(vm: PrometheusClient) -> None:
    """VictoriaMetrics answers a bad query with 422 (Prometheus: 400) and its own error text,
    which the client shows as it does Prometheus's (the text, not the JSON envelope)."""
    with pytest.raises(HTTPStatusError) as err:
        await vm.query("sum(")
    assert err.value.status == 422
    assert "unexpected token" in err.value.body_excerpt and "errorType" not in err.value.body_excerpt
