"""UI benchmark: 10,000 alerts over 20 tenants, headless (120x40), no network.

    .venv/bin/python -m benchmarks.ui [--alerts 10000] [--tenants 20] [--runs 3]
        [--polls 30] [--keys N] [--profile a|b|c]

Synthetic domain ``Alert`` objects reach the UI the way the polling hub delivers real ones:
``AlerttuiApp._snapshot_arrived(snapshot)`` (the hub's ``on_snapshot`` callback), which posts
a ``SnapshotUpdated`` message that the app hands to ``DashboardScreen.apply_snapshot``. The
app runs with ``polling=False`` (no hub task) and a simulated clock that advances like a real
one would (each tenant polls every 15 s, so one snapshot arrives every 15/20 = 0.75 s).

Prints figures (median and p95 over the runs); no asserts. Timings are wall-clock
(``time.perf_counter``) on a shared machine: expect noise, compare medians.

What each timer covers. Every timer stops only after ``settle()``: the app and each widget
of the screen have handled every message the change caused, the table holds exactly the
expected rows, and the screen's update has run once (layout + the compositor rendering the
dirty regions into strips: the work of the frame the user would see; the headless driver
only skips writing it to a terminal). Not included: waiting for Textual's next frame tick
(at most 1/60 s) and the terminal's own drawing.

(a) start -> first full table: from ``AlerttuiApp(...)`` construction, through ``run_test``
    start-up (mount, CSS, first layout), the 20 initial snapshots being posted and applied,
    until the All-tenants table has all rows and the screen has rendered them. And the part
    of it after the app is ready: from the snapshots arriving (``_snapshot_arrived``) to the
    table painted (the issue's "table painted after a 10k-alert snapshot arrives").
(b) poll: ONE tenant's new snapshot (500 alerts at 10,000, all new ``Alert`` objects as the
    poller parses them, of which 100 differ from the previous poll: 30 state changes
    (silenced/unsilenced), 30 summary changes, 20 added, 20 removed), All-tenants view,
    clock +0.75 s: from the poller's ``reuse_unchanged`` (the previous objects for the equal
    alerts) through posting it, until the table holds exactly the new set and the screen
    has rendered.
(c) filter keystroke: with the ``/`` filter box focused, from one key event entering the
    app (the headless driver's ``send_message``, what ``Pilot.press`` does) through the Input,
    ``Input.Changed``, the dashboard's filter and the table, until the table shows exactly
    the rows the new filter keeps and the screen has rendered.
(d) peak RSS: ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of this process (the highest
    resident set size since it started, so it covers every run, and includes the synthetic
    backend's own copy of the alerts).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import gc
import io
import json
import pstats
import random
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _get_unicode_name_from_key

from alerttui import i18n
from alerttui.app import AlerttuiApp
from alerttui.config import Settings, parse_settings
from alerttui.domain import Alert, AlertState, BackendHealth, Silence, SilenceState, Snapshot
from alerttui.domain.filtering import parse_filter
from alerttui.domain.matchers import Matcher
from alerttui.polling.fetch import reuse_unchanged
from alerttui.widgets.alert_table import AlertTable

START = datetime(2026, 11, 24, 3, 0, 0, tzinfo=UTC)
AM = ("http://127.0.0.1:9093", "http://127.0.0.1:9094")
NAMES = ["DiskFull", "HighCPU", "APILatencyHigh", "CertExpiring", "BackupLate", "DBSlowQueries",
         "PodCrashLooping", "NodeNotReady", "MemoryPressure", "QueueBacklog", "ErrorRateHigh",
         "TargetDown", "KafkaLag", "RedisEvictions", "Ingress 5xx", "DNSFailures", "NTPDrift",
         "InodesLow", "OOMKilled", "ReplicaLag", "JobFailed", "CronMissed", "SSLHandshakeErrors",
         "ThrottlingHigh", "LoadBalancerUnhealthy", "VolumeDegraded", "LicenseExpiring", "QuotaNearLimit"]
SEVERITIES = ["critical", "error", "warning", "warning", "warning", "info", "info", "none"]


class Clock:
    """The app's clock: advanced by hand, as the real one would have moved."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_settings(tenants: list[str]) -> Settings:
    data: dict[str, Any] = {"ui": {"operator": "bench", "refresh": "15s", "timezone": "UTC"}, "tenants": []}
    for tid in tenants:
        data["tenants"].append({"id": tid, "name": f"Tenant {tid}", "role": "responder",
                                "alertmanager": {"urls": list(AM), "matchers": [f'tenant="{tid}"']},
                                "prometheus": {"url": "http://127.0.0.1:9090"}})
    return parse_settings(data, Path("bench.toml"))


