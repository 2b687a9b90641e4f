"""Forwarding to Slack: routing, content, escaping, limits, threads, rate limits, outbox."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta

import pytest

from alerttui.demo.fake_slack import FakeSlack
from alerttui.domain import Matcher
from alerttui.forwarding.render import MAX_BLOCKS, MAX_SECTION, alert_message
from alerttui.forwarding.routes import mention_for, route_for
from alerttui.forwarding.worker import TokenBucket
from tests.ui.factory import NOW, alert, snapshot

from .conftest import TOKEN, WEBHOOK_SECRET_PATH, forwarder, slack_settings

INJECTIONS = "<!channel> <!here> <@U123> <https://evil.example|click me> & <#C999>"


def all_text(body: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(body, ensure_ascii=False)


async def drain(fw, rounds: int = 20) -> None:  # type: ignore[no-untyped-def]
    for _ in range(rounds):
        await fw.worker.drain_once()
        if not fw.outbox.due():
            return


# -- routing -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("tenant", "severity", "labels", "expected"), [
    ("acme", "critical", {}, "acme-critical"),             # tenant + severity
    ("acme", "critical", {"team": "db"}, "acme-critical"),  # first match wins
    ("acme", "warning", {"team": "db"}, "acme-db"),        # label matcher
    ("acme", "warning", {"team": "web"}, "default"),       # falls through to the default
    ("globex", "critical", {}, "globex-hook"),             # a webhook route
    ("initech", "info", {}, "default"),
])
def test_routing_table(fake_slack, monkeypatch, tenant, severity, labels, expected) -> None:  # type: ignore[no-untyped-def]
    settings = slack_settings(fake_slack, monkeypatch)
    assert settings.slack is not None
    route = route_for(settings.slack, alert("X", tenant=tenant, severity=severity, **labels))
    assert route is not None and route.name == expected


def test_no_route_and_mentions(fake_slack, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings = slack_settings(fake_slack, monkeypatch, routes=[{"tenants": ["acme"], "channel": "#a"}])
    assert settings.slack is not None
    assert route_for(settings.slack, alert("X", tenant="globex")) is None
    route = settings.slack.routes[0]
    assert mention_for(route, alert("X", severity="critical")) == "<!here>"  # @here only for critical
    assert mention_for(route, alert("X", severity="warning")) is None


# -- content -------------------------------------------------------------------------------------

async def test_forward_in_french_with_escaping(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = slack_settings(fake_slack, monkeypatch)
    fw = forwarder(settings, tmp_path)
    a = alert("DiskFull", severity="critical", summary=INJECTIONS, instance="db-1",
              description="desc " + INJECTIONS)
    plan = fw.forward(a, note="regarde " + INJECTIONS)
    assert plan.target == "#acme-crit"
    await drain(fw)
    [call] = fake_slack.calls("chat.postMessage")
    body = call.body
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"
    assert body["channel"] == "#acme-crit"
    assert body["text"].startswith("<!here> ")  # our mention, critical only
    text = all_text(body)
    # Every injection arrives as plain text: no raw '<' from the alert or the note survives.
    for raw in ("<!channel>", "<@U123>", "<https://evil.example|click me>", "<#C999>"):
        assert raw not in text
    assert "&lt;!channel&gt;" in text and "&lt;@U123&gt;" in text and "&amp;" in text
    assert "db-1" in text and "regarde" in text
    # The tenant's language and time zone (fr, Europe/Paris): "24 nov. 2026, 03:50:00 CET".
    assert "nov. 2026" in text and "CET" in text
    # In French, not the English words nor the table header cut to 8 cells ("Locat.").
    assert "*Locataire*" in text and "*Gravité*" in text and "Locat.*" not in text
    # Links only from http(s) URLs, with their own syntax intact.
    assert "<https://runbooks.example.com/DiskFull|" in text


def test_block_kit_limits_never_fail() -> None:
    from zoneinfo import ZoneInfo

    huge = alert("Huge", summary="S" * 10_000, description="D" * 50_000,
                 **{f"l{i}": "v" * 3000 for i in range(60)}, instance="x" * 5000)
    msg = alert_message(huge, tenant_name="T" * 500, language="en", tz=ZoneInfo("UTC"), operator="o",
                        note="N" * 10_000)
    blocks = msg.attachments[0]["blocks"]
    assert len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if "text" in block:
            assert len(block["text"]["text"]) <= MAX_SECTION
        for field in block.get("fields", []) + block.get("elements", []):
            assert len(field["text"]) <= 2000
    assert any(b.get("text", {}).get("text", "").endswith("…") for b in blocks)
    assert len(msg.text) <= 4000


def test_escaping_never_cuts_an_entity_in_half() -> None:
    from alerttui.forwarding.render import esc

    out = esc("<" * 100, 50)
    assert out.endswith("…") and "&l…" not in out and "&lt…" not in out


async def test_webhook_route_sends_the_same_content(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = slack_settings(fake_slack, monkeypatch)
    fw = forwarder(settings, tmp_path)
    plan = fw.forward(alert("OrdersLow", tenant="globex", severity="info", summary=INJECTIONS))
    assert plan.webhook_only and plan.target == "globex-hook"
    await drain(fw)
    [call] = [r for r in fake_slack.requests if r.path.startswith("/services/")]
    assert call.path == f"/services/{WEBHOOK_SECRET_PATH}"
    text = all_text(call.body)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "Globex" in text
    # The webhook URL is a secret: never in the outbox file nor the audit log.
    assert WEBHOOK_SECRET_PATH.encode() not in (tmp_path / "outbox.sqlite3").read_bytes()
    assert WEBHOOK_SECRET_PATH not in (tmp_path / "audit.jsonl").read_text()
    assert TOKEN not in (tmp_path / "audit.jsonl").read_text()


# -- threads -------------------------------------------------------------------------------------

async def test_thread_follows_ack_expiry_and_resolution(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = slack_settings(fake_slack, monkeypatch)
    fw = forwarder(settings, tmp_path)
    a = alert("DiskFull", severity="critical", instance="db-1")
    fw.forward(a)
    await drain(fw)
    assert len(fake_slack.calls("chat.postMessage")) == 1
    root_ts = root_ts_of(fake_slack)
    matchers = [Matcher.equal(k, v) for k, v in a.labels.items()]
    assert fw.silenced("acme", matchers, ack=True, who="bob", until=NOW + timedelta(minutes=15), comment="ACK!") == 1
    await drain(fw)
    reply = fake_slack.calls("chat.postMessage")[-1].body
    assert reply["thread_ts"] == root_ts
    assert reply["text"].startswith("Acquitté par bob") or "bob" in reply["text"]
    update = fake_slack.calls("chat.update")[-1].body
    assert update["ts"] == root_ts
    assert update["attachments"][0]["color"] == "#ecb22e"  # acknowledged
    assert fw.expired("acme", matchers, who="bob") == 1
    await drain(fw)
    # Resolution: the alert left Alertmanager in a successful poll.
    gone = snapshot("acme", [], "ACME Corp")
    assert fw.track(gone) == 1
    await drain(fw)
    final = fake_slack.calls("chat.update")[-1].body
    assert final["attachments"][0]["color"] == "#2eb67d"  # green
    assert fw.track(gone) == 0  # only once
    replies = [c.body for c in fake_slack.calls("chat.postMessage") if c.body.get("thread_ts") == root_ts]
    assert len(replies) == 3  # ack, expiry, resolution


def root_ts_of(slack: FakeSlack) -> str:
    return next(ts for (_ch, ts), m in slack.messages.items() if "thread_ts" not in m or not m.get("thread_ts"))


async def test_stale_poll_never_resolves(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fw = forwarder(slack_settings(fake_slack, monkeypatch), tmp_path)
    fw.forward(alert("DiskFull", severity="critical"))
    await drain(fw)
    assert fw.track(snapshot("acme", [], stale=True)) == 0


async def test_screenshot_goes_into_the_thread(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fw = forwarder(slack_settings(fake_slack, monkeypatch, screenshot=True), tmp_path)
    fw.forward(alert("DiskFull", severity="critical"), screenshot="<svg>dashboard</svg>")
    await drain(fw)
    assert fake_slack.calls("files.getUploadURLExternal")
    complete = fake_slack.calls("files.completeUploadExternal")[-1].body
    assert complete.get("thread_ts") == root_ts_of(fake_slack)
    assert b"<svg>dashboard</svg>" in b"".join(fake_slack.uploads.values())


# -- rate limits and failures --------------------------------------------------------------------

def test_token_bucket_allows_a_burst_then_one_per_second() -> None:
    bucket = TokenBucket(rate=1.0, burst=3)
    assert [bucket.wait(100.0) for _ in range(3)] == [0, 0, 0]
    assert bucket.wait(100.0) == pytest.approx(1.0)
    assert bucket.wait(101.0) == 0


async def test_429_retry_after_is_honoured(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fw = forwarder(slack_settings(fake_slack, monkeypatch), tmp_path)
    fake_slack.rate_limit_next, fake_slack.retry_after = 1, 2
    fw.forward(alert("DiskFull", severity="critical"))
    t0 = time.time()
    await fw.worker.drain_once()
    [item] = fw.outbox.pending()
    assert item.status == "pending" and "rate limit" in (item.last_error or "")
    assert item.next_at >= t0 + 2  # waits Retry-After, not less
    await fw.worker.drain_once()
    assert len(fake_slack.calls("chat.postMessage")) == 1  # not retried early
    fw.worker.clock = lambda: time.time() + 2.5
    await fw.worker.drain_once()
    assert len(fake_slack.calls("chat.postMessage")) == 2 and not fw.outbox.pending()


async def test_outage_then_recovery_sends_each_once(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    slack = FakeSlack().start()
    port = slack.port
    settings = slack_settings(slack, monkeypatch)
    slack.stop()  # Slack is down
    fw = forwarder(settings, tmp_path)
    for name in ("A", "B", "C"):
        fw.forward(alert(name, severity="critical"))
    await fw.worker.drain_once()
    pending = fw.outbox.pending()
    assert len(pending) == 3 and all("unreachable" in (p.last_error or "") for p in pending)
    back = FakeSlack(port=port).start()  # Slack is back on the same address
    try:
        fw.worker.clock = lambda: time.time() + 600
        for _ in range(5):
            await fw.worker.drain_once()
        texts = sorted(c.body["text"].split(" ")[1] for c in back.calls("chat.postMessage"))
        assert texts == ["A", "B", "C"]
        assert not fw.outbox.pending()
    finally:
        back.stop()


async def test_permanent_error_is_parked_as_failed(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = slack_settings(fake_slack, monkeypatch, routes=[{"channel": "#x"}])
    fw = forwarder(settings, tmp_path)
    fw.forward(alert("A"))
    fw.outbox._db.execute("UPDATE outbox SET channel = ''")  # Slack answers channel_not_found
    await fw.worker.drain_once()
    [item] = fw.outbox.pending()
    assert item.status == "failed" and "channel_not_found" in (item.last_error or "")
    assert fw.outbox.retry_failed() == 1


KILLER = """
import os, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from alerttui.config import parse_settings
from tests.slack.conftest import forwarder
from tests.ui.factory import alert
os.environ["SLACK_TOKEN"] = "x"
settings = parse_settings({settings!r}, Path("k.toml"))
fw = forwarder(settings, Path({tmp!r}))
fw.forward(alert("KilledBeforeSend", severity="critical"))
os._exit(9)  # killed between enqueue and send
"""


async def test_kill_between_enqueue_and_send_loses_nothing_and_sends_once(fake_slack, monkeypatch,  # type: ignore[no-untyped-def]
                                                                         tmp_path) -> None:
    import os
    from pathlib import Path

    settings = slack_settings(fake_slack, monkeypatch)
    raw = {"ui": {"operator": "alice"}, "slack": {"token_env": "SLACK_TOKEN", "base_url": fake_slack.base_url,
                                                  "routes": [{"channel": "#alerts"}]},
           "tenants": [{"id": "acme", "alertmanager": {"urls": ["http://127.0.0.1:1"]}}]}
    root = str(Path(__file__).resolve().parents[2])
    code = KILLER.format(root=root, settings=raw, tmp=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": root})
    assert proc.returncode == 9, proc.stderr
    assert fake_slack.calls("chat.postMessage") == []
    # Restart: a new process (here a new Forwarder on the same files) sends it, once.
    fw = forwarder(settings, tmp_path)
    await drain(fw)
    assert [c.body["channel"] for c in fake_slack.calls("chat.postMessage")] == ["#alerts"]
    fw2 = forwarder(settings, tmp_path)  # and another restart sends nothing again
    await drain(fw2)
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_dedup_window(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fw = forwarder(slack_settings(fake_slack, monkeypatch), tmp_path)
    a = alert("DiskFull", severity="critical")
    assert not fw.recently_forwarded(fw.plan(a))
    fw.forward(a)
    assert fw.recently_forwarded(fw.plan(a))
    other = replace(a, fingerprint="other")
    assert not fw.recently_forwarded(fw.plan(other))


async def test_two_senders_on_one_outbox_send_each_once(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The dashboard and ``alerttui outbox --send`` may drain the same outbox at the same
    time (two processes, two SQLite connections): each message still goes out once."""
    import asyncio

    settings = slack_settings(fake_slack, monkeypatch)
    dashboard, cli = forwarder(settings, tmp_path), forwarder(settings, tmp_path)
    for name in ("A", "B", "C", "D", "E", "F"):
        dashboard.forward(alert(name, severity="critical"))
    for _ in range(5):
        await asyncio.gather(dashboard.worker.drain_once(), cli.worker.drain_once())
    texts = sorted(c.body["text"].split(" ")[1] for c in fake_slack.calls("chat.postMessage"))
    assert texts == ["A", "B", "C", "D", "E", "F"]
    assert not dashboard.outbox.pending()


