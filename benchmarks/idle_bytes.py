"""How many bytes does an idle alerttui write to its terminal?

    .venv/bin/python -m benchmarks.idle_bytes [--minutes 2.5] [--settle 20] [--no-color-too]

Starts the real stack (``LocalStack``: Prometheus + two clustered Alertmanagers, rules that
keep a few alerts firing for one tenant), writes a config with ONE tenant and
``[ui] refresh = "15s"``, and runs the real ``alerttui`` command in a pseudo-terminal
(``pty.fork``, TERM=xterm-256color, 80x24 set with TIOCSWINSZ before exec). After
``--settle`` seconds of start-up, every byte read from the pty master is counted for
``--minutes``: total bytes/min, then per 15 s window (each holds one poll of the tenant),
with the bytes of each second so a poll's cost stands out from the idle seconds, and a
sample of what the biggest and the typical writes contained (escape sequences stripped).
``--no-color-too`` runs a second alerttui with NO_COLOR=1 at the same time.

Wall-clock timing on a shared machine: the polls drift by a few hundred ms; a window can
hold 0 or 2 polls when a poll lands on its edge.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from alerttui.demo.stack import LocalStack

RULES = """\
groups:
  - name: idle
    rules:
      - alert: IdleDiskFull
        expr: vector(1)
        labels: {severity: critical, tenant: idle, instance: db-1}
        annotations: {summary: "Disk 97% used on db-1"}
      - alert: IdleHighCPU
        expr: vector(1)
        labels: {severity: warning, tenant: idle, instance: api-2}
        annotations: {summary: "CPU at 86% for 10 minutes"}
      - alert: IdleCertExpiring
        expr: vector(1)
        labels: {severity: info, tenant: idle}
        annotations: {summary: "TLS certificate expires in 12 days"}
"""

_ESC = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])")


def config_text(stack: LocalStack, workdir: Path) -> str:
    urls = ", ".join(f'"{u}"' for u in stack.alertmanager_urls)
    return f"""\
[ui]
refresh = "15s"
operator = "bench"
timezone = "UTC"

[audit]
path = "{workdir / 'audit.jsonl'}"

[[tenants]]
id = "idle"
name = "Idle"
role = "viewer"
alertmanager = {{ urls = [{urls}], matchers = ['tenant="idle"'] }}
prometheus = {{ url = "{stack.prometheus_url}" }}
"""


@dataclass
class Session:
    label: str
    pid: int
    fd: int
    started: float
    chunks: list[tuple[float, bytes]] = field(default_factory=list)
    closed: bool = False


def spawn(label: str, config: Path, env: dict[str, str], cols: int = 80, rows: int = 24) -> Session:
    exe = shutil.which("alerttui", path=str(Path(sys.executable).parent)) or "alerttui"
    pid, fd = pty.fork()
    if pid == 0:  # child: the pty's slave is fd 0/1/2 and our controlling terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execve(exe, [exe, "--config", str(config)], env)
    return Session(label, pid, fd, time.monotonic())


def pump(sessions: list[Session], until: float) -> None:
    """Read every session's output until ``until`` (monotonic), timestamping each chunk."""
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return
        fds = {s.fd: s for s in sessions if not s.closed}
        if not fds:
            return
        ready, _w, _x = select.select(list(fds), [], [], min(left, 0.5))
        for fd in ready:
            s = fds[fd]
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                data = b""
            if not data:
                s.closed = True
                continue
            s.chunks.append((time.monotonic(), data))


def visible(data: bytes, limit: int = 160) -> str:
    text = _ESC.sub(b"", data).decode("utf-8", "replace")
    text = re.sub(r"\s+", " ", text).strip()
    return (text[:limit] + "…") if len(text) > limit else text