def make_alert(rng: random.Random, tenant: str, n: int, silence_id: str) -> Alert:
    name = NAMES[n % len(NAMES)]
    labels = {"alertname": name, "severity": rng.choice(SEVERITIES), "tenant": tenant,
              "instance": f"{rng.choice(['db', 'api', 'web', 'worker', 'cache'])}-{n}",
              "job": rng.choice(["node", "app", "blackbox", "postgres"]), "cluster": f"eu-{n % 3}"}
    silenced = (silence_id,) if rng.random() < 0.05 else ()
    inhibited = ("x",) if not silenced and rng.random() < 0.03 else ()
    return Alert(
        fingerprint=f"{n:016x}", tenant=tenant, labels=labels,
        annotations={"summary": f"{name} on {labels['instance']}: value {rng.randint(1, 999)}",
                     "runbook_url": f"https://runbooks.example.com/{name}"},
        state=AlertState.SUPPRESSED if silenced or inhibited else AlertState.ACTIVE,
        starts_at=START - timedelta(seconds=rng.randint(60, 30 * 86400)), ends_at=START + timedelta(minutes=5),
        updated_at=START, silenced_by=silenced, inhibited_by=inhibited, receivers=("null",), replicas=AM)


def make_snapshot(tenant: str, alerts: dict[str, Alert], silences: dict[str, Silence], when: datetime,
                  generation: int) -> Snapshot:
    health = (*(BackendHealth(kind="alertmanager", url=u, ok=True, checked_at=when, cluster_peers=2) for u in AM),
              BackendHealth(kind="prometheus", url="http://127.0.0.1:9090", ok=True, checked_at=when))
    return Snapshot(tenant=tenant, tenant_name=f"Tenant {tenant}", alerts=alerts, silences=silences,
                    health=health, fetched_at=when, attempted_at=when, generation=generation)


