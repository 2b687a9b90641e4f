"""Benchmark: how long alerttui takes to turn one Alertmanager's alert list into domain
objects, against a bare HTTP GET of the same bytes and against ``amtool``.

Starts a real ``prometheus-alertmanager`` (``alerttui.demo.stack.LocalStack``), posts
``--alerts`` alerts over ``--tenants`` tenants (label ``tenant=t00..``), waits until
``GET /api/v2/alerts`` returns all of them, then times, ``--runs`` times each:

* raw:   ``GET /api/v2/alerts`` with httpx, body read, not parsed;
* ours:  ``AlertmanagerClient.alerts()`` (GET + pydantic parse) + ``merge_replicas`` into
         domain ``Alert`` objects, exactly the functions the poller calls;
* per-tenant raw: ``--tenants`` concurrent GETs each filtered by ``tenant="tNN"`` (what a
         client without shared reads sends);
* per-tenant ours: one round of ``fetch_alerts`` for every tenant on the engine's clients
         (``build_engine``): one shared GET per replica, split locally by each tenant's scope;
         the GETs per round are counted and printed;
* amtool: ``amtool alert query -o json -a -s -i -u`` (subprocess wall time; the state
         flags make amtool return every alert, as our query does).

Prints figures only; nothing is asserted. Run:
``.venv/bin/python benchmarks/fetch_alerts.py --alerts 10000 --tenants 20 --runs 5``
(``--profile`` adds a cProfile of our path).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from alerttui.clients.alertmanager import AlertmanagerClient
from alerttui.clients.http import Transport
from alerttui.clients.tenant import TenantClients
from alerttui.clients.wire import ALERTS
from alerttui.config import HTTPConfig, parse_settings
from alerttui.demo.stack import LocalStack
from alerttui.engine import build_engine
from alerttui.polling.fetch import fetch_alerts, merge_replicas

ALERTNAMES = [
    "HighCPU", "HighMemory", "DiskFull", "DiskWillFillIn4h", "NodeDown", "TargetDown",
    "HighLatencyP99", "ErrorRateHigh", "CertificateExpiring", "PodCrashLooping",
    "KubeJobFailed", "QueueBacklog", "ReplicationLag", "BackupMissing", "OOMKilled",
]
# severity mix (weights): mostly warnings, a few criticals, some with no severity label
SEVERITIES = [("critical", 10), ("error", 10), ("warning", 45), ("info", 25), ("", 5), ("page", 5)]
REGIONS = ["eu-west-1", "eu-central-1", "us-east-1", "ap-south-1"]
WORDS = [
    "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dogs", "while", "pods", "restart",
    "and", "disks", "fill", "up", "latency", "climbs", "nodes", "flap", "certificates", "expire",
    "queues", "grow",
]


class BenchStack(LocalStack):
    """The demo stack, but Alertmanager may take more concurrent GETs than its default
    (max(GOMAXPROCS, 8)): beyond it, it answers 503 at once instead of queueing."""

    get_concurrency: int = 0

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        if name.startswith("am") and self.get_concurrency > 0:
            args = [*args, f"--web.get-concurrency={self.get_concurrency}"]
        return super()._spawn(name, args)


def make_alerts(n: int, tenants: int, seed: int = 42) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    sev_names = [s for s, _w in SEVERITIES]
    sev_weights = [w for _s, w in SEVERITIES]
    out = []
    for i in range(n):
        tenant = f"t{i % tenants:02d}"
        name = rng.choice(ALERTNAMES)
        severity = rng.choices(sev_names, sev_weights)[0]
        labels = {
            "alertname": name,
            "tenant": tenant,
            "instance": f"node-{i % 400:03d}.{tenant}.example:9100",
            "job": rng.choice(["node", "kubelet", "api", "db", "queue"]),
            "pod": f"{name.lower()}-{i:05d}-{rng.randrange(16**5):05x}",
            "region": rng.choice(REGIONS),
        }
        if severity:
            labels["severity"] = severity
        if i % 3 == 0:
            labels["team"] = rng.choice(["sre", "payments", "search", "data"])
        if i % 7 == 0:
            labels["namespace"] = f"ns-{rng.randrange(50)}"
        desc = " ".join(rng.choices(WORDS, k=rng.randrange(5, 60)))
        annotations = {
            "summary": f"{name} on {labels['instance']} ({severity or 'no severity'})",
            "description": desc,
        }
        if i % 2 == 0:
            annotations["runbook_url"] = f"https://runbooks.example/{name}"
        if i % 11 == 0:
            annotations["note"] = "Überlast – ошибка – 警告 🔥 שגיאה"
        starts = now - timedelta(seconds=rng.randrange(60, 86400))
        out.append({
            "labels": labels,
            "annotations": annotations,
            "startsAt": starts.isoformat(),
            "endsAt": (now + timedelta(hours=6)).isoformat(),
            "generatorURL": f"http://prometheus.example/graph?g0.expr=up%7Bi%3D%22{i}%22%7D",
        })
    return out


def post_json(url: str, body: Any) -> None:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()


def count_alerts(url: str) -> int:
    with urllib.request.urlopen(f"{url}/api/v2/alerts", timeout=60) as r:
        return len(json.loads(r.read()))


def am_version(url: str) -> str:
    with urllib.request.urlopen(f"{url}/api/v2/status", timeout=10) as r:
        return str(json.loads(r.read()).get("versionInfo", {}).get("version", "?"))


def amtool_version() -> str:
    out = subprocess.run(["amtool", "--version"], capture_output=True, text=True)
    return ((out.stdout or out.stderr).splitlines() or ["?"])[0]


def load(url: str, alerts: list[dict[str, Any]], batch: int = 500, timeout: float = 120) -> float:
    start = time.perf_counter()
    for i in range(0, len(alerts), batch):
        post_json(f"{url}/api/v2/alerts", alerts[i:i + batch])
    deadline = time.monotonic() + timeout
    while True:
        got = count_alerts(url)
        if got >= len(alerts):
            return time.perf_counter() - start
        if time.monotonic() > deadline:
            raise SystemExit(f"only {got} of {len(alerts)} alerts visible after {timeout}s")
        time.sleep(0.2)


# -- the measured operations ------------------------------------------------------------

PARAMS = [("active", "true"), ("silenced", "true"), ("inhibited", "true"), ("unprocessed", "true")]


REFUSED_503 = [0]  # raw GETs Alertmanager refused (beyond --web.get-concurrency)


async def raw_get(client: httpx.AsyncClient, url: str, extra: list[tuple[str, str]] = ()) -> int:  # type: ignore[assignment]
    r = await client.get(f"{url}/api/v2/alerts", params=[*PARAMS, *extra])
    if r.status_code == 503 and extra:
        REFUSED_503[0] += 1  # counted and reported: what an unqueued client would suffer
        return 0
    r.raise_for_status()
    return len(r.content)


async def ours_all(am: AlertmanagerClient) -> int:
    wires = await am.alerts(())
    return len(merge_replicas("bench", [(am.url, wires)]))


async def raw_per_tenant(clients: list[httpx.AsyncClient], url: str, tenants: int) -> int:
    sizes = await asyncio.gather(*(raw_get(c, url, [("filter", f'tenant="t{i:02d}"')])
                                   for i, c in enumerate(clients)))
    return sum(sizes)


async def ours_per_tenant(tenant_clients: list[TenantClients]) -> int:
    now = datetime.now(UTC)
    results = await asyncio.gather(*(fetch_alerts(tc, now, with_silences=False, with_status=False)
                                     for tc in tenant_clients))
    for r in results:
        if r.errors:
            raise SystemExit(f"fetch failed: {r.errors}")
    return sum(len(r.alerts) for r in results)


def amtool_query(url: str) -> int:
    out = subprocess.run(
        ["amtool", "alert", "query", "-o", "json", "-a", "-s", "-i", "-u", f"--alertmanager.url={url}"],
        capture_output=True, check=True, timeout=120)
    return len(json.loads(out.stdout))


async def timed(fn: Callable[[], Awaitable[int]] | Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    value = fn()
    if asyncio.iscoroutine(value):
        value = await value
    return time.perf_counter() - start, value  # type: ignore[return-value]


def fmt_row(name: str, xs: list[float], raw: float | None, amtool: float | None) -> str:
    med = statistics.median(xs)
    r1 = f"{med / raw:6.2f}x" if raw else "     -"
    r2 = f"{med / amtool:6.2f}x" if amtool else "     -"
    return (f"{name:<26} {med * 1000:9.1f} {min(xs) * 1000:9.1f} {max(xs) * 1000:9.1f}  {r1}  {r2}")


async def bench(url: str, n: int, tenants: int, runs: int, profile: bool, timeout: str) -> None:
    http_cfg = HTTPConfig.model_validate({"timeout": timeout})
    http = Transport.from_config(http_cfg).async_client()
    am = AlertmanagerClient(url, http)
    from pathlib import Path

    engine = build_engine(parse_settings({"tenants": [
        {"id": f"t{i:02d}", "http": {"timeout": timeout},
         "alertmanager": {"urls": [url], "matchers": [f'tenant="t{i:02d}"']}} for i in range(tenants)]},
        Path("bench.toml")), slack=False)
    tenant_clients = list(engine.clients.values())
    raw_clients = [Transport.from_config(http_cfg).async_client() for _ in range(tenants)]
    ops: dict[str, Callable[[], Any]] = {
        "raw GET (all)": lambda: raw_get(http, url),
        "ours (all)": lambda: ours_all(am),
        f"raw GET ({tenants} tenants)": lambda: raw_per_tenant(raw_clients, url, tenants),
        f"ours ({tenants} tenants)": lambda: ours_per_tenant(tenant_clients),
        "amtool -o json": lambda: amtool_query(url),
    }
    times: dict[str, list[float]] = {k: [] for k in ops}
    try:
        body_size = await raw_get(http, url)
        for name, op in ops.items():  # warm-up (connections, imports, AM caches); checks counts
            _t, value = await timed(op)
            if not name.startswith("raw") and value != n:
                raise SystemExit(f"{name} returned {value} alerts, expected {n}")
        for _run in range(runs):
            for name, op in ops.items():  # interleaved, so drift hits every row alike
                took, _value = await timed(op)
                times[name].append(took)

        # Where our time goes, without the network: parse alone and merge alone.
        body = (await http.get(f"{url}/api/v2/alerts", params=PARAMS)).content
        parse_t, merge_t = [], []
        for _run in range(runs):
            t0 = time.perf_counter()
            wires = ALERTS.validate_json(body)
            t1 = time.perf_counter()
            merge_replicas("bench", [(url, wires)])
            t2 = time.perf_counter()
            parse_t.append(t1 - t0)
            merge_t.append(t2 - t1)

        rounds = runs + 1
        print(f"\nresponse body: {body_size / 1e6:.2f} MB for {n} alerts")
        print(f"GETs of /api/v2/alerts per round, {tenants} tenants on one Alertmanager: "
              f"{engine.pool.reads.requests / rounds:g} (raw per-tenant client: {tenants})")
        if REFUSED_503[0]:
            print(f"raw concurrent GETs refused with 503 by Alertmanager: {REFUSED_503[0]} of "
                  f"{tenants * (runs + 1)} (alerttui's client queues reads per origin: none refused)")
        print(f"\n{'operation':<26} {'median ms':>9} {'min ms':>9} {'max ms':>9}  {'/raw':>7}  {'/amtool':>7}")
        raw_all = statistics.median(times["raw GET (all)"])
        raw_ten = statistics.median(times[f"raw GET ({tenants} tenants)"])
        am_med = statistics.median(times["amtool -o json"])
        print(fmt_row("raw GET (all)", times["raw GET (all)"], raw_all, am_med))
        print(fmt_row("ours (all)", times["ours (all)"], raw_all, am_med))
        print(fmt_row(f"raw GET ({tenants} tenants)", times[f"raw GET ({tenants} tenants)"], raw_ten, am_med))
        print(fmt_row(f"ours ({tenants} tenants)", times[f"ours ({tenants} tenants)"], raw_ten, am_med))
        print(fmt_row("amtool -o json", times["amtool -o json"], None, am_med))
        print(fmt_row("  parse only (no HTTP)", parse_t, None, None))
        print(fmt_row("  merge_replicas only", merge_t, None, None))
        ours = statistics.median(times["ours (all)"])
        print(f"\nclient-side cost over the raw GET (all): {(ours - raw_all) * 1000:+.1f} ms "
              f"(parse only {statistics.median(parse_t) * 1000:.1f} ms + merge "
              f"{statistics.median(merge_t) * 1000:.1f} ms, out of the network); "
              f"per tenant: {(statistics.median(times[f'ours ({tenants} tenants)']) - raw_ten) * 1000:+.1f} ms")
        ours_ten = statistics.median(times[f"ours ({tenants} tenants)"])
        print(f"\ntargets: ours/raw {ours / raw_all:.2f}x (<= 1.5x: {'yes' if ours <= 1.5 * raw_all else 'NO'}), "
              f"ours/amtool {ours / am_med:.2f}x (< 1: {'yes' if ours < am_med else 'NO'}), "
              f"{tenants}-tenant round / one raw GET {ours_ten / raw_all:.2f}x "
              f"(<= 2x: {'yes' if ours_ten <= 2 * raw_all else 'NO'})")

        if profile:
            prof = cProfile.Profile()
            prof.enable()
            await ours_all(am)
            prof.disable()
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
            print(buf.getvalue())
    finally:
        await http.aclose()
        for c in raw_clients:
            await c.aclose()
        await engine.aclose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--alerts", type=int, default=10_000)
    ap.add_argument("--tenants", type=int, default=20)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--get-concurrency", type=int, default=-1,
                    help="Alertmanager --web.get-concurrency (default 2 x tenants; 0: its own default, "
                         "max(GOMAXPROCS, 8), which answers 503 to the surplus of concurrent tenant GETs)")
    ap.add_argument("--timeout", default="120s",
                    help="HTTP timeout of every client (the app's default, 5s, is too short here: Alertmanager "
                         "0.25 needs ~0.7 s of CPU per filtered GET over 10,000 alerts)")
    ap.add_argument("--profile", action="store_true", help="cProfile one run of our path")
    args = ap.parse_args(argv)
    if shutil.which("amtool") is None:
        print("amtool not found on PATH", file=sys.stderr)
        return 2

    stack = BenchStack(replicas=1)
    stack.get_concurrency = args.get_concurrency if args.get_concurrency >= 0 else 2 * args.tenants
    try:
        stack.start()
        url = stack.alertmanager_urls[0]
        print(f"machine: {os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}, "
              f"{platform.system()} {platform.release()}")
        print(f"alertmanager {am_version(url)} at {url} (--web.get-concurrency={stack.get_concurrency}); "
              f"{amtool_version()}")
        alerts = make_alerts(args.alerts, args.tenants)
        took = load(url, alerts)
        print(f"posted {args.alerts} alerts over {args.tenants} tenants in {took:.1f}s; "
              f"runs={args.runs} (median, min, max)")
        asyncio.run(bench(url, args.alerts, args.tenants, args.runs, args.profile, args.timeout))
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
