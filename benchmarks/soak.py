"""Soak: the real dashboard for ``--minutes`` (30) under churning alerts, in tmux at 120x40.

    .venv/bin/python -m benchmarks.soak [--minutes 30] [--warmup 5] [--tenants 10]

Starts the real stack and a local Slack, writes a config of ``--tenants`` tenants (2 panels
each, refresh 2 s, panels every 5 s, a Slack route), and runs ``alerttui`` (through
``benchmarks/soak_probe.py``, which counts the event loop's tasks) in tmux. Meanwhile:

* every 2 s, for each tenant, 10 of a pool of 40 alerts are posted with ``endsAt`` 12 s
  ahead and a changing summary: alerts keep firing, changing and resolving;
* every 30 s, a silence of 1 minute is created on a tenant's alerts (and expires);
* every 60 s, a new alert is forwarded to Slack with ``alerttui forward``; it resolves a
  minute later, and the dashboard (which holds the duties) updates its Slack thread.

Every 30 s it samples alerttui's RSS, open file descriptors, threads, asyncio tasks, Python's
allocated blocks and the bytes SQLite holds (the last three from the probe inside), and
the outbox (pending, failed and sent rows; the file's size). Prints the curve every 5 min and
the growth after the warm-up. Nothing is asserted. Traffic only to 127.0.0.1; bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.tenants import rss_mb

from alerttui.demo.fake_slack import FakeSlack
from alerttui.demo.stack import LocalStack

TOKEN = "xoxb-soak-token"


def _post(url: str, path: str, body: Any) -> Any:
    req = urllib.request.Request(f"{url}{path}", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        data = r.read()
    return json.loads(data) if data else None


def config(workdir: Path, stack: LocalStack, slack: FakeSlack, tenants: int) -> Path:
    urls = ", ".join(f'"{u}"' for u in stack.alertmanager_urls)
    lines = ['[ui]', 'refresh = "2s"', 'metrics_refresh = "5s"', 'operator = "soak"', 'timezone = "UTC"',
             '[audit]', f'path = "{workdir / "audit.jsonl"}"',
             '[slack]', 'token_env = "SLACK_TOKEN"', f'base_url = "{slack.base_url}"',
             f'outbox = "{workdir / "outbox.sqlite3"}"', 'rate = 50', 'burst = 50',
             '[[slack.routes]]', 'channel = "#ops"', 'mention = "none"', ""]
    for i in range(tenants):
        lines += ["[[tenants]]", f'id = "t{i:02d}"', 'role = "responder"',
                  "[tenants.alertmanager]", f"urls = [{urls}]", f"matchers = ['soak_tenant=\"t{i:02d}\"']",
                  "[tenants.prometheus]", f'url = "{stack.prometheus_url}"',
                  "[[tenants.panels]]", 'title = "CPU"', "query = 'rate(process_cpu_seconds_total[1m]) * 100'",
                  'unit = "percent"',
                  "[[tenants.panels]]", 'title = "Series"', "query = 'prometheus_tsdb_head_series'", ""]
    path = workdir / "config.toml"
    path.write_text("\n".join(lines))
    return path


class Churn:
    def __init__(self, stack: LocalStack, tenants: int, cfg: Path, env: dict[str, str]) -> None:
        self.am = stack.alertmanager_urls[0]
        self.tenants = [f"t{i:02d}" for i in range(tenants)]
        self.cfg, self.env = cfg, env
        self.stop = threading.Event()
        self.rng = random.Random(14)
        self.posted = self.silences = self.forwards = self.forward_failures = 0

    def alert(self, tenant: str, name: str, seconds: float, **labels: str) -> dict[str, Any]:
        now = datetime.now(UTC)
        sev = ("warning", "error", "critical")[hash(name) % 3]
        return {"labels": {"alertname": name, "soak_tenant": tenant, "severity": sev, **labels},
                "annotations": {"summary": f"{name} on {tenant}: value {self.rng.randint(0, 999)}"},
                "startsAt": (now - timedelta(seconds=30)).isoformat(),
                "endsAt": (now + timedelta(seconds=seconds)).isoformat()}

    def run(self) -> None:
        tick = 0
        while not self.stop.wait(2.0):
            tick += 1
            batch = [self.alert(t, f"Churn{k:02d}", 12, instance=f"host-{k % 7}")
                     for t in self.tenants for k in self.rng.sample(range(40), 10)]
            try:
                _post(self.am, "/api/v2/alerts", batch)
                self.posted += len(batch)
                if tick % 15 == 0:
                    self.silence()
                if tick % 30 == 0:
                    self.forward(tick)
            except OSError as exc:
                print(f"churn: {exc}", file=sys.stderr)

    def silence(self) -> None:
        now = datetime.now(UTC)
        tenant = self.rng.choice(self.tenants)
        _post(self.am, "/api/v2/silences", {
            "matchers": [{"name": "soak_tenant", "value": tenant, "isRegex": False, "isEqual": True},
                         {"name": "alertname", "value": f"Churn{self.rng.randint(0, 39):02d}", "isRegex": False,
                          "isEqual": True}],
            "startsAt": now.isoformat(), "endsAt": (now + timedelta(minutes=1)).isoformat(),
            "createdBy": "soak", "comment": "soak churn"})
        self.silences += 1

    def forward(self, tick: int) -> None:
        name = f"SoakForward{tick:05d}"
        _post(self.am, "/api/v2/alerts", [self.alert("t00", name, 60)])
        time.sleep(3)  # the dashboard has polled it
        query = urllib.parse.quote(f'alertname="{name}"')
        with urllib.request.urlopen(f"{self.am}/api/v2/alerts?filter={query}", timeout=10) as r:
            found = json.loads(r.read())
        if not found:
            self.forward_failures += 1
            return
        done = subprocess.run([str(Path(sys.executable).parent / "alerttui"), "forward", "--config", str(self.cfg),
                               "--tenant", "t00", found[0]["fingerprint"]], env=self.env, capture_output=True,
                              timeout=60)
        if done.returncode == 0:
            self.forwards += 1
        else:
            self.forward_failures += 1


def fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


def outbox(path: Path) -> dict[str, int]:
    out = {"pending": 0, "failed": 0, "sent": 0, "slack_threads": 0}
    if path.exists():
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            for status, n in db.execute("SELECT status, count(*) FROM outbox GROUP BY status"):
                out[status] = n
            out["slack_threads"] = db.execute("SELECT count(*) FROM threads").fetchone()[0]
    out["bytes"] = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return out


def last_probe(probe: Path, key: str) -> int | None:
    """The latest value of ``key`` (tasks, blocks) that the probe in alerttui wrote."""
    if not probe.exists():
        return None
    lines = probe.read_text().splitlines()
    return json.loads(lines[-1]).get(key) if lines else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--warmup", type=float, default=5)
    ap.add_argument("--tenants", type=int, default=10)
    ap.add_argument("--every", type=float, default=30, help="seconds between samples")
    ap.add_argument("--trace", type=Path, default=None,
                    help="tracemalloc in alerttui: what it allocated after the warm-up and still holds, "
                         "by line, written to this file every minute (slows it down)")
    ap.add_argument("--types", type=Path, default=None,
                    help="in alerttui, every 2 minutes after the warm-up and a full collection: the object "
                         "types that grew, written to this file")
    ap.add_argument("--malloc-arena-max", type=int, default=None,
                    help="MALLOC_ARENA_MAX for alerttui (glibc: fewer per-thread malloc arenas)")
    args = ap.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux not found", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="alerttui-soak-"))
    session = f"alerttui-soak-{os.getpid()}"
    probe = workdir / "probe.jsonl"
    stack, slack = LocalStack(), FakeSlack().start()
    churn: Churn | None = None
    try:
        stack.start()
        cfg = config(workdir, stack, slack, args.tenants)
        env = {**os.environ, "XDG_STATE_HOME": str(workdir / "state"), "SLACK_TOKEN": TOKEN,
               "TERM": "xterm-256color"}
        arenas = f"MALLOC_ARENA_MAX={args.malloc_arena_max} " if args.malloc_arena_max else ""
        if args.types:
            arenas += f"SOAK_TYPES={args.types.resolve()} SOAK_TRACE_AFTER={args.warmup * 60} "
        if args.trace:
            arenas += f"SOAK_TRACE={args.trace.resolve()} SOAK_TRACE_AFTER={args.warmup * 60} "
        launch = (f"exec env {arenas}XDG_STATE_HOME={workdir / 'state'} SLACK_TOKEN={TOKEN} SOAK_PROBE={probe} "
                  f"TERM=xterm-256color PYTHONPATH={Path.cwd()} {sys.executable} -m benchmarks.soak_probe --config {cfg}")
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", launch], check=True)
        time.sleep(1)
        pid = int(subprocess.run(["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
                                 capture_output=True, text=True, check=True).stdout.split()[0])
        churn = Churn(stack, args.tenants, cfg, env)
        threading.Thread(target=churn.run, daemon=True).start()
        print(f"soak: {args.tenants} tenants, refresh 2 s, {args.minutes:g} min (warm-up {args.warmup:g}); "
              f"alerttui pid {pid}", flush=True)
        start = time.monotonic()
        samples: list[dict[str, Any]] = []
        while (elapsed := time.monotonic() - start) < args.minutes * 60:
            if not Path(f"/proc/{pid}").exists():
                print("alerttui exited", file=sys.stderr)
                return 1
            s = {"t": elapsed, "rss": rss_mb(pid), "fds": fds(pid), "threads": threads(pid),
                 "tasks": last_probe(probe, "tasks"), "blocks": last_probe(probe, "blocks"),
                 "sqlite": round((last_probe(probe, "sqlite") or 0) / 1e6, 2),
                 **outbox(workdir / "outbox.sqlite3")}
            samples.append(s)
            print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in s.items()}), flush=True)
            time.sleep(args.every)
        print(f"\nchurn: {churn.posted} alert posts, {churn.silences} silences, {churn.forwards} forwards "
              f"({churn.forward_failures} failed)")
        print("curve (every 5 min): t, RSS MB, Python blocks, SQLite MB, fds, threads, tasks, outbox pending/failed/sent, "
              "Slack threads, outbox bytes")
        for s in samples:
            if int(s["t"]) % 300 < args.every or s is samples[-1]:
                print(f"  {s['t'] / 60:5.1f} min  {s['rss']:6.1f}  {s['blocks']}  {s['sqlite']:5.2f}  {s['fds']:3d}  {s['threads']:3d}  "
                      f"{s['tasks']}  {s['pending']}/{s['failed']}/{s['sent']}  {s['slack_threads']}  {s['bytes']}")
        warm = [s for s in samples if s["t"] >= args.warmup * 60]
        if warm:
            base, top = warm[0], max(warm, key=lambda s: s["rss"])
            last = warm[-1]
            print(f"after warm-up: RSS {base['rss']:.1f} -> max {top['rss']:.1f} MB "
                  f"({(top['rss'] / base['rss'] - 1) * 100:+.1f} %), last {last['rss']:.1f} MB "
                  f"({(last['rss'] / base['rss'] - 1) * 100:+.1f} %); Python blocks {base['blocks']} -> "
                  f"{last['blocks']}; SQLite {base['sqlite']:.2f} -> {last['sqlite']:.2f} MB; fds {base['fds']} -> {last['fds']} "
                  f"(max {max(s['fds'] for s in warm)}); threads {base['threads']} -> {last['threads']}; "
                  f"tasks {base['tasks']} -> {last['tasks']} (max {max((s['tasks'] or 0) for s in warm)}); "
                  f"outbox pending max {max(s['pending'] for s in warm)}, failed {last['failed']}")
    finally:
        if churn is not None:
            churn.stop.set()
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        slack.stop()
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
