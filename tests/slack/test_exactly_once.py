"""A forward goes to Slack once, even when its send is cut short.

The outbox is durable: a message is stored before it is sent and marked sent once Slack took
it. Between the two, a sender can be killed (kill -9, a crash, a reboot) or get no answer in
time while Slack did post it; sending again then posted it twice (R3 measured 23 of 121 such
messages twice). Now each message carries its outbox key in Slack's message metadata, a send
whose outcome is unknown leaves the item "in doubt", and the next sender looks for it in the
channel (or thread) before sending it again. A killed sender's claim is taken over at once on
the same host, not when its 60 s lease ends."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from alerttui.clients.slack import METADATA_EVENT, SlackClient
from alerttui.config import load_settings
from alerttui.demo.fake_slack import FakeSlack
from alerttui.forwarding.outbox import Outbox
from alerttui.forwarding.service import Forwarder
from alerttui.operations import AuditLog, Operations
from tests.ui.factory import alert

from .conftest import TOKEN, forwarder, slack_settings


def posts(slack: FakeSlack) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in slack.messages.values()]


def _metadata_key(message: dict) -> str:  # type: ignore[type-arg]
    meta = message.get("metadata") or {}
    assert meta.get("event_type") == METADATA_EVENT
    return str(meta["event_payload"]["key"])


async def _until(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


async def test_a_post_that_got_no_answer_is_found_in_slack_not_sent_again(fake_slack, monkeypatch,  # type: ignore[no-untyped-def]
                                                                         tmp_path) -> None:
    settings = slack_settings(fake_slack, monkeypatch)
    fw = Forwarder(settings, Outbox(tmp_path / "outbox.sqlite3"),
                   Operations(settings, {}, AuditLog(tmp_path / "audit.jsonl")),
                   client=SlackClient(settings.slack.token, fake_slack.base_url, timeout=1))  # type: ignore[union-attr]
    fw.forward(alert("SlowSlack", severity="critical"))
    fake_slack.delay = 2.0  # Slack posts it, but only after the client gave up
    await fw.worker.drain_once()
    [item] = fw.outbox.pending()
    assert item.attempts == 1 and "Slack unreachable" in (item.last_error or "")
    await _until(lambda: len(fake_slack.messages) == 1)  # it did reach Slack
    fake_slack.delay = 0.0
    fw.worker.clock = lambda: time.time() + 600  # past the retry's backoff
    await fw.worker.drain_once()
    assert fw.outbox.pending() == []
    [message] = posts(fake_slack)
    assert len(fake_slack.calls("chat.postMessage")) == 1, "posted twice"
    assert len(fake_slack.calls("conversations.history")) == 1
    # The thread follows the message that is in Slack: replies and updates go under it.
    [thread] = fw.outbox.threads()
    assert thread.ts == message["ts"] and _metadata_key(message) == f"{fw.outbox.uid}:{item.id}"


async def test_in_doubt_but_not_in_slack_is_sent_once(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fw = forwarder(slack_settings(fake_slack, monkeypatch), tmp_path)
    fw.forward(alert("Flaky", severity="critical"))
    fake_slack.fail_next = 1  # a 500: Slack may or may not have posted it (here: not)
    await fw.worker.drain_once()
    assert fw.outbox.pending()[0].attempts == 1
    fw.worker.clock = lambda: time.time() + 600
    await fw.worker.drain_once()
    assert fw.outbox.pending() == [] and len(posts(fake_slack)) == 1
    assert len(fake_slack.calls("conversations.history")) == 1
    # A send that Slack answered (sent, or refused) is not in doubt: nothing is looked up for it.
    fw.forward(alert("Other", severity="critical"))
    await fw.worker.drain_once()
    assert len(fake_slack.calls("conversations.history")) == 1 and len(posts(fake_slack)) == 2


async def test_a_reply_in_doubt_is_looked_for_in_its_thread(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = slack_settings(fake_slack, monkeypatch)
    fw = Forwarder(settings, Outbox(tmp_path / "outbox.sqlite3"),
                   Operations(settings, {}, AuditLog(tmp_path / "audit.jsonl")),
                   client=SlackClient(settings.slack.token, fake_slack.base_url, timeout=1))  # type: ignore[union-attr]
    a = alert("Threaded", severity="critical")
    fw.forward(a)
    await fw.worker.drain_once()
    [thread] = fw.outbox.threads()
    fw.notice(a.tenant, a.fingerprint, "a note in the thread", action="note")
    fake_slack.delay = 2.0
    await fw.worker.drain_once()  # no answer in time
    await _until(lambda: len(fake_slack.messages) == 2)
    fake_slack.delay = 0.0
    fw.worker.clock = lambda: time.time() + 600
    await fw.worker.drain_once()
    assert fw.outbox.pending() == []
    replies = [m for m in posts(fake_slack) if m.get("thread_ts") == thread.ts]
    assert len(replies) == 1, "the reply went twice"
    assert len(fake_slack.calls("conversations.replies")) == 1


def _in_doubt(path: Path) -> bool:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        row = db.execute("SELECT COUNT(*) FROM outbox WHERE in_doubt_since IS NOT NULL").fetchone()
    return bool(row[0])


def test_kill_minus_9_mid_send_then_restart_sends_once_without_waiting_for_the_lease(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        outbox = tmp_path / "outbox.sqlite3"
        cfg = tmp_path / "config.toml"
        cfg.write_text(f'[ui]\noperator = "kill9"\n[audit]\npath = "{tmp_path / "audit.jsonl"}"\n'
                       f'[slack]\ntoken_env = "SLACK_TOKEN"\nbase_url = "{slack.base_url}"\noutbox = "{outbox}"\n'
                       '[[slack.routes]]\nchannel = "#ops"\nmention = "none"\n'
                       '[[tenants]]\nid = "acme"\n[tenants.alertmanager]\nurls = ["http://127.0.0.1:1"]\n')
        env = {**os.environ, "SLACK_TOKEN": TOKEN}
        os.environ["SLACK_TOKEN"] = TOKEN
        try:
            settings = load_settings(cfg)
        finally:
            del os.environ["SLACK_TOKEN"]
        box = Outbox(outbox)
        Forwarder(settings, box, Operations(settings, {}, AuditLog(tmp_path / "audit.jsonl"))).forward(
            alert("KilledMidSend", severity="critical"), note="once")
        box.close()
        slack.delay = 2.0  # the request is in Slack's hands when the sender dies
        cmd = [sys.executable, "-m", "alerttui", "outbox", "--send", "--config", str(cfg)]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while not _in_doubt(outbox):
                assert proc.poll() is None and time.monotonic() < deadline, "the sender never started its send"
                time.sleep(0.02)
            time.sleep(0.3)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(10)
        deadline = time.monotonic() + 10
        while not slack.messages:  # Slack finishes the post the dead sender asked for
            assert time.monotonic() < deadline
            time.sleep(0.05)
        slack.delay = 0.0
        start = time.monotonic()
        again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        took = time.monotonic() - start
        assert again.returncode == 0, again.stderr
        assert "the outbox is empty" in again.stdout
        assert len(slack.calls("chat.postMessage")) == 1 and len(slack.messages) == 1, "sent twice"
        assert took < 20, f"waited {took:.1f} s: the dead sender's lease was waited out"


async def test_a_look_up_that_slack_rate_limits_keeps_the_message_in_doubt(fake_slack, monkeypatch,  # type: ignore[no-untyped-def]
                                                                           tmp_path) -> None:
    fw = forwarder(slack_settings(fake_slack, monkeypatch), tmp_path)
    fw.forward(alert("Busy", severity="critical"))
    fake_slack.fail_next = 1  # in doubt (a 500)
    await fw.worker.drain_once()
    fw.worker.clock = lambda: time.time() + 600
    fake_slack.rate_limit_next = 1  # the look-up gets a 429: no post, and still in doubt
    await fw.worker.drain_once()
    assert len(fw.outbox.pending()) == 1 and posts(fake_slack) == []
    ts = f"{time.time():.6f}"
    fake_slack.messages[("#acme-crit", ts)] = {  # meanwhile, the 500 had posted it after all
        "channel": "#acme-crit", "ts": ts, "text": "posted",
        "metadata": {"event_type": METADATA_EVENT, "event_payload": {"key": f"{fw.outbox.uid}:1"}}}
    fw.worker.clock = lambda: time.time() + 1200
    await fw.worker.drain_once()
    assert fw.outbox.pending() == [] and len(fake_slack.calls("chat.postMessage")) == 1  # the 500 only
    assert len(fake_slack.calls("conversations.history")) == 2