def report(s: Session, t0: float, minutes: float, window: float) -> None:
    span = minutes * 60
    chunks = [(t - t0, d) for t, d in s.chunks if t0 <= t < t0 + span]
    total = sum(len(d) for _t, d in chunks)
    print(f"\n== {s.label}: {total} bytes in {span:.0f} s = {total / minutes:,.0f} bytes/min "
          f"({len(chunks)} writes)")
    n_windows = int(span // window)
    for w in range(n_windows):
        lo, hi = w * window, (w + 1) * window
        per_sec = [0] * int(window)
        for t, d in chunks:
            if lo <= t < hi:
                per_sec[min(int(t - lo), len(per_sec) - 1)] += len(d)
        print(f"  window {w + 1:2d} [{lo:5.0f}-{hi:5.0f} s): {sum(per_sec):6d} B   per second: "
              + " ".join(f"{b}" for b in per_sec))
    sizes = Counter(len(d) for _t, d in chunks)
    print("  write sizes (bytes x count): " + ", ".join(f"{k}x{v}" for k, v in sorted(sizes.items())))
    if chunks:
        gaps = [b[0] - a[0] for a, b in pairwise(chunks)]
        if gaps:
            print(f"  gaps between writes: min {min(gaps):.2f} s, median {sorted(gaps)[len(gaps) // 2]:.2f} s, "
                  f"max {max(gaps):.2f} s")
        biggest = max(chunks, key=lambda c: len(c[1]))
        typical = sorted(chunks, key=lambda c: len(c[1]))[len(chunks) // 2]
        print(f"  biggest write ({len(biggest[1])} B at {biggest[0]:.1f} s): {visible(biggest[1])!r}")
        print(f"  typical write ({len(typical[1])} B at {typical[0]:.1f} s): {visible(typical[1])!r}")
        print(f"  typical write raw: {typical[1][:300]!r}")


def stop(s: Session) -> None:
    with contextlib.suppress(OSError):
        os.write(s.fd, b"q")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        pid, _status = os.waitpid(s.pid, os.WNOHANG)
        if pid:
            break
        with contextlib.suppress(OSError):
            os.read(s.fd, 65536)
        time.sleep(0.1)
    else:
        os.kill(s.pid, signal.SIGTERM)
        os.waitpid(s.pid, 0)
    with contextlib.suppress(OSError):
        os.close(s.fd)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=2.5, help="measured time after start-up")
    p.add_argument("--settle", type=float, default=20.0, help="seconds of start-up not counted")
    p.add_argument("--window", type=float, default=15.0)
    p.add_argument("--no-color-too", action="store_true", help="also run one with NO_COLOR=1, in parallel")
    args = p.parse_args()

    with tempfile.TemporaryDirectory(prefix="alerttui-idle-") as tmp, \
            LocalStack(rule_files={"idle.yml": RULES}, evaluation_interval="1s") as stack:
        work = Path(tmp)
        config = work / "alerttui.toml"
        config.write_text(config_text(stack, work))
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ALERTTUI_CONFIG", "TMUX")}
        env.update(TERM="xterm-256color", COLORTERM="", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                   XDG_STATE_HOME=str(work / "state"), XDG_CONFIG_HOME=str(work / "config"))
        sessions = [spawn("colour (TERM=xterm-256color)", config, env)]
        if args.no_color_too:
            sessions.append(spawn("NO_COLOR=1", config, {**env, "NO_COLOR": "1"}))
        try:
            start = time.monotonic()
            pump(sessions, start + args.settle)
            for s in sessions:
                startup = sum(len(d) for _t, d in s.chunks)
                print(f"{s.label}: start-up ({args.settle:.0f} s) wrote {startup} bytes"
                      + (" (exited!)" if s.closed else ""))
            t0 = time.monotonic()
            print(f"measuring {args.minutes} min ...", flush=True)
            pump(sessions, t0 + args.minutes * 60)
            for s in sessions:
                report(s, t0, args.minutes, args.window)
        finally:
            for s in sessions:
                stop(s)


if __name__ == "__main__":
    main()
