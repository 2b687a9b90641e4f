"""``alerttui demo`` as the README's first command runs it: a real stack for three tenants,
the dashboard on it, and nothing left running after quitting."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.e2e.test_tmux import ALERTTUI, screen, tmux, wait_screen

pytestmark = pytest.mark.e2e


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_demo_runs_three_tenants_and_cleans_up(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "exited"
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", session, f"{ALERTTUI} demo; echo $? > {marker}")
    text = wait_screen(session, "Initech", timeout=30)
    assert "ACME Corp" in text and "Globex" in text
    pane_pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
    procs = {p: command_of(p) for p in descendants(pane_pid)}
    backends = [p for p, cmd in procs.items() if "prometheus" in cmd and "--config.file" in cmd]
    assert len(backends) == 3, procs  # Prometheus and two Alertmanagers
    # Alerts from the demo rules arrive (the always-firing Watchdog, for every tenant).
    text = wait_screen(session, "Watchdog", timeout=45)
    text = wait_screen(session, "CPU", timeout=30)  # the metric panes (their own poll: may come later)
    tmux("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 20
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), screen(session)
    assert marker.read_text().strip() == "0"
    for pid in backends:
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
