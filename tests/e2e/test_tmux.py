"""End to end: the installed ``alerttui`` command in tmux against the real stack, read off
the screen with ``capture-pane`` as a person would see it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import make_alert, post_alerts, stack_config

pytestmark = pytest.mark.e2e

ALERTTUI = Path(sys.executable).parent / "alerttui"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True, timeout=10).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_screen(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        last = screen(session)
        if text in last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{last}")


def test_dashboard_in_tmux_reads_alerts(stack, test_id, write_config, session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("E2EDiskFull", test_id, "critical", annotations={"summary": "disk 97% used"})])
    post_alerts(am1, [make_alert("E2ELatency", test_id, "warning", annotations={"summary": "p95 812ms"})])
    config = write_config(stack_config(stack, [{"id": "e2e", "test_id": test_id, "name": "E2E Tenant"}]))
    marker = tmp_path / "exited"
    # Textual draws on the terminal; don't redirect stderr. Record the exit code after quit.
    cmd = f"{ALERTTUI} --config {config}; echo $? > {marker}"
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", session, cmd)
    text = wait_screen(session, "E2ELatency")
    # The on-call case: an 80x24 terminal (a bastion over SSH).
    assert tmux("display-message", "-p", "-t", session, "#{window_width}x#{window_height}").strip() == "80x24"
    assert "E2EDiskFull" in text
    assert "CRIT" in text and "WARN" in text
    assert text.index("E2EDiskFull") < text.index("E2ELatency")  # critical sorts first
    assert "E2E Tenant" in text
    assert "disk 97% used" in text
    # Filter to the warning, as an operator would type it.
    # Like a person, look before typing: the filter box must be open (its placeholder on
    # screen) before the text goes in, or the keys land on the table. CI on a slow machine
    # once typed into the table.
    tmux("send-keys", "-t", session, "/")
    wait_screen(session, "matchers or text")
    tmux("send-keys", "-t", session, "-l", 'severity="warning"')
    wait_screen(session, 'severity="warning"')
    tmux("send-keys", "-t", session, "Enter")
    deadline = time.monotonic() + 10
    while "E2EDiskFull" in screen(session) and time.monotonic() < deadline:
        time.sleep(0.2)
    text = screen(session)
    assert "E2ELatency" in text and "E2EDiskFull" not in text
    assert 'filter: severity="warning"' in text
    # Details of the selected alert.
    tmux("send-keys", "-t", session, "Enter")
    text = wait_screen(session, "Reported by")
    assert am1 in text
    tmux("send-keys", "-t", session, "Escape")
    wait_screen(session, "filter:")
    tmux("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.read_text().strip() == "0"
