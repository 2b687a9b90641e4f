"""Escalation without a network: which step is due when (the latest only, repeats of the last),
one step sent once with two escalators on one outbox (two processes), a cycle stopped by an
ack and started again when the ack runs out, the outlook text, and the audit records."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alerttui.config import parse_settings
from alerttui.domain import Alert, AlertState
from alerttui.domain.incidents import Correlator
from alerttui.forwarding.outbox import Outbox
from alerttui.forwarding.service import Forwarder
from alerttui.operations import Operations
from alerttui.operations.audit import AuditLog
from alerttui.respond.escalation import Escalator, plan

T0 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def settings(monkeypatch: pytest.MonkeyPatch, repeat: str | None = "30m"):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-unit")
    policy = {"name": "crit", "severities": ["critical"],
              "steps": [{"after": "5m", "route": "#ops", "mention": "<!subteam^S123>"},
                        {"after": "15m", "route": "secondary"}]}
    if repeat:
        policy["repeat"] = repeat
    return parse_settings({
        "ui": {"operator": "alice", "timezone": "UTC"},
        "slack": {"token_env": "SLACK_TOKEN", "base_url": "http://127.0.0.1:1/api/",
                  "routes": [{"channel": "#ops", "mention": "none"},
                             {"name": "secondary", "channel": "#ops-secondary"}]},
        "escalation": [policy],
        "tenants": [{"id": "acme", "role": "responder", "alertmanager": {"urls": ["http://127.0.0.1:1"]},
                     "correlation": {"labels": ["service"]}}],
    }, Path("escalation-test.toml"))


def alert(fp: str = "a", severity: str = "critical", **extra: object) -> Alert:
    base = Alert(fingerprint=fp, tenant="acme", labels={"alertname": "DiskFull", "severity": severity,
                                                        "service": "db"},
                 annotations={}, state=AlertState.ACTIVE, starts_at=T0)
    return replace(base, **extra)  # type: ignore[arg-type]


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def escalator(s, tmp_path: Path, clock: Clock, name: str = "p1"):  # type: ignore[no-untyped-def]
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    ops = Operations(s, {}, AuditLog(tmp_path / "audit.jsonl"), clock=clock)
    ops.operator = name
    events: list[tuple[str, str]] = []
    fw = Forwarder(s, outbox, ops, clock=clock)
    esc = Escalator(s, outbox, fw, ops.record_queued, lambda kind, msg, *_: events.append((kind, msg)), clock)
    return esc, outbox, events


def incidents(alerts: list[Alert], now: datetime):  # type: ignore[no-untyped-def]
    c = Correlator(lambda _t: (["service"], timedelta(minutes=10)))
    c.update("acme", {a.fingerprint: a for a in alerts}, now)
    return c.incidents("acme")


def steps(outbox: Outbox) -> list[tuple[str, str, str]]:
    return [(i.channel, i.kind, i.payload["message"]["text"]) for i in outbox.items()]


def test_plan_sends_only_the_latest_due_step_and_repeats_the_last(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = settings(monkeypatch).escalation[0]
    assert plan(policy, T0, T0 + timedelta(minutes=4))[0] is None
    latest, nxt = plan(policy, T0, T0 + timedelta(minutes=5))
    assert latest is not None and latest.key == "1" and nxt is not None and nxt.key == "2"
    assert nxt.due_at == T0 + timedelta(minutes=15)
    latest, nxt = plan(policy, T0, T0 + timedelta(hours=1, minutes=20))  # after a long outage
    assert latest is not None and latest.key == "2r2" and latest.due_at == T0 + timedelta(minutes=75)
    assert nxt is not None and nxt.key == "2r3"
    no_repeat = settings(monkeypatch, repeat=None).escalation[0]
    assert plan(no_repeat, T0, T0 + timedelta(hours=5))[1] is None


def test_each_step_once_with_two_processes_and_a_stop_on_ack(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    s = settings(monkeypatch)
    clock = Clock()
    one, outbox, events = escalator(s, tmp_path, clock, "p1")
    two, _outbox2, _events2 = escalator(s, tmp_path, clock, "p2")  # another process, the same state
    firing = [alert()]
    clock.now = T0 + timedelta(minutes=4, seconds=59)
    assert one.tick(incidents(firing, clock.now)) == 0
    assert one.outlook(incidents(firing, clock.now)[0]) == "escalates to #ops in 1s"
    clock.now = T0 + timedelta(minutes=5)
    assert one.tick(incidents(firing, clock.now)) + two.tick(incidents(firing, clock.now)) == 1
    assert one.tick(incidents(firing, clock.now)) + two.tick(incidents(firing, clock.now)) == 0
    [(channel, kind, text)] = steps(outbox)
    assert (channel, kind) == ("#ops", "post") and text.startswith("<!subteam^S123> ")
    assert "Escalation 1 of 2 (crit): DiskFull not acknowledged after 5m" in json.dumps(outbox.items()[0].payload)
    clock.now = T0 + timedelta(minutes=15)
    assert two.tick(incidents(firing, clock.now)) + one.tick(incidents(firing, clock.now)) == 1
    assert [c for c, _k, _t in steps(outbox)] == ["#ops", "#ops-secondary"]
    assert one.outlook(incidents(firing, clock.now)[0]) == "escalates to secondary in 30m"  # the repeat
    acked = [alert(silenced_by=("ack1",))]
    clock.now = T0 + timedelta(minutes=20)
    one.tick(incidents(acked, clock.now))
    two.tick(incidents(acked, clock.now))
    assert [k for k, _m in events].count("escalation-stopped") == 1
    clock.now = T0 + timedelta(minutes=50)  # acked: the repeat is not sent
    assert one.tick(incidents(acked, clock.now)) + two.tick(incidents(acked, clock.now)) == 0
    assert len(outbox.items()) == 2
    # The ack runs out while it still fires: a new cycle, from that moment.
    clock.now = T0 + timedelta(minutes=60)
    assert one.tick(incidents(firing, clock.now)) == 0
    clock.now = T0 + timedelta(minutes=65)
    assert one.tick(incidents(firing, clock.now)) + two.tick(incidents(firing, clock.now)) == 1
    assert [c for c, _k, _t in steps(outbox)] == ["#ops", "#ops-secondary", "#ops"]
    records = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    trail = [(r["action"], r["parameters"].get("step"), r["parameters"].get("reason")) for r in records]
    assert trail == [("escalate", 1, None), ("escalate", 2, None), ("escalation-stopped", None, "silenced"),
                     ("escalate", 1, None)]


def test_a_step_recorded_by_a_process_killed_before_sending_goes_out_once(monkeypatch: pytest.MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    s = settings(monkeypatch)
    clock = Clock()
    clock.now = T0 + timedelta(minutes=6)
    first, outbox, _ = escalator(s, tmp_path, clock)
    first.tick(incidents([alert()], clock.now))
    outbox.close()  # it dies here: the step is in the outbox, not sent
    restarted, outbox, _ = escalator(s, tmp_path, clock)
    assert restarted.tick(incidents([alert()], clock.now)) == 0  # it knows the step was taken
    assert len(outbox.items("pending")) == 1


def test_a_warning_matches_no_policy_and_a_resolved_incident_stops(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    s = settings(monkeypatch)
    clock = Clock()
    esc, _outbox, events = escalator(s, tmp_path, clock)
    clock.now = T0 + timedelta(hours=1)
    assert esc.tick(incidents([alert(severity="warning")], clock.now)) == 0
    assert esc.outlook(incidents([alert(severity="warning")], clock.now)[0]) == ""
    assert esc.tick(incidents([alert()], clock.now)) == 1
    c = Correlator(lambda _t: (["service"], timedelta(minutes=10)))
    c.update("acme", {"a": alert()}, clock.now)
    c.update("acme", {}, clock.now)
    esc.tick(c.incidents("acme"))
    assert [k for k, _m in events] == ["escalated", "escalation-stopped"]
    assert "resolved" in events[-1][1]


def test_a_step_replies_in_the_alerts_thread_when_it_was_forwarded_there(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    from alerttui.domain.serialize import alert_to_dict
    from alerttui.forwarding.outbox import Thread

    s = settings(monkeypatch)
    clock = Clock()
    esc, outbox, _events = escalator(s, tmp_path, clock)
    outbox.save_thread(Thread("acme", "a", "#ops", "C123", "1.0001", "#ops", "firing", 0.0, alert_to_dict(alert())))
    clock.now = T0 + timedelta(minutes=5)
    assert esc.tick(incidents([alert()], clock.now)) == 1
    [item] = outbox.items()
    assert (item.kind, item.channel, item.fingerprint) == ("reply", "#ops", "a")
    assert item.payload["message"]["text"].startswith("<!subteam^S123> Escalation 1 of 2 (crit)")
    clock.now = T0 + timedelta(minutes=15)  # step 2's route has no thread of it: a new message there
    assert esc.tick(incidents([alert()], clock.now)) == 1
    assert [(i.kind, i.channel) for i in outbox.items()] == [("reply", "#ops"), ("post", "#ops-secondary")]


def test_the_stop_waits_for_a_silence_the_poll_has_not_listed_yet(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    """An ack made between a poll's read of the silences and of the alerts: the alert says
    silenced_by the ack, the silences do not know it yet. The stop is said at the next poll,
    with the right reason, not as "silenced" now (this was a flaky real-stack test)."""
    from alerttui.domain import Silence, SilenceState

    s = settings(monkeypatch)
    clock = Clock()
    esc, _outbox, events = escalator(s, tmp_path, clock)
    clock.now = T0 + timedelta(minutes=6)
    assert esc.tick(incidents([alert()], clock.now), lambda _t: {}) == 1
    acked = [alert(silenced_by=("ack1",))]
    esc.tick(incidents(acked, clock.now), lambda _t: {})
    assert [k for k, _m in events] == ["escalated"]  # not stopped yet: ack1 is unknown
    ack = Silence("ack1", (), T0, T0 + timedelta(hours=1), "alice", "ACK! alice via alerttui", SilenceState.ACTIVE)
    esc.tick(incidents(acked, clock.now), lambda _t: {"ack1": ack})
    assert [k for k, _m in events] == ["escalated", "escalation-stopped"]
    assert "acknowledged" in events[-1][1]


def test_a_long_running_escalator_forgets_incidents_the_correlator_forgot(monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    """A watch runs for months: 300 incidents come and go; what the escalator keeps of them
    goes once no tick lists them, and an incident coming back is read from the outbox again."""
    s = settings(monkeypatch)
    clock = Clock()
    esc, outbox, _events = escalator(s, tmp_path, clock)
    c = Correlator(lambda _t: (["service"], timedelta(minutes=10)))
    for n in range(300):
        clock.now = T0 + timedelta(minutes=n)
        a = alert(f"fp{n}", labels={"alertname": "DiskFull", "severity": "critical", "service": f"db{n}"})
        c.update("acme", {a.fingerprint: a}, clock.now)
        esc.tick(c.incidents("acme"))
        c.update("acme", {}, clock.now)
        esc.tick(c.incidents("acme"))
    assert len(esc._latest) <= 100 + 15 and len(esc._seen) <= 100 + 15  # the correlator's last 100, and 10 min more
    clock.now += timedelta(hours=2)
    c.update("acme", {}, clock.now)  # the correlator forgets them all (resolved over an hour ago)
    assert c.incidents("acme") == []
    for _ in range(2):
        esc.tick(c.incidents("acme"))
    assert esc._latest == {} and esc._seen == {} and esc._sent == {}
    # Still once: a step already queued in the outbox is not queued again after being forgotten.
    b = alert("late", starts_at=clock.now - timedelta(minutes=6))
    c.update("acme", {"late": b}, clock.now)
    assert esc.tick(c.incidents("acme")) == 1
    queued = len(outbox.items())
    esc._forget(clock.now + timedelta(minutes=11))  # as if not listed for 11 minutes
    assert esc._latest == {} and esc._sent == {}
    clock.now += timedelta(minutes=1)
    assert esc.tick(c.incidents("acme")) == 0  # step 1 read back from the outbox; step 2 not due yet
    assert len(outbox.items()) == queued
