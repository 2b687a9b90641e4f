"""Losing the terminal: an SSH session that drops (here: the tmux session is killed) hangs up
the dashboard's terminal. It must exit within 2 s, also when SIGHUP is ignored (a parent that
ignores it, as nohup and some session managers do: SIG_IGN is inherited across exec), and
with 100 tenants polling. Before the fix, a dashboard that did not die of SIGHUP kept
running: Textual's input thread reads EOF from the hung-up terminal, and a select() on it is
always ready, so the loop spun (27 % of a core)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import stack_config

from .test_tmux import tmux, wait_screen

pytestmark = pytest.mark.e2e

WRAPPER = """
import os, signal, sys
if sys.argv[1] == "ignore":
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
if sys.argv[1] == "block":  # never delivered (the mask is inherited too): only the terminal check sees it
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGHUP])
open(sys.argv[2], "w").write(str(os.getpid()))
os.execv(sys.executable, [sys.executable, "-m", "alerttui", "--config", sys.argv[3]])
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().split(") ", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.parametrize(("sighup", "tenants"), [("ignore", 1), ("default", 1), ("block", 1), ("ignore", 100)])
def test_the_dashboard_exits_when_its_terminal_goes(stack, test_id, write_config, session, tmp_path, sighup,
                                                    tenants) -> None:  # type: ignore[no-untyped-def]
    config = write_config(stack_config(stack, [{"id": f"t{i}", "test_id": test_id, "name": f"Tenant {i}"}
                                               for i in range(tenants)]))
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    pidfile = tmp_path / "pid"
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", session,
         f"{sys.executable} {wrapper} {sighup} {pidfile} {config}")
    wait_screen(session, "Tenant 0", timeout=40)
    pid = int(Path(pidfile).read_text())
    time.sleep(1.0)  # a few polls in flight
    tmux("kill-session", "-t", session)
    gone = time.monotonic()
    while alive(pid) and time.monotonic() - gone < 10:
        time.sleep(0.05)
    took = time.monotonic() - gone
    if alive(pid):
        before = cpu_seconds(pid)
        time.sleep(1)
        busy = cpu_seconds(pid) - before
        os.kill(pid, 9)
        raise AssertionError(f"still running {took:.1f}s after the hangup, at {busy:.0%} of a core")
    print(f"sighup={sighup} tenants={tenants}: exited {took:.2f}s after the hangup")
    assert took <= 2.0
