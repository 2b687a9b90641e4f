"""Benchmark: launch -> first alert painted, against a bare ``python -c "import textual.app"``.

    .venv/bin/python -m benchmarks.launch [--runs 7] [--user-install]

Starts the real stack (``LocalStack``), posts one alert for a one-tenant config, then runs
the real ``alerttui`` in a pseudo-terminal (80x24, TERM=xterm-256color) ``--runs`` times and
takes the time from the fork until the alert's name appears in what it wrote (escape
sequences stripped), then kills it. Interleaved with the same number of bare
``import textual.app`` runs (wall time of the process), so drift hits both alike. Prints the
medians and their ratio (the issue's target: <= 2x); nothing is asserted.

``--user-install``: run both in ``.bench/user-venv``, made from the same lock without the dev
extra (``uv sync --locked``), which is what a user installs. The dev tools matter: import-linter
brings ``click``, and ``httpx`` imports its command line (click, rich.progress, pygments:
~100 ms) whenever click is importable.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alerttui.demo.stack import LocalStack

NAME = "LaunchProbeAlert"
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>78]")


PYTHON = sys.executable


def user_venv() -> str:
    """The python of a venv with only what a user installs (the lock, no dev extra)."""
    root = Path(__file__).resolve().parent.parent
    venv = root / ".bench" / "user-venv"
    uv = root / ".tools" / "bin" / "uv"
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.run([str(uv), "sync", "--locked", "--compile-bytecode", "--quiet"], cwd=root, env=env, check=True)
    return str(venv / "bin" / "python")


def painted(config: Path, env: dict[str, str], timeout: float = 30.0) -> float:
    exe = shutil.which("alerttui", path=str(Path(PYTHON).parent)) or "alerttui"
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(exe, [exe, "--config", str(config)], env)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _w, _x = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
                if NAME.encode() in ESCAPES.sub(b"", seen):
                    return time.perf_counter() - start
        raise SystemExit(f"no {NAME} on screen within {timeout:g}s")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def bare() -> float:
    start = time.perf_counter()
    subprocess.run([PYTHON, "-c", "import textual.app"], check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--user-install", action="store_true", help="run in a venv without the dev extra")
    args = ap.parse_args(argv)
    global PYTHON
    if args.user_install:
        PYTHON = user_venv()
        print(f"user install: {PYTHON}")
    work = Path(tempfile.mkdtemp(prefix="alerttui-launch-"))
    stack = LocalStack()
    try:
        stack.start()
        now = datetime.now(UTC)
        body = [{"labels": {"alertname": NAME, "severity": "critical", "tenant": "probe"},
                 "annotations": {"summary": "launch probe"}, "startsAt": (now - timedelta(minutes=1)).isoformat(),
                 "endsAt": (now + timedelta(hours=1)).isoformat()}]
        urllib.request.urlopen(urllib.request.Request(
            f"{stack.alertmanager_urls[0]}/api/v2/alerts", data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json"}), timeout=10).read()
        urls = ", ".join(f'"{u}"' for u in stack.alertmanager_urls)
        config = work / "config.toml"
        config.write_text(f'[ui]\noperator = "bench"\n[audit]\npath = "{work / "audit.jsonl"}"\n'
                          f'[[tenants]]\nid = "probe"\n[tenants.alertmanager]\nurls = [{urls}]\n'
                          f"matchers = ['tenant=\"probe\"']\n")
        env = {**os.environ, "TERM": "xterm-256color", "XDG_STATE_HOME": str(work / "state")}
        painted(config, env)  # warm-up: page cache, .pyc
        bare()
        ours, theirs = [], []
        for _run in range(args.runs):
            ours.append(painted(config, env))
            theirs.append(bare())
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"launch -> first alert painted (80x24 pty): median {a:.3f}s (min {min(ours):.3f}, max {max(ours):.3f})")
        print(f"python -c 'import textual.app':           median {b:.3f}s (min {min(theirs):.3f}, max {max(theirs):.3f})")
        print(f"ratio: {a / b:.2f}x (target <= 2x)")
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
