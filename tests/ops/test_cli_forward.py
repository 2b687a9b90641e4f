"""``alerttui forward`` and ``alerttui outbox`` with the real Alertmanager pair and a local
Slack Web API (FakeSlack): sent at once when Slack answers; kept pending (exit 1) when it
does not, listed by ``outbox``, and sent by the next forward or ``outbox --send``."""

from __future__ import annotations

import time

import pytest

from alerttui.demo.fake_slack import FakeSlack
from tests.conftest import make_alert, post_alerts, wait_for

from .conftest import alerts_on, audit_records, config_text, tenant_block

TOKEN = "xoxb-cli-test-token"


def slack_block(slack: FakeSlack, tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"""
[slack]
token_env = "SLACK_TOKEN"
base_url = "{slack.base_url}"
rate = 50
burst = 50
outbox = "{tmp_path / 'outbox.sqlite3'}"
[[slack.routes]]
name = "ops"
channel = "#ops"
mention = "none"
"""


@pytest.fixture
def slack_env(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)


def test_forward_sends_then_outage_keeps_it_pending(stack, test_id, write_config, cli, tmp_path, audit_path,
                                                    slack_env) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("First", test_id), make_alert("Second", test_id), make_alert("Third", test_id)])
    fps = {a["labels"]["alertname"]: a["fingerprint"] for a in alerts_on(am0, test_id)}
    slack = FakeSlack().start()
    port = slack.port
    try:
        cfg = write_config(config_text([tenant_block("ops", test_id, [am0, am1])], audit=audit_path,
                                       extra=slack_block(slack, tmp_path)))
        run = cli(cfg, "forward", fps["First"], "--note", "looking <!channel>")
        assert run.code == 0, run.err
        assert run.out.strip() == "First sent to #ops"
        [post] = slack.calls("chat.postMessage")
        assert post.body["channel"] == "#ops" and post.headers["Authorization"] == f"Bearer {TOKEN}"
        assert "looking &lt;!channel&gt;" in str(post.body)  # the note is escaped for Slack
        assert cli(cfg, "outbox").out.strip() == "the outbox is empty: every Slack message has been sent"
        again = cli(cfg, "forward", fps["First"])
        assert again.code == 2 and "First already went to #ops" in again.err and "--again" in again.err

        slack.stop()  # Slack is down: connection refused
        down = cli(cfg, "forward", fps["Second"], "--format", "json")
        assert down.code == 1
        assert "kept pending in the outbox" in down.err
        assert down.json()["status"] == "pending" and down.json()["error"]
        listed = cli(cfg, "outbox", "--format", "json")
        assert listed.code == 0
        [item] = listed.json()
        assert (item["fingerprint"], item["status"], item["channel"], item["kind"], item["attempts"]) == (
            fps["Second"], "pending", "#ops", "post", 1)
        assert item["lastError"] and item["ageSeconds"] >= 0
        table = cli(cfg, "outbox")
        header, row, total = table.out.splitlines()
        assert header.split()[:6] == ["ID", "TENANT", "FINGERPRINT", "CHANNEL", "KIND", "STATUS"]
        assert fps["Second"][:16] in row and "pending" in row and "message" in row
        assert total == "1 message not sent yet (1 pending, 0 failed)"

        slack = FakeSlack(port=port).start()  # back, on the same address
        # The next forward also sends the pending one, once its retry is due.
        wait_for(lambda: cli(cfg, "outbox", "--format", "json").json()[0]["nextTryInSeconds"] == 0, timeout=5)
        third = cli(cfg, "forward", fps["Third"])
        assert third.code == 0, third.err
        sent = [c.body["text"] for c in slack.calls("chat.postMessage")]
        assert len(sent) == 2, (sent, cli(cfg, "outbox", "--format", "json").out)
        assert any("Second" in t for t in sent) and any("Third" in t for t in sent)
        assert cli(cfg, "outbox", "--format", "json").json() == []
        forwards = [r for r in audit_records(audit_path) if r["action"] == "forward"]
        assert [r["target"] for r in forwards] == [fps["First"], fps["Second"], fps["Third"]]
        assert {r["result"] for r in forwards} == {"queued"}
    finally:
        slack.stop()


