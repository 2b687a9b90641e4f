"""Benchmark: the one-shot command line as whole processes, against tools that do the same.

Starts one real Alertmanager (``BenchStack``), posts ``--alerts`` alerts over 100 tenants
(label ``tenant=t000..``), then times each command ``--runs`` times, interleaved (so drift
hits every row alike), as subprocess wall time with its output to /dev/null:

* ``alerttui alerts --format json`` (one tenant, no scope: every alert), piped;
* ``amtool alert query -o json -a -s -i -u`` (the same alerts);
* ``curl`` of ``/api/v2/alerts`` (the bytes alone);
* ``alerttui alerts`` over 100 tenants (each scoped ``tenant="tNNN"``) and over 1 tenant
  of that config (the same backend identity, so 100 tenants share one read);
* ``alerttui --version`` and a bare ``python -c "import textual.app"``.

Every Python command runs with compiled bytecode, as an installed package has: the commands
get a bytecode cache of their own (``PYTHONPYCACHEPREFIX`` in the benchmark's temp dir,
filled by the warm-up run), whatever ``PYTHONDONTWRITEBYTECODE`` says. Without it, in an
environment that sets that variable over a venv without ``__pycache__`` (textual, httpx),
every run compiles those modules again: ``import textual.app`` then takes ~0.45 s instead of
~0.2 s and every ratio is off.

Prints medians and the ratios the issue names; nothing is asserted. Run:
``.venv/bin/python benchmarks/oneshot.py --alerts 10000 --runs 5``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.fetch_alerts import BenchStack, load, make_alerts

VENV = Path(sys.executable).parent
BARE = "python -c 'import textual.app'"


def config(path: Path, url: str, tenants: int, scoped: bool = True) -> Path:
    lines = []
    for i in range(tenants):
        scope = f"matchers = ['tenant=\"t{i:03d}\"']" if scoped else ""
        lines += ["[[tenants]]", f'id = "t{i:03d}"', "[tenants.http]", 'timeout = "120s"',
                  "[tenants.alertmanager]", f'urls = ["{url}"]', scope, ""]
    path.write_text("\n".join(lines))
    return path


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--alerts", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    for tool in ("amtool", "curl"):
        if shutil.which(tool) is None:
            print(f"{tool} not found on PATH", file=sys.stderr)
            return 2
    alerttui = str(VENV / "alerttui")
    stack = BenchStack(replicas=1)
    stack.get_concurrency = 40
    work = Path(tempfile.mkdtemp(prefix="alerttui-oneshot-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(NO_COLOR="1", PYTHONPYCACHEPREFIX=str(work / "pycache"))
    try:
        stack.start()
        url = stack.alertmanager_urls[0]
        load(url, make_alerts(args.alerts, 100))
        one = config(work / "one.toml", url, 1, scoped=False)
        hundred = config(work / "hundred.toml", url, 100)
        t1 = config(work / "t1.toml", url, 1)
        commands = {
            "alerttui alerts --format json": [alerttui, "alerts", "--config", str(one), "--format", "json"],
            "amtool alert query -o json": ["amtool", "alert", "query", "-o", "json", "-a", "-s", "-i", "-u",
                                           f"--alertmanager.url={url}"],
            "curl /api/v2/alerts": ["curl", "-s", "-o", "/dev/null", f"{url}/api/v2/alerts"],
            "alerttui alerts, 100 tenants": [alerttui, "alerts", "--config", str(hundred), "--format", "json"],
            "alerttui alerts, 1 of them": [alerttui, "alerts", "--config", str(t1), "--format", "json"],
            "alerttui --version": [alerttui, "--version"],
            BARE: [sys.executable, "-c", "import textual.app"],
        }
        times: dict[str, list[float]] = {k: [] for k in commands}
        for cmd in commands.values():  # warm-up: page cache, bytecode cache, Alertmanager's first request
            wall(cmd, env)
        for _run in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(wall(cmd, env))
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"{args.alerts} alerts on Alertmanager {url}; median of {args.runs} runs, wall seconds")
        for name, value in med.items():
            print(f"  {name:<34} {value:7.3f}  (min {min(times[name]):.3f}, max {max(times[name]):.3f})")
        print("ratios:")
        print(f"  alerts --format json / amtool      {med['alerttui alerts --format json'] / med['amtool alert query -o json']:.2f}x")
        print(f"  alerts --format json / curl        {med['alerttui alerts --format json'] / med['curl /api/v2/alerts']:.2f}x")
        print(f"  alerts: 100 tenants / 1 tenant     {med['alerttui alerts, 100 tenants'] / med['alerttui alerts, 1 of them']:.2f}x")
        print(f"  --version / import textual.app     {med['alerttui --version'] / med[BARE]:.2f}x")
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
