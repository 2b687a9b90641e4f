"""Escalation by the real ``alerttui watch`` against the real Prometheus + Alertmanager pair
and the local Slack server: each step within one refresh of its ``after``, never twice
across a restart of the watch between steps, none lost to a Slack outage, and stopped by an
ack. The recorded timeline goes to ``$ALERTTUI_EVIDENCE_DIR`` when it is set."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alerttui.cli import main
from alerttui.demo.fake_slack import FakeSlack
from tests.conftest import make_alert, post_alerts, wait_for
from tests.slack.test_watch import _alerts_json
from tests.watchproc import TOKEN, Watch, watch_config

pytestmark = pytest.mark.stack

STEP1, STEP2 = 4.0, 12.0  # seconds after the alert starts
REFRESH = 1.0


def escalation_config(tmp_path: Path, slack: FakeSlack, urls: list[str], test_id: str) -> Path:
    path = watch_config(tmp_path, slack, urls, test_id)
    text = path.read_text().replace('[[tenants]]', f'''[[slack.routes]]
name = "oncall-secondary"
channel = "#ops-secondary"
tenants = ["acme"]

[[escalation]]
name = "acme-critical"
severities = ["critical"]
steps = [{{ after = "{STEP1:.0f}s", route = "#ops", mention = "<!subteam^S123ABC>" }},
         {{ after = "{STEP2:.0f}s", route = "oncall-secondary" }}]

[[tenants]]''', 1)
    path.write_text(text)
    return path


def posts(slack: FakeSlack, channel: str) -> list[dict]:  # type: ignore[type-arg]
    return [c.body for c in slack.calls("chat.postMessage") if c.body.get("channel") == channel
            and not c.body.get("thread_ts")]


def test_escalation_steps_once_across_a_restart_and_a_slack_outage_then_stop_on_ack(  # type: ignore[no-untyped-def]
        stack, test_id, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)
    am0, am1 = stack.alertmanager_urls
    timeline: list[dict[str, object]] = []

    def mark(what: str, **extra: object) -> None:
        timeline.append({"t": round(time.time() - t0, 2), "at": datetime.now(UTC).isoformat(timespec="seconds"),
                         "what": what, **extra})

    with FakeSlack() as slack:
        cfg = escalation_config(tmp_path, slack, [am0, am1], test_id)
        first = Watch(cfg, tmp_path / "first.log")
        second = None
        try:
            first.wait_event("duties")
            firing = make_alert("PaymentsDown", test_id, "critical")
            t0 = time.time()
            firing["startsAt"] = datetime.fromtimestamp(t0, UTC).isoformat()
            post_alerts(am0, [firing])
            mark("alert fired")
            fp = wait_for(lambda: next((a["fingerprint"] for a in json.loads(_alerts_json(cfg))), None))
            step1 = first.wait_event("escalated", step=1, timeout=30)
            mark("step 1 queued", channel=step1["channel"])
            root = wait_for(lambda: posts(slack, "#ops"), timeout=10)[0]
            sent1 = time.time() - t0
            mark("step 1 in Slack", channel="#ops", text=root["text"][:80])
            assert STEP1 <= sent1 <= STEP1 + REFRESH + 2.5, timeline  # within one refresh (+ Slack's round trip)
            assert root["text"].startswith("<!subteam^S123ABC> ")
            assert "Escalation 1 of 2 (acme-critical)" in json.dumps(root)

            code, _took = first.stop()  # restart the watch between the steps
            assert code == 0
            mark("watch restarted")
            second = Watch(cfg, tmp_path / "second.log")
            second.wait_event("duties")
            slack.stop()  # and Slack goes down before step 2 is due
            mark("Slack down")
            step2 = second.wait_event("escalated", step=2, timeout=30)
            mark("step 2 queued (Slack down)", channel=step2["channel"])
            assert time.time() - t0 <= STEP2 + REFRESH + 2.5, timeline
            time.sleep(2)
            slack.start()
            mark("Slack back")
            wait_for(lambda: posts(slack, "#ops-secondary"), timeout=30)
            mark("step 2 in Slack", channel="#ops-secondary")
            assert len(posts(slack, "#ops")) == 1 and len(posts(slack, "#ops-secondary")) == 1  # each step once
            assert len([e for e in second.events() if e["event"] == "escalated" and e.get("step") == 1]) == 0
            assert len([e for e in first.events() if e["event"] == "escalated"]) == 1

            assert main(["ack", fp, "--config", str(cfg)]) == 0
            mark("acknowledged (alerttui ack)")
            stopped = second.wait_event("escalation-stopped", timeout=20)
            mark("escalation stopped", reason=stopped["reason"])
            assert stopped["reason"] == "acknowledged" and stopped["steps_sent"] == 2
            time.sleep(3 * REFRESH)
            assert [e.get("step") for e in second.events() if e["event"] == "escalated"] == [2]
            assert second.stop()[0] == 0
        finally:
            first.kill()
            if second is not None:
                second.kill()
    audit = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    trail = [(r["action"], r["parameters"].get("step")) for r in audit if r["action"].startswith("escala")]
    assert trail == [("escalate", 1), ("escalate", 2), ("escalation-stopped", None)]
    evidence = os.environ.get("ALERTTUI_EVIDENCE_DIR")
    if evidence:
        Path(evidence).mkdir(parents=True, exist_ok=True)
        (Path(evidence) / "escalation-timeline.json").write_text(json.dumps(
            {"timeline": timeline, "audit": [r for r in audit if r["action"] in ("escalate", "escalation-stopped",
                                                                               "ack")]}, indent=2))
