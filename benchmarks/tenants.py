"""Benchmark: 100 tenants x 6 panels every 15 s on one local Prometheus + Alertmanager pair.

    .venv/bin/python -m benchmarks.tenants [--tenants 100] [--minutes 10] [--settle 30]

Starts the real stack (``LocalStack``: Prometheus scraping itself and the Alertmanagers, two
clustered Alertmanagers), posts a few alerts for every tenant (label ``tenant=tNNN``, long
``endsAt``), writes a config with ``--tenants`` tenants scoped by that label, each with 6
Prometheus panels, ``[ui] refresh = "15s"``, and runs the real ``alerttui`` in tmux at
120x40 (the All view). After ``--settle`` seconds it samples every 5 s, for ``--minutes``:

* healthy tenants: the status bar's ``N/M tenants healthy`` (tmux capture-pane);
* alerttui's CPU (utime + stime from /proc, as a share of one core over the window) and RSS;
* Prometheus ``GET /-/ready`` latency from outside (a timeout counts as 3 s): whether
  alerttui overloads the backend it watches;
* the requests each backend served per minute, by handler, from its own counters.

Prints the figures; nothing is asserted. Traffic only to 127.0.0.1; bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alerttui.demo.stack import LocalStack

PANELS = [
    ("CPU", "rate(process_cpu_seconds_total[1m]) * 100", "percent"),
    ("Memory", "process_resident_memory_bytes", "bytes"),
    ("Requests", "sum(rate(prometheus_http_requests_total[1m]))", "ops"),
    ("Scrape", "max(scrape_duration_seconds)", "seconds"),
    ("Up", "avg(up)", "ratio"),
    ("Series", "prometheus_tsdb_head_series", "none"),
]
TICKS = os.sysconf("SC_CLK_TCK")


def post_alerts(url: str, tenants: int) -> int:
    now = datetime.now(UTC)
    alerts = [{"labels": {"alertname": name, "tenant": f"t{i:03d}", "severity": sev, "instance": f"host-{i}"},
               "annotations": {"summary": f"{name} on t{i:03d}"},
               "startsAt": (now - timedelta(minutes=5)).isoformat(), "endsAt": (now + timedelta(hours=6)).isoformat()}
              for i in range(tenants) for name, sev in (("HighCPU", "warning"), ("DiskFull", "critical"),
                                                         ("Latency", "error"))]
    req = urllib.request.Request(f"{url}/api/v2/alerts", data=json.dumps(alerts).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=30).read()
    return len(alerts)


def config(path: Path, stack: LocalStack, tenants: int, workdir: Path) -> Path:
    urls = ", ".join(f'"{u}"' for u in stack.alertmanager_urls)
    lines = ['[ui]', 'refresh = "15s"', 'metrics_refresh = "15s"', 'operator = "bench"', 'timezone = "UTC"',
             '[audit]', f'path = "{workdir / "audit.jsonl"}"', ""]
    for i in range(tenants):
        lines += ["[[tenants]]", f'id = "t{i:03d}"', f'name = "Tenant {i:03d}"', "role = \"responder\"",
                  "[tenants.alertmanager]", f"urls = [{urls}]", f"matchers = ['tenant=\"t{i:03d}\"']",
                  "[tenants.prometheus]", f'url = "{stack.prometheus_url}"']
        for title, query, unit in PANELS:
            lines += ["[[tenants.panels]]", f'title = "{title}"', f"query = '{query}'", f'unit = "{unit}"']
        lines.append("")
    path.write_text("\n".join(lines))
    return path


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def ready_latency(url: str) -> float:
    start = time.perf_counter()
    try:
        urllib.request.urlopen(f"{url}/-/ready", timeout=3).read()
    except OSError:
        return 3.0
    return time.perf_counter() - start


def healthy(session: str) -> tuple[int, int] | None:
    screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
    m = re.search(r"(\d+)/(\d+) tenants healthy", screen)
    return (int(m.group(1)), int(m.group(2))) if m else None


_COUNT = re.compile(r'^(prometheus_http_requests_total|alertmanager_http_request_duration_seconds_count)'
                    r'\{([^}]*)\} ([0-9.e+]+)$', re.M)


def requests_by_handler(url: str) -> dict[str, float]:
    """Requests served so far, by handler, from the backend's own /metrics (ours and the
    scrapes included: the difference over the window is what matters)."""
    try:
        text = urllib.request.urlopen(f"{url}/metrics", timeout=5).read().decode()
    except OSError:
        return {}
    out: dict[str, float] = {}
    for _name, labels, value in _COUNT.findall(text):
        m = re.search(r'handler="([^"]*)"', labels)
        if m:
            out[m.group(1)] = out.get(m.group(1), 0.0) + float(value)
    return out


def request_rates(before: dict[str, dict[str, float]], after: dict[str, dict[str, float]],
                  minutes: float) -> list[str]:
    lines = []
    for backend, counts in after.items():
        for handler, n in sorted(counts.items()):
            rate = (n - before[backend].get(handler, 0.0)) / minutes
            if rate >= 0.5:
                lines.append(f"  {backend} {handler}: {rate:.0f}/min")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--tenants", type=int, default=100)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--settle", type=float, default=30)
    args = ap.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux not found", file=sys.stderr)
        return 2
    alerttui = str(Path(sys.executable).parent / "alerttui")
    workdir = Path(tempfile.mkdtemp(prefix="alerttui-tenants-"))
    session = f"alerttui-tenants-{os.getpid()}"
    stack = LocalStack()
    try:
        stack.start()
        posted = post_alerts(stack.alertmanager_urls[0], args.tenants)
        cfg = config(workdir / "config.toml", stack, args.tenants, workdir)
        env = f"XDG_STATE_HOME={workdir / 'state'} TERM=xterm-256color"
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                        f"exec env {env} {alerttui} --config {cfg}"], check=True)
        time.sleep(1)
        pid = int(subprocess.run(["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
                                 capture_output=True, text=True, check=True).stdout.split()[0])
        print(f"{args.tenants} tenants x {len(PANELS)} panels, refresh 15s; {posted} alerts; alerttui pid {pid}; "
              f"settling {args.settle:g}s, then {args.minutes:g} min", flush=True)
        time.sleep(args.settle)
        backends = {"prometheus": stack.prometheus_url,
                    **{f"alertmanager{i}": u for i, u in enumerate(stack.alertmanager_urls)}}
        before = {name: requests_by_handler(url) for name, url in backends.items()}
        start_cpu, start = cpu_seconds(pid), time.monotonic()
        samples: list[tuple[float, int | None, float, float]] = []
        deadline = start + args.minutes * 60
        while time.monotonic() < deadline:
            h = healthy(session)
            samples.append((time.monotonic() - start, h[0] if h else None, rss_mb(pid),
                            ready_latency(stack.prometheus_url)))
            time.sleep(5)
        cpu = (cpu_seconds(pid) - start_cpu) / (time.monotonic() - start)
        elapsed_min = (time.monotonic() - start) / 60
        after = {name: requests_by_handler(url) for name, url in backends.items()}
        counts = [s[1] for s in samples if s[1] is not None]
        lat = [s[3] for s in samples]
        print(f"samples: {len(samples)} over {args.minutes:g} min")
        print(f"healthy tenants: min {min(counts, default=0)}, median {statistics.median(counts) if counts else 0:g},"
              f" last {counts[-1] if counts else 0} of {args.tenants}")
        print(f"alerttui CPU: {cpu * 100:.1f} % of one core; RSS max {max(s[2] for s in samples):.0f} MB, "
              f"last {samples[-1][2]:.0f} MB")
        print(f"Prometheus /-/ready from outside: median {statistics.median(lat) * 1000:.1f} ms, "
              f"max {max(lat) * 1000:.0f} ms, timeouts {sum(1 for x in lat if x >= 3.0)}")
        print("requests served per minute, by handler (the backends' own counters):")
        print("\n".join(request_rates(before, after, elapsed_min)))
        for t, h, rss, ready in samples[:: max(1, len(samples) // 10)]:
            print(f"  t={t:6.0f}s healthy={h} rss={rss:.0f}MB ready={ready * 1000:.1f}ms")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
