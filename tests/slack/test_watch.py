"""``alerttui watch``, the real command in a subprocess, against the real Prometheus +
Alertmanager pair and the local Slack server: what must happen while nobody looks at a
screen happens (a thread follows its alert to resolution), one watch per state directory,
and SIGTERM in the middle of draining the outbox loses nothing and sends nothing twice."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alerttui.cli import main
from alerttui.config import load_settings
from alerttui.demo.fake_slack import FakeSlack
from alerttui.engine import build_engine
from tests.conftest import make_alert, post_alerts, wait_for
from tests.ui.factory import alert as domain_alert
from tests.watchproc import TOKEN, Watch
from tests.watchproc import watch_config as config

pytestmark = pytest.mark.stack


def test_watch_follows_a_thread_to_resolution_with_no_dashboard(stack, test_id, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)
    am0, am1 = stack.alertmanager_urls
    starts = datetime.now(UTC) - timedelta(minutes=2)
    firing = make_alert("WatchedDisk", test_id, "critical")
    firing["startsAt"] = starts.isoformat()
    post_alerts(am0, [firing])
    with FakeSlack() as slack:
        cfg = config(tmp_path, slack, [am0, am1], test_id)
        fp = wait_for(lambda: next((a["fingerprint"] for a in json.loads(_alerts_json(cfg))), None))
        assert main(["forward", fp, "--config", str(cfg)]) == 0  # the CLI forwards; no dashboard runs
        [root] = slack.calls("chat.postMessage")
        watch = Watch(cfg, tmp_path / "watch.log")
        try:
            watch.wait_event("started")
            watch.wait_event("duties")  # it has them: nobody else runs
            watch.wait_event("firing", fingerprint=fp)
            resolved = {**firing, "endsAt": datetime.now(UTC).isoformat()}
            post_alerts(am0, [resolved])  # the alert ends: Alertmanager drops it
            watch.wait_event("resolved", fingerprint=fp)
            reply = wait_for(lambda: next((c for c in slack.calls("chat.postMessage")
                                           if c.body.get("thread_ts")), None), timeout=15)
            assert "resolved" in json.dumps(reply.body).lower()
            root_ts = next(ts for (_ch, ts), m in slack.messages.items() if not m.get("thread_ts"))
            assert reply.body["thread_ts"] == root_ts and root.body["channel"] == "#ops"
            update = wait_for(lambda: next(iter(slack.calls("chat.update")), None), timeout=15)
            assert "RESOLVED" in json.dumps(update.body)
            watch.wait_event("slack-sent", kind="reply")
            code, took = watch.stop()
            assert code == 0 and took < 5, watch.log.read_text()
            kinds = [e["event"] for e in watch.events()]
            assert kinds[-2:] == ["stopping", "stopped"]
        finally:
            watch.kill()
    thread_records = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert ("thread-resolved", fp) in {(r["action"], r["target"]) for r in thread_records}


def _alerts_json(cfg: Path) -> str:
    proc = subprocess.run([sys.executable, "-m", "alerttui", "alerts", "--config", str(cfg), "--format", "json"],
                          capture_output=True, text=True, timeout=30)
    return proc.stdout or "[]"


def test_a_second_watch_on_the_same_state_directory_refuses(stack, test_id, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)
    with FakeSlack() as slack:
        cfg = config(tmp_path, slack, list(stack.alertmanager_urls), test_id)
        first = Watch(cfg, tmp_path / "first.log")
        second = None
        try:
            first.wait_event("started")
            second = Watch(cfg, tmp_path / "second.log")
            assert second.proc.wait(timeout=10) == 1
            [refusal] = second.events()
            assert refusal["event"] == "error"
            assert "another alerttui watch runs on" in refusal["message"]
            assert f"watch pid {first.proc.pid}" in refusal["message"]
            assert first.proc.poll() is None  # the first one is untouched
            assert first.stop()[0] == 0
            third = Watch(cfg, tmp_path / "third.log")  # once it is gone, a new one starts
            third.wait_event("started")
            assert third.stop()[0] == 0
        finally:
            first.kill()
            if second is not None:
                second.kill()


def test_sigterm_mid_drain_loses_nothing_and_sends_nothing_twice(stack, test_id, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """40 messages queued, Slack answering in 0.25 s each: SIGTERM after a few are sent. The
    watch exits 0 within 5 s; every item is either sent (and Slack has it once) or pending
    (and Slack never saw it); a second watch then sends exactly the rest."""
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)
    with FakeSlack(delay=0.25) as slack:
        cfg = config(tmp_path, slack, list(stack.alertmanager_urls), test_id)
        settings = load_settings(cfg)
        engine = build_engine(settings)
        assert engine.forwarder is not None
        alerts = [domain_alert(f"Queued{i:02d}", tenant="acme", instance=f"host-{i}") for i in range(40)]
        for a in alerts:
            engine.forwarder.forward(a)  # queued in the outbox, not sent
        engine.outbox.close()  # type: ignore[union-attr]
        watch = Watch(cfg, tmp_path / "watch.log")
        try:
            wait_for(lambda: len(slack.calls("chat.postMessage")) >= 4, timeout=20)
            code, took = watch.stop()
            assert code == 0 and took < 5, watch.log.read_text()
        finally:
            watch.kill()
        time.sleep(0.5)  # any request still in Slack's hands lands
        names = {a.fingerprint: a.alertname for a in alerts}
        status = {names[fp]: st for fp, st in _statuses(tmp_path / "state" / "outbox.sqlite3").items()}
        posted = _posted_names(slack)
        sent = {name for name, st in status.items() if st == "sent"}
        assert 4 <= len(sent) < 40  # really stopped in the middle
        assert sent == set(posted) and len(posted) == len(set(posted))  # sent <=> Slack has it, once
        assert {st for name, st in status.items() if name not in sent} == {"pending"}

        again = Watch(cfg, tmp_path / "again.log")
        try:
            wait_for(lambda: len(slack.calls("chat.postMessage")) >= 40, timeout=40)
            time.sleep(0.5)
            assert again.stop()[0] == 0
        finally:
            again.kill()
        assert sorted(_posted_names(slack)) == sorted(names.values())  # each exactly once
        assert set(_statuses(tmp_path / "state" / "outbox.sqlite3").values()) == {"sent"}


def _statuses(path: Path) -> dict[str, str]:
    db = sqlite3.connect(path)
    try:
        return dict(db.execute("SELECT fingerprint, status FROM outbox WHERE kind = 'post'").fetchall())
    finally:
        db.close()


def _posted_names(slack: FakeSlack) -> list[str]:
    """The alert name of every root message Slack stored (one per chat.postMessage that it took)."""
    return [m.group(0) for message in list(slack.messages.values())
            if (m := re.search(r"Queued\d\d", str(message.get("text", ""))))]