def test_outbox_send_skips_the_backoff(stack, test_id, write_config, cli, tmp_path, slack_env) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("Later", test_id)])
    [alert] = alerts_on(am0, test_id)
    slack = FakeSlack().start()
    port = slack.port
    slack.stop()
    try:
        cfg = write_config(config_text([tenant_block("ops", test_id, [am0, am1])],
                                       extra=slack_block(slack, tmp_path)))
        assert cli(cfg, "forward", alert["fingerprint"]).code == 1
        failing = cli(cfg, "outbox", "--send")
        assert failing.code == 1 and "1 message not sent yet" in failing.out  # still down
        slack = FakeSlack(port=port).start()
        start = time.monotonic()
        run = cli(cfg, "outbox", "--send")
        assert run.code == 0, run.out + run.err
        assert time.monotonic() - start < 5  # not waiting for its next retry
        assert "the outbox is empty" in run.out
        assert len(slack.calls("chat.postMessage")) == 1
    finally:
        slack.stop()


def test_forward_needs_slack_and_a_known_alert(stack, test_id, write_config, cli) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    cfg = write_config(config_text([tenant_block("ops", test_id, [am0, am1])]))
    run = cli(cfg, "forward", "0123456789abcdef")
    assert run.code == 2 and run.err.strip() == "alerttui: Slack is not configured ([slack] in the config)"
    viewer = write_config(config_text([tenant_block("ops", test_id, [am0, am1], role="viewer")]), name="v.toml")
    refused = cli(viewer, "forward", "0123456789abcdef")
    assert refused.code == 3 and refused.err.strip() == "alerttui: viewer role for tenant ops cannot forward"


def test_cli_ack_follows_the_alert_into_its_slack_thread(stack, test_id, write_config, cli, tmp_path,
                                                         slack_env) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("Threaded", test_id, "critical")])
    [alert] = alerts_on(am0, test_id)
    with FakeSlack() as slack:
        cfg = write_config(config_text([tenant_block("ops", test_id, [am0, am1])],
                                       extra=slack_block(slack, tmp_path)))
        assert cli(cfg, "forward", alert["fingerprint"]).code == 0
        [root] = slack.calls("chat.postMessage")
        assert cli(cfg, "ack", alert["fingerprint"]).code == 0
        replies = [c for c in slack.calls("chat.postMessage") if c.body.get("thread_ts")]
        assert len(replies) == 1 and "tester" in replies[0].body["text"]
        [update] = slack.calls("chat.update")
        assert update.body["ts"] == replies[0].body["thread_ts"]
        assert root.body["channel"] == "#ops"


def test_forward_and_outbox_send_wait_out_a_short_retry_after(stack, test_id, write_config, cli, tmp_path,
                                                              slack_env) -> None:  # type: ignore[no-untyped-def]
    """Slack says 429 + Retry-After: 2: the command waits 2 s (saying so on stderr) and sends,
    instead of giving up at once with the message pending. Retry-After: 60 is longer than a
    command waits (30 s): it stays pending, exit 1, at once."""
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("Limited", test_id), make_alert("Queued", test_id)])
    fps = {a["labels"]["alertname"]: a["fingerprint"] for a in alerts_on(am0, test_id)}
    slack = FakeSlack(rate_limit_next=1, retry_after=2).start()
    try:
        cfg = write_config(config_text([tenant_block("ops", test_id, [am0, am1])],
                                       extra=slack_block(slack, tmp_path)))
        start = time.monotonic()
        run = cli(cfg, "forward", fps["Limited"])
        took = time.monotonic() - start
        assert run.code == 0, run.err
        assert run.out.strip() == "Limited sent to #ops"
        assert "Slack asked to wait 2 s (rate limit): waiting, then sending" in run.err
        assert 1.9 <= took < 10
        posts = slack.calls("chat.postMessage")
        assert len(posts) == 2 and posts[1].at - posts[0].at >= 1.9  # the 429, then after Retry-After

        slack.rate_limit_next, slack.retry_after = 1, 60
        start = time.monotonic()
        long_wait = cli(cfg, "forward", fps["Queued"])
        assert long_wait.code == 1 and time.monotonic() - start < 5
        assert "kept pending in the outbox" in long_wait.err and "retry after 60" in long_wait.err
        assert "waiting, then sending" not in long_wait.err
        [item] = cli(cfg, "outbox", "--format", "json").json()
        assert item["status"] == "pending" and item["fingerprint"] == fps["Queued"]

        slack.rate_limit_next, slack.retry_after = 1, 2
        send = cli(cfg, "outbox", "--send")
        assert send.code == 0, send.out + send.err
        assert "Slack asked to wait 2 s" in send.err and "the outbox is empty" in send.out
        assert [p.body["text"] for p in slack.calls("chat.postMessage")][-1].count("Queued") >= 1
    finally:
        slack.stop()