def test_an_outbox_from_before_leases_is_upgraded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from alerttui.forwarding.outbox import SCHEMA, Outbox

    old = SCHEMA.replace(",\n    claimed_until REAL               -- a sender's lease: another process keeps off until then", "")
    assert "claimed_until" not in old
    db = sqlite3.connect(tmp_path / "old.sqlite3")
    db.executescript(old)
    db.execute("INSERT INTO outbox (created_at, tenant, fingerprint, route, channel, kind, payload, next_at)"
               " VALUES (1, 'acme', 'fp', 'r', '#c', 'post', '{}', 1)")
    db.commit()
    db.close()
    box = Outbox(tmp_path / "old.sqlite3")
    [item] = box.due(now=2)
    assert box.claim(item.id, now=2, lease=60) and not box.claim(item.id, now=3, lease=60)
    assert box.due(now=3) == [] and [i.id for i in box.due(now=63)] == [item.id]


async def test_thread_replies_keep_their_order_across_a_retry(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The ack reply hits a Slack 500 and waits for its retry; the expiry reply made after
    it must not overtake it in the thread."""
    settings = slack_settings(fake_slack, monkeypatch)
    fw = forwarder(settings, tmp_path)
    a = alert("DiskFull", severity="critical", instance="db-1")
    fw.forward(a)
    await drain(fw)
    root_ts = root_ts_of(fake_slack)
    matchers = [Matcher.equal(k, v) for k, v in a.labels.items()]
    fake_slack.fail_next = 1
    assert fw.silenced("acme", matchers, ack=True, who="bob", until=NOW + timedelta(minutes=15), comment="ACK!") == 1
    await fw.worker.drain_once()  # the ack reply gets the 500 and backs off
    assert fw.expired("acme", matchers, who="bob") == 1
    await fw.worker.drain_once()  # the expiry reply is due, but waits behind the ack reply
    fw.worker.clock = lambda: time.time() + 600
    for _ in range(5):
        await fw.worker.drain_once()
    # What Slack accepted, in the order it accepted it (the 500'd attempt is not a message).
    replies = [m["text"] for m in fake_slack.messages.values() if m.get("thread_ts") == root_ts]
    ack_text, expiry_text = replies
    assert fw.outbox.pending() == []
    # In French (tenant acme): the acknowledgement first, then the expiry.
    assert "cquitt" in ack_text and "cquitt" not in expiry_text, replies


def test_buttons_only_with_an_app_token_and_by_state(fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alerttui.forwarding.render import actions_block

    a = alert("ButtonsAlert", tenant="initech", severity="critical")
    plain = forwarder(slack_settings(fake_slack, monkeypatch), tmp_path, "plain.sqlite3")
    plain.forward(a)
    [item] = plain.outbox.items()
    assert "actions" not in json.dumps(item.payload)  # no app token: no clicks could arrive
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-forwarding-test")
    with_app = forwarder(slack_settings(fake_slack, monkeypatch, app_token_env="SLACK_APP_TOKEN"), tmp_path,
                         "buttons.sqlite3")
    with_app.forward(a)
    [item] = with_app.outbox.items()
    blocks = item.payload["message"]["attachments"][0]["blocks"]
    assert blocks[-1]["type"] == "actions"
    assert [e["action_id"] for e in blocks[-1]["elements"]] == ["alerttui-ack", "alerttui-silence-1h",
                                                                 "alerttui-silence-4h"]
    assert {e["value"] for e in blocks[-1]["elements"]} == {f"initech|{a.fingerprint}"}
    acked = [e["action_id"] for e in actions_block(a, "fr", "acknowledged")["elements"]]
    assert acked == ["alerttui-silence-1h", "alerttui-silence-4h", "alerttui-unack"]
    assert [e["text"]["text"] for e in actions_block(a, "fr", "acknowledged")["elements"]][-1] == \
        "Annuler l'acquittement"  # in the tenant's language
    resolved = alert_message(a, tenant_name="Initech", language="en", tz=NOW.tzinfo, operator="alice",  # type: ignore[arg-type]
                             status="resolved", buttons=True)
    assert "actions" not in json.dumps(resolved.payload())  # nothing to press on a resolved alert


async def test_privacy_redact_masks_what_goes_to_slack_the_outbox_and_the_audit(  # type: ignore[no-untyped-def]
        fake_slack, monkeypatch, tmp_path) -> None:
    from alerttui.config import PrivacyConfig
    from alerttui.forwarding.outbox import Outbox
    from alerttui.forwarding.service import Forwarder
    from alerttui.operations import AuditLog, Operations

    settings = slack_settings(fake_slack, monkeypatch, screenshot=True).model_copy(
        update={"privacy": PrivacyConfig(redact=["user", "@email", "@ipv4"])})
    audit = AuditLog(tmp_path / "audit.jsonl", settings.privacy.redactor)
    fw = Forwarder(settings, Outbox(tmp_path / "outbox.sqlite3"), Operations(settings, {}, audit))
    a = alert("LoginFailures", severity="critical", user="jdoe", instance="10.1.2.3:9100",
              summary="5 failures for ann@example.org")
    fw.forward(a, note="ask bob@example.org", screenshot="<svg><text>10.1.2.3</text></svg>")
    await drain(fw)
    sent = json.dumps([c.body for c in fake_slack.requests], ensure_ascii=False) + \
        b"".join(fake_slack.uploads.values()).decode()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for secret in ("jdoe", "ann@example.org", "bob@example.org", "10.1.2.3"):
        assert secret not in sent, secret
        assert secret.encode() not in stored, secret
    assert "[redacted]" in sent and "LoginFailures" in sent and ":9100" in sent
    assert fake_slack.calls("chat.postMessage")