class World:
    """The synthetic backend: per-tenant alerts that change a little at each poll."""

    def __init__(self, tenants: int, alerts: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.tenants = [f"t{i:02d}" for i in range(1, tenants + 1)]
        per = alerts // tenants
        self.next_n = {t: per for t in self.tenants}
        self.silences: dict[str, dict[str, Silence]] = {}
        self.alerts: dict[str, dict[str, Alert]] = {}
        self.generation = 0
        for t in self.tenants:
            sid = f"sil-{t}"
            self.silences[t] = {sid: Silence(id=sid, matchers=(Matcher.equal("tenant", t),),
                                             starts_at=START - timedelta(hours=1), ends_at=START + timedelta(hours=4),
                                             created_by="bob", comment="maintenance", state=SilenceState.ACTIVE)}
            self.alerts[t] = {a.fingerprint: a for a in (make_alert(self.rng, t, n, sid) for n in range(per))}

    def snapshot(self, tenant: str, when: datetime) -> Snapshot:
        """A poll's result: like the real poller (which parses the API's JSON anew each time),
        every alert of the polled tenant is a new (equal, if unchanged) ``Alert`` object."""
        self.generation += 1
        self.alerts[tenant] = {fp: replace(a) for fp, a in self.alerts[tenant].items()}
        return make_snapshot(tenant, dict(self.alerts[tenant]), self.silences[tenant], when, self.generation)

    def churn(self, tenant: str, changes: int = 100) -> None:
        """``changes`` alerts differ: 30% state, 30% annotations, 20% added, 20% removed."""
        rng = self.rng
        alerts = self.alerts[tenant]
        sid = next(iter(self.silences[tenant]))
        victims = rng.sample(sorted(alerts), changes - changes // 5)
        n_state, n_annot = changes * 3 // 10, changes * 3 // 10
        for fp in victims[:n_state]:
            a = alerts[fp]
            if a.silenced_by:
                alerts[fp] = replace(a, silenced_by=(), state=AlertState.ACTIVE)
            else:
                alerts[fp] = replace(a, silenced_by=(sid,), state=AlertState.SUPPRESSED)
        for fp in victims[n_state:n_state + n_annot]:
            a = alerts[fp]
            alerts[fp] = replace(a, annotations={**a.annotations, "summary": f"{a.alertname}: value "
                                                 f"{rng.randint(1, 999)}"})
        for fp in victims[n_state + n_annot:]:
            del alerts[fp]
        for _ in range(changes // 5):
            n = self.next_n[tenant]
            self.next_n[tenant] += 1
            alerts[f"{n:016x}"] = make_alert(rng, tenant, n, sid)

    def all_alerts(self) -> list[Alert]:
        return [a for t in self.tenants for a in self.alerts[t].values()]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summary(label: str, values_ms: list[float], target: str = "") -> str:
    return (f"{label}: median {statistics.median(values_ms):8.1f} ms   p95 {pct(values_ms, 95):8.1f} ms   "
            f"min {min(values_ms):8.1f}   max {max(values_ms):8.1f}   (n={len(values_ms)}){target}")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@contextlib.contextmanager
def maybe_profile(enabled: bool, title: str) -> Iterator[None]:
    if not enabled:
        yield
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out).sort_stats("cumulative")
        stats.print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        print(f"--- cProfile: {title} ---\n{out.getvalue()}")


def table_keys(table: AlertTable) -> set[str]:
    return set(table.alerts)


async def settle(pilot: Any, done: Callable[[], bool], timeout: float = 120.0) -> float:
    """Let the app process its messages until ``done()``, then render the screen once.

    Not ``pilot.pause()``/``pilot.press()``: those end with ``wait_for_idle``, which sleeps
    at least 20 ms per call and would be counted as latency. Here: ``_wait_for_screen`` (the
    app and every widget of the screen have handled what was queued, no sleeping) until the
    table is right, then the screen's update (layout + compositor render of the dirty
    regions, what the 60 fps update timer would run next). Not counted: the wait for that
    timer (at most one frame, 1/60 s) and writing to a terminal (headless).

    Returns the seconds spent in ``done()`` (the benchmark's own check, e.g. comparing 100,000
    keys), which the caller subtracts from its timing."""
    deadline = time.perf_counter() + timeout
    checking = 0.0
    while True:
        await pilot._wait_for_screen()
        t = time.perf_counter()
        ok = done()
        checking += time.perf_counter() - t
        if ok:
            break
        if time.perf_counter() > deadline:
            raise TimeoutError("the table did not reach the expected state")
        await asyncio.sleep(0)
    await pilot._wait_for_screen()  # what handling posted (RowHighlighted, ...)
    pilot.app.screen._on_timer_update()
    return checking


def send_key(app: AlerttuiApp, key: str) -> None:
    """One keystroke into the app's normal input path, as ``Pilot.press`` sends it (the
    headless driver's ``send_message``), without its idle waits."""
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def bench_start(world: World, clock: Clock, settings: Settings, profile: bool = False
                      ) -> tuple[float, float, float, AlerttuiApp]:
    """(a) One cold-ish start: returns (ms to app ready, ms to full table rendered, ms from
    the snapshots arriving to the full table rendered)."""
    total = len(world.all_alerts())
    snapshots = []
    for t in world.tenants:  # the hub would deliver these as each tenant's first poll completes
        clock.advance(0.05)
        snapshots.append(world.snapshot(t, clock()))
    t0 = time.perf_counter()
    app = AlerttuiApp(settings, polling=False, clock=clock)
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        await pilot.pause()
        t_ready = time.perf_counter()
        with maybe_profile(profile, "(a) snapshots arrive -> table painted"):
            for snap in snapshots:
                app._snapshot_arrived(snap)
            table = app.dashboard.query_one(AlertTable)
            checking = await settle(pilot, lambda: table.row_count == total)
        t_full = time.perf_counter() - checking
        assert app.dashboard.tenant is None  # All tenants
    return (t_ready - t0) * 1000, (t_full - t0) * 1000, (t_full - t_ready) * 1000, app


async def bench_session(world: World, clock: Clock, settings: Settings, polls: int, keys: int,
                        profile: str | None) -> tuple[list[float], list[tuple[str, float, int]]]:
    """(b) and (c) in one running app, after the first full table."""
    total = len(world.all_alerts())
    poll_ms: list[float] = []
    key_ms: list[tuple[str, float, int]] = []
    app = AlerttuiApp(settings, polling=False, clock=clock)
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        for t in world.tenants:
            clock.advance(0.05)
            app._snapshot_arrived(world.snapshot(t, clock()))
        dash = app.dashboard
        table = dash.query_one(AlertTable)
        await settle(pilot, lambda: table.row_count == total)
        await pilot.pause()

        # (b) one tenant's poll at a time, round robin, 100 changed alerts in it. Timed from
        # the poller's last step (handing on the previous poll's objects for unchanged alerts,
        # reuse_unchanged) through the table, as a real poll goes.
        with maybe_profile(profile == "b", "(b) polls"):
            for i in range(polls):
                tenant = world.tenants[i % len(world.tenants)]
                world.churn(tenant, 100)
                clock.advance(15 / len(world.tenants))
                snap = world.snapshot(tenant, clock())
                expected = {a.key for a in world.all_alerts()}
                previous = dash.snapshots[tenant].alerts
                gc.collect()
                t0 = time.perf_counter()
                snap = replace(snap, alerts=reuse_unchanged(previous, snap.alerts))
                app._snapshot_arrived(snap)
                checking = await settle(pilot, lambda e=expected: table.row_count == len(e) and table_keys(table) == e)
                poll_ms.append((time.perf_counter() - t0 - checking) * 1000)

        # (c) the `/` filter: one keystroke at a time, each changing what the table shows.
        await pilot.press("slash")
        await pilot.pause()
        everything = world.all_alerts()
        # Typing a word, a few backspaces (widening again), then a matcher typed char by char.
        script = ["d", "i", "s", "k", "backspace", "backspace", "backspace", "backspace",
                  "c", "r", "i", "t", "backspace", "backspace", "backspace", "backspace",
                  "w", "e", "b", "backspace", "backspace", "backspace"]
        text = ""
        with maybe_profile(profile == "c", "(c) filter keystrokes"):
            for key in script[:keys] if keys else script:
                text = text[:-1] if key == "backspace" else text + key
                f = parse_filter(text)
                expected = {a.key for a in everything if f.matches(a)}
                gc.collect()
                t0 = time.perf_counter()
                send_key(app, key)
                checking = await settle(pilot, lambda e=expected, t=text: (
                    dash.filter.text == t and table.row_count == len(e) and table_keys(table) == e))
                key_ms.append((f"'{text}'", (time.perf_counter() - t0 - checking) * 1000, len(expected)))
        await pilot.press("escape")
        await pilot.pause()
    return poll_ms, key_ms


async def main_async(args: argparse.Namespace) -> None:
    i18n.set_language("en")
    i18n.set_timezone("UTC")
    rss0 = rss_mb()
    t = time.perf_counter()
    world = World(args.tenants, args.alerts)
    print(f"synthetic data: {len(world.all_alerts())} alerts over {len(world.tenants)} tenants "
          f"(built in {(time.perf_counter() - t) * 1000:.0f} ms); RSS before the app: {rss0:.0f} MB")
    settings = make_settings(world.tenants)

    ready, full, painted = [], [], []
    for run in range(args.runs):
        clock = Clock()
        with maybe_profile(args.profile == "a" and run == 0, "(a) start"):
            r, f, p, _app = await bench_start(world, clock, settings, profile=args.profile == "p" and run == 1)
        ready.append(r)
        full.append(f)
        painted.append(p)
        print(f"  (a) run {run + 1}: app ready {r:7.0f} ms, full table rendered {f:7.0f} ms "
              f"({p:.0f} ms after the snapshots arrived)")
    rss_a = rss_mb()

    clock = Clock()
    poll_ms, key_ms = await bench_session(world, clock, settings, args.polls, args.keys, args.profile)
    print()
    print(summary("(a) app start -> ready (no data)     ", ready))
    print(summary("(a) app start -> full table rendered ", full))
    print(summary("(a) snapshots arrive -> table painted", painted, "   target median <= 150 ms"))
    print(summary("(b) poll with 100 changed alerts     ", poll_ms, "   target median < 50 ms"))
    times = [ms for _t, ms, _n in key_ms]
    print(summary("(c) filter keystroke -> table        ", times, "   target < 100 ms"))
    print("    per keystroke: " + ", ".join(f"{t} {ms:.0f}ms/{n} rows" for t, ms, n in key_ms))
    print(f"(d) peak RSS (ru_maxrss): {rss_mb():.0f} MB   (after the (a) runs: {rss_a:.0f} MB)   target < 300 MB")
    print("RESULT " + json.dumps({"alerts": len(world.all_alerts()), "full_ms": statistics.median(full),
                                  "painted_ms": statistics.median(painted),
                                  "poll_ms": statistics.median(poll_ms), "key_ms": statistics.median(times),
                                  "rss_mb": rss_mb()}))


def compare(sizes: list[int], argv: list[str]) -> None:
    """Each size in a process of its own (peak RSS is per process), then the growth."""
    results = []
    for n in sizes:
        print(f"=== {n} alerts", flush=True)
        proc = subprocess.run([sys.executable, "-m", "benchmarks.ui", "--alerts", str(n), *argv],
                              capture_output=True, text=True, check=True)
        print(proc.stdout, flush=True)
        results.append(json.loads(proc.stdout.rsplit("RESULT ", 1)[1]))
    base = results[0]
    print(f"{'alerts':>8} {'full table ms':>14} {'painted ms':>11} {'poll ms':>9} {'/smallest':>9} "
          f"{'filter key ms':>14} {'RSS MB':>7}")
    for r in results:
        print(f"{r['alerts']:>8} {r['full_ms']:>14.0f} {r['painted_ms']:>11.0f} {r['poll_ms']:>9.1f} "
              f"{r['poll_ms'] / base['poll_ms']:>8.2f}x {r['key_ms']:>14.1f} {r['rss_mb']:>7.0f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--alerts", default="10000", help="a size, or several: 2000,10000,100000 (each in its own process)")
    p.add_argument("--tenants", type=int, default=20)
    p.add_argument("--runs", type=int, default=3, help="app starts for (a)")
    p.add_argument("--polls", type=int, default=30, help="polls for (b)")
    p.add_argument("--keys", type=int, default=0, help="keystrokes for (c) (0: the whole script, 22)")
    p.add_argument("--profile", choices=("a", "p", "b", "c"),
                   help="cProfile one phase and print the top functions (p: the painting part of (a), run 2)")
    args = p.parse_args()
    sizes = [int(x) for x in args.alerts.split(",")]
    if len(sizes) > 1:
        compare(sizes, [a for a in sys.argv[1:] if not a.startswith("--alerts") and a != args.alerts])
        return
    args.alerts = sizes[0]
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
