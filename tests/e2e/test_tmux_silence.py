"""End to end: an operator silences and acknowledges alerts from the real ``alerttui`` in
tmux; the silences are then found through the Alertmanager API on both replicas, and the
audit log holds the records."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import http_json, make_alert, post_alerts, stack_config, wait_for
from tests.e2e.test_tmux import ALERTTUI, screen, tmux, wait_screen

pytestmark = pytest.mark.e2e


def silences_with(url: str, test_id: str) -> list[dict]:  # type: ignore[type-arg]
    return [s for s in http_json("GET", f"{url}/api/v2/silences")
            if s["status"]["state"] == "active"
            and any(m["name"] == "test_id" and m["value"] == test_id for m in s["matchers"])]


def test_silence_and_ack_from_the_ui(stack, test_id, write_config, session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("E2EQueueStuck", test_id, "critical", annotations={"summary": "queue stuck"}),
                      make_alert("E2ESlowDisk", test_id, "warning", annotations={"summary": "slow disk"})])
    audit = tmp_path / "audit.jsonl"
    text = stack_config(stack, [{"id": "e2e", "test_id": test_id, "name": "E2E Tenant"}])
    text = text.replace('operator = "tester"', f'operator = "e2e-oncall"\n\n[audit]\npath = "{audit}"\n', 1)
    config = write_config(text)
    env = f"env -u NO_COLOR XDG_STATE_HOME={tmp_path / 'state'}"
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", session, f"{env} {ALERTTUI} --config {config}")
    wait_screen(session, "E2ESlowDisk")
    # The cursor starts on the first row: the critical one. Silence it with a comment.
    tmux("send-keys", "-t", session, "s")
    wait_screen(session, "why, and the ticket")
    tmux("send-keys", "-t", session, "-l", "e2e: INC-42 queue drained by hand")
    wait_screen(session, "INC-42")
    tmux("send-keys", "-t", session, "C-s")
    # Found through the API, on both replicas (the cluster gossips it).
    for url in (am0, am1):
        found = wait_for(lambda u=url: silences_with(u, test_id), timeout=15)
        assert len(found) == 1
        sil = found[0]
        assert sil["comment"] == "e2e: INC-42 queue drained by hand"
        assert sil["createdBy"] == "e2e-oncall"
        names = {(m["name"], m["value"]) for m in sil["matchers"]}
        assert ("alertname", "E2EQueueStuck") in names and ("test_id", test_id) in names
    wait_screen(session, "silenced")
    # Acknowledge the other alert with one key: an ACK! silence on its exact labels.
    tmux("send-keys", "-t", session, "down")
    time.sleep(0.3)
    before = screen(session)
    assert "E2ESlowDisk" in before
    tmux("send-keys", "-t", session, "a")
    acks = wait_for(lambda: [s for s in silences_with(am1, test_id) if s["comment"].startswith("ACK! ")], timeout=15)
    assert acks[0]["comment"] == "ACK! e2e-oncall via alerttui"
    assert {"name": "alertname", "value": "E2ESlowDisk", "isRegex": False, "isEqual": True} in acks[0]["matchers"]
    wait_screen(session, "✔ ack e2e")  # 80 columns: the name is cut, the details show it
    tmux("send-keys", "-t", session, "q")
    # The audit record is appended when the write returns; don't race it.
    lines = wait_for(lambda: len(audit.read_text().splitlines()) >= 2 and audit.read_text().splitlines())
    records = [json.loads(line) for line in lines]
    assert [r["action"] for r in records] == ["silence", "ack"]
    assert all(r["result"] == "ok" and r["operator"] == "e2e-oncall" and r["tenant"] == "e2e" for r in records)
    assert records[0]["silence_id"] == sil["id"]
