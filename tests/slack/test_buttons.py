"""Slack buttons over Socket Mode, end to end: the real Alertmanager pair, the engine as a
watch runs it, slack-sdk's real SocketModeClient, and the local Slack server sending
``block_actions`` envelopes. A mapped responder's click acks on both replicas and updates
the message; a redelivered envelope or a repeated click acts once; an unmapped user and a
viewer get an ephemeral refusal and nothing changes; kiosk mode never connects and refuses.
The Socket Mode exchange goes to ``$ALERTTUI_EVIDENCE_DIR`` when it is set."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from alerttui.config import Settings, parse_settings
from alerttui.demo.fake_slack import FakeSlack
from alerttui.engine import build_engine
from alerttui.forwarding.forward import forward_alert
from alerttui.operations import AuditLog
from alerttui.respond.actions import SlackActions
from tests.conftest import http_json, make_alert, post_alerts

from .conftest import TOKEN

pytestmark = pytest.mark.stack
APP_TOKEN = "xapp-1-A000-test-app-token"


def button_settings(slack: FakeSlack, urls: list[str], test_id: str, tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch, **ui: Any) -> Settings:
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    return parse_settings({
        "ui": {"operator": "watcher", "refresh": "1s", "timezone": "UTC", **ui},
        "slack": {"token_env": "SLACK_TOKEN", "app_token_env": "SLACK_APP_TOKEN", "base_url": slack.base_url,
                  "rate": 50, "burst": 50, "outbox": str(tmp_path / "state" / "outbox.sqlite3"),
                  "routes": [{"channel": "#ops", "mention": "none"}],
                  "users": {"U0ALICE": {"operator": "alice"}, "U0VICTOR": {"operator": "victor", "role": "viewer"}}},
        "tenants": [{"id": "acme", "name": "ACME", "language": "en", "role": "responder",
                     "alertmanager": {"urls": urls, "matchers": [f'test_id="{test_id}"']}}],
    }, Path("buttons.toml"))


async def until(predicate: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"not within {timeout}s: {predicate()!r}")


def acks_on(am: str, who: str) -> list[str]:
    return sorted(s["id"] for s in http_json("GET", f"{am}/api/v2/silences")
                  if s["status"]["state"] == "active" and s["comment"] == f"ACK! {who} via alerttui")


async def test_clicks_become_operations_once_and_only_for_those_allowed(  # type: ignore[no-untyped-def]
        stack, test_id, tmp_path, monkeypatch) -> None:
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("CheckoutLatency", test_id, "critical")])
    with FakeSlack(socket_mode=True) as slack:
        assert slack.socket is not None
        settings = button_settings(slack, [am0, am1], test_id, tmp_path, monkeypatch)
        audit = AuditLog(tmp_path / "audit.jsonl")
        engine = build_engine(settings, role="watch", polling=True, audit=audit, state=tmp_path / "state")
        task = asyncio.create_task(engine.run())
        try:
            assert await slack.socket.wait_connected_async(15)
            snap = await until(lambda: (s := engine.snapshot("acme")) is not None and s.alerts and s)
            [alert] = snap.alerts.values()
            assert forward_alert(engine.ops, engine.forwarder, alert, note="").ok
            root = (await until(lambda: slack.calls("chat.postMessage")))[0].body
            actions = [b for b in root["attachments"][0]["blocks"] if b["type"] == "actions"]
            assert [e["action_id"] for e in actions[0]["elements"]] == [
                "alerttui-ack", "alerttui-silence-1h", "alerttui-silence-4h"]  # Unacknowledge once acked
            ts = next(ts for (_c, ts), m in slack.messages.items() if not m.get("thread_ts"))
            value = f"acme|{alert.fingerprint}"

            click = slack.socket.block_action(user_id="U0ALICE", action_id="alerttui-ack", value=value,
                                              channel_id="#ops", message_ts=ts)
            assert await slack.socket.wait_ack_async(click["envelope_id"], timeout=5)
            acked_in = slack.socket.acked(click["envelope_id"])
            assert acked_in is not None and acked_in < 3.0
            ids = await until(lambda: acks_on(am0, "alice") and acks_on(am0, "alice") == acks_on(am1, "alice")
                              and acks_on(am0, "alice"))
            assert len(ids) == 1  # on both replicas (the cluster gossips it)
            update = await until(lambda: [u.body for u in slack.calls("chat.update")
                                          if "ACKNOWLEDGED" in json.dumps(u.body)])
            assert "alice" in json.dumps(update[-1])
            assert "alerttui-unack" in json.dumps(update[-1])  # the root now offers Unacknowledge
            reply = await until(lambda: [c.body for c in slack.calls("chat.postMessage")
                                         if c.body.get("thread_ts") == ts])
            assert reply[0]["text"].startswith("Acknowledged by alice until")

            slack.socket.redeliver(click)  # at-least-once delivery: the same envelope again
            again = slack.socket.block_action(user_id="U0ALICE", action_id="alerttui-ack", value=value,
                                              channel_id="#ops", message_ts=ts,
                                              action_ts=click["payload"]["actions"][0]["action_ts"])
            assert await slack.socket.wait_ack_async(click["envelope_id"], timeout=5, count=2)
            assert await slack.socket.wait_ack_async(again["envelope_id"], timeout=5)

            stranger = slack.socket.block_action(user_id="U0EVE", action_id="alerttui-silence-4h", value=value,
                                                 channel_id="#ops", message_ts=ts)
            viewer = slack.socket.block_action(user_id="U0VICTOR", action_id="alerttui-silence-1h", value=value,
                                               channel_id="#ops", message_ts=ts)
            for env in (stranger, viewer):
                assert await slack.socket.wait_ack_async(env["envelope_id"], timeout=5)
            refusals = await until(lambda: len(slack.ephemerals) >= 2 and slack.ephemerals)
            by_user = {e["user"]: e["text"] for e in refusals}
            assert "not in [slack.users]" in by_user["U0EVE"]
            assert "viewer role for tenant acme cannot silence" in by_user["U0VICTOR"]
            await asyncio.sleep(2.5)  # two polls: anything that was going to happen has
            assert acks_on(am0, "alice") == ids and acks_on(am1, "alice") == ids  # one ack, nothing else
            others = [s for s in http_json("GET", f"{am0}/api/v2/silences")
                      if s["status"]["state"] == "active" and any(m["name"] == "test_id" and m["value"] == test_id
                                                                  for m in s["matchers"])]
            assert [s["id"] for s in others] == ids
            assert len(slack.ephemerals) == 2
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await engine.aclose()
        exchange = list(slack.socket.exchange)
    records = [r for r in audit.read() if r.get("parameters", {}).get("via") == "slack"]
    summary = [(r["operator"], r["action"], r["result"], r["parameters"]["slack_user"]) for r in records]
    assert summary == [("alice", "ack", "ok", "U0ALICE"), ("slack:U0EVE", "silence", "refused", "U0EVE"),
                       ("victor", "silence", "refused", "U0VICTOR")]
    evidence = os.environ.get("ALERTTUI_EVIDENCE_DIR")
    if evidence:
        Path(evidence).mkdir(parents=True, exist_ok=True)
        (Path(evidence) / "socket-exchange.json").write_text(json.dumps({
            "exchange": exchange, "silence_ids": ids, "chat.update": update[-1], "audit": records}, indent=2,
            default=str))


async def test_kiosk_never_connects_and_refuses(stack, test_id, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with FakeSlack(socket_mode=True) as slack:
        settings = button_settings(slack, list(stack.alertmanager_urls), test_id, tmp_path, monkeypatch, kiosk=True)
        engine = build_engine(settings, role="dashboard", polling=True, state=tmp_path / "state",
                              audit=AuditLog(tmp_path / "audit.jsonl"))
        try:
            # A kiosk takes no duties and so opens no connection: Slack spreads envelopes over
            # every connection of the app, and a kiosk would swallow clicks it may not act on.
            assert engine.responder is not None and engine.responder.actions is None
            await engine.check_duties()
            assert slack.calls("apps.connections.open") == []
            assert engine.outbox is not None
            actions = SlackActions(settings, engine, engine.outbox, emit=lambda *a: None)
            result = await actions.handle("U0ALICE", "alerttui-ack", "acme|0123456789abcdef", "#ops")
            assert result.refused and "kiosk" in result.message
            await until(lambda: slack.ephemerals)
            assert "kiosk" in slack.ephemerals[0]["text"]
        finally:
            await engine.aclose()
