"""The notices people ask Alertmanager for, with the real Alertmanager pair and the engine
as a watch runs it: a silence that ends within 10 minutes while its alert fires, and a
silenced alert that resolved, each said once, in the alert's Slack thread and as an event
for the faces; an ack that alerttui extends itself is not worth a notice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alerttui.config import parse_settings
from alerttui.demo.fake_slack import FakeSlack
from alerttui.domain.intents import SilenceRequest
from alerttui.engine import Event, build_engine
from alerttui.forwarding.forward import forward_alert
from alerttui.operations import AuditLog
from alerttui.operations.runner import exact_matchers
from tests.conftest import make_alert, post_alerts

from .conftest import TOKEN
from .test_buttons import until

pytestmark = pytest.mark.stack


async def test_ending_silence_and_silenced_resolution_are_said_once(  # type: ignore[no-untyped-def]
        stack, test_id, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("QueueBacklog", test_id, "warning"), make_alert("CertExpiry", test_id, "warning")])
    with FakeSlack() as slack:
        settings = parse_settings({
            "ui": {"operator": "watcher", "refresh": "1s", "timezone": "UTC"},
            "ack": {"extend": True, "duration": "9m"},
            "slack": {"token_env": "SLACK_TOKEN", "base_url": slack.base_url, "rate": 50, "burst": 50,
                      "outbox": str(tmp_path / "state" / "outbox.sqlite3"), "routes": [{"channel": "#ops"}]},
            "tenants": [{"id": "acme", "language": "en", "role": "responder",
                         "alertmanager": {"urls": [am0, am1], "matchers": [f'test_id="{test_id}"']}}],
        }, Path("notices.toml"))
        engine = build_engine(settings, role="watch", polling=True, audit=AuditLog(tmp_path / "audit.jsonl"),
                              state=tmp_path / "state")
        events: list[Event] = []
        engine.on_event(events.append)
        task = asyncio.create_task(engine.run())
        try:
            snap = await until(lambda: (s := engine.snapshot("acme")) is not None and len(s.alerts) == 2 and s)
            alerts = {a.alertname: a for a in snap.alerts.values()}
            for a in alerts.values():
                assert forward_alert(engine.ops, engine.forwarder, a, note="").ok
            now = datetime.now(UTC)
            backlog = alerts["QueueBacklog"]
            result = await engine.ops.silence(SilenceRequest(
                tenant="acme", matchers=exact_matchers(backlog), starts_at=now, ends_at=now + timedelta(minutes=8),
                comment="draining the queue", alert=backlog.fingerprint))
            assert result.ok
            assert (await engine.ops.ack(alerts["CertExpiry"])).ok  # 9m: ends soon, but alerttui extends it
            ending = await until(lambda: [e for e in events if e.kind == "notice"])
            assert ending[0].fields["kind"] == "ending" and ending[0].fields["fingerprint"] == backlog.fingerprint
            assert "the silence of QueueBacklog by watcher ends at" in ending[0].message
            reply = await until(lambda: [c.body["text"] for c in slack.calls("chat.postMessage")
                                         if c.body.get("thread_ts") and "ends at" in c.body["text"]])
            assert reply[0].startswith("The silence by watcher ends at") and "still fires" in reply[0]

            resolved = {**make_alert("QueueBacklog", test_id, "warning"), "endsAt": datetime.now(UTC).isoformat()}
            post_alerts(am0, [resolved])
            gone = await until(lambda: [e for e in events if e.kind == "notice"
                                        and e.fields["kind"] == "silenced-resolved"])
            assert "QueueBacklog resolved while silenced by watcher" in gone[0].message
            await until(lambda: [c for c in slack.calls("chat.postMessage")
                                 if "Resolved while silenced by watcher" in c.body.get("text", "")])
            await asyncio.sleep(2.5)  # more polls: nothing is said twice, the extended ack says nothing
            kinds = [(e.fields["kind"], e.fields["fingerprint"]) for e in events if e.kind == "notice"]
            assert kinds == [("ending", backlog.fingerprint), ("silenced-resolved", backlog.fingerprint)]
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await engine.aclose()
