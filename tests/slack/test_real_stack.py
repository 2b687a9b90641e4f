"""One alert's life in Slack, with the real Alertmanager pair: forwarded, acknowledged
through Operations (a real silence), then resolved when it leaves Alertmanager."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from alerttui.config import parse_settings
from alerttui.engine import build_engine
from alerttui.forwarding.forward import forward_alert
from alerttui.operations import AuditLog
from tests.conftest import make_alert, post_alerts

from .conftest import TOKEN


async def test_alert_life_in_a_thread(stack, test_id, fake_slack, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)
    am0, am1 = stack.alertmanager_urls
    data = {
        "ui": {"operator": "alice", "refresh": "1s"},
        "slack": {"token_env": "SLACK_TOKEN", "base_url": fake_slack.base_url, "rate": 50, "burst": 50,
                  "outbox": str(tmp_path / "outbox.sqlite3"), "routes": [{"channel": "#ops"}]},
        "tenants": [{"id": "ops", "name": "Ops", "language": "en", "role": "responder",
                     "alertmanager": {"urls": [am0, am1], "matchers": [f'test_id="{test_id}"']}}],
    }
    from pathlib import Path

    settings = parse_settings(data, Path("life.toml"))
    life = make_alert("ShortLived", test_id, "critical")
    life["endsAt"] = (datetime.now(UTC) + timedelta(seconds=6)).isoformat()  # resolves by itself
    post_alerts(am0, [life])
    audit = AuditLog(tmp_path / "audit.jsonl")
    engine = build_engine(settings, polling=True, audit=audit)
    assert engine.hub is not None
    ops, fw = engine.ops, engine.forwarder
    poller = engine.hub.pollers["ops"]
    try:
        snap = await poller.poll_alerts()
        [alert] = snap.alerts.values()
        assert forward_alert(ops, fw, alert, note="looking").ok
        await fw.worker.drain_once()
        result = await ops.ack(alert)  # a real silence on both replicas
        assert result.ok
        await fw.worker.drain_once()
        deadline = time.monotonic() + 20
        resolved = 0
        while time.monotonic() < deadline and not resolved:
            snap = await poller.poll_alerts()
            resolved = fw.track(snap)
            await asyncio.sleep(0.5)
        assert resolved == 1
        await fw.worker.drain_once()
    finally:
        await engine.aclose()
    posts = fake_slack.calls("chat.postMessage")
    root_ts = next(ts for (_c, ts), m in fake_slack.messages.items() if not m.get("thread_ts"))
    replies = [p.body["text"] for p in posts if p.body.get("thread_ts") == root_ts]
    assert len(replies) == 2
    assert replies[0].startswith("Acknowledged by alice until")
    assert replies[1].startswith("Resolved at")
    updates = [u.body["attachments"][0]["color"] for u in fake_slack.calls("chat.update")]
    assert updates == ["#ecb22e", "#2eb67d"]  # acknowledged (amber), then resolved (green)
    actions = [r["action"] for r in audit.read()]
    assert actions == ["forward", "ack", "thread-acknowledged", "thread-resolved"]
