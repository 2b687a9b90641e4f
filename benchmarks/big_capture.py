"""The real dashboard in tmux with 100,000 alerts: a capture of the screen, and how long the
first full table took to appear.

    .venv/bin/python -m benchmarks.big_capture [--alerts 100000] [--size 120x40] [--tenants 20]

Starts the real stack with ``--replicas`` clustered Alertmanagers (default 10: one
Alertmanager's ``GET /api/v2/alerts`` grows faster than its alerts, 2 s at 10,000 and minutes
at 50,000 on this 2-core machine, so a big installation spreads them), posts ``--alerts``
alerts round-robin over them and over ``--tenants`` tenants (label ``tenant=tNN``), writes
a config of those tenants, on every replica, scoped by that label,
runs the real ``alerttui`` in tmux at ``--size``, waits until the status bar says every
tenant is healthy (each has had its first poll), then prints the capture (``tmux
capture-pane -p``) and the seconds it took. Traffic
only to 127.0.0.1; bounded in time; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alerttui.demo.stack import LocalStack

# No "warning": the stack's inhibit rule (critical inhibits warning) makes Alertmanager's GET
# cost grow with criticals x warnings; with both, one replica's 10,000 alerts took minutes.
SEVERITIES = ("critical", "error", "info")


def post(url: str, alerts: list[dict[str, object]]) -> None:
    req = urllib.request.Request(f"{url}/api/v2/alerts", data=json.dumps(alerts).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=120).read()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--alerts", type=int, default=100_000)
    ap.add_argument("--tenants", type=int, default=20)
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--replicas", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args(argv)
    width, height = args.size.split("x")
    alerttui = str(Path(sys.executable).parent / "alerttui")
    work = Path(tempfile.mkdtemp(prefix="alerttui-big-"))
    session = f"alerttui-big-{os.getpid()}"
    stack = LocalStack(replicas=args.replicas)
    try:
        stack.start()
        ams = stack.alertmanager_urls
        now = datetime.now(UTC)
        batches: list[list[dict[str, object]]] = [[] for _ in ams]
        for i in range(args.alerts):
            batch = batches[i % len(ams)]
            tenant = f"t{i % args.tenants:02d}"
            batch.append({"labels": {"alertname": f"Probe{i % 97}", "tenant": tenant, "instance": f"host-{i}",
                                     "severity": SEVERITIES[(i // args.tenants) % 3], "team": ("db", "web", "sre")[i % 3]},
                          "annotations": {"summary": f"probe {i} on host-{i}"},
                          "startsAt": (now - timedelta(minutes=1 + i % 600)).isoformat(),
                          "endsAt": (now + timedelta(hours=6)).isoformat()})
            if len(batch) == 5000:
                post(ams[i % len(ams)], batch)
                batch.clear()
        for url, rest in zip(ams, batches, strict=True):
            if rest:
                post(url, rest)
        urls = ", ".join(f'"{u}"' for u in ams)
        lines = ['[ui]', 'refresh = "60s"', 'operator = "bench"', 'timezone = "UTC"',
                 '[audit]', f'path = "{work / "audit.jsonl"}"', ""]
        for t in range(args.tenants):
            lines += ["[[tenants]]", f'id = "t{t:02d}"', "[tenants.alertmanager]", f"urls = [{urls}]",
                      f"matchers = ['tenant=\"t{t:02d}\"']", "[tenants.http]", 'timeout = "60s"', ""]
        config = work / "config.toml"
        config.write_text("\n".join(lines))
        env = f"XDG_STATE_HOME={work / 'state'} TERM=xterm-256color"
        start = time.monotonic()
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", width, "-y", height,
                        f"exec env {env} {alerttui} --config {config}"], check=True)
        healthy = f"{args.tenants}/{args.tenants} tenants healthy"
        screen = ""
        while time.monotonic() - start < args.timeout:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                    text=True).stdout
            if healthy in screen:  # every tenant has had its first poll: the table holds every alert
                break
            time.sleep(0.5)
        took = time.monotonic() - start
        print(f"{args.alerts} alerts over {args.tenants} tenants, {args.size}: all shown after {took:.1f} s")
        print(screen)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
