"""Record what alerttui sends to Slack over one alert's life, in English and in French.

Starts the real stack (Prometheus + two clustered Alertmanagers, ``LocalStack``) and the
local ``FakeSlack`` (bot token, Web API). Two tenants see the same kind of alert: ``ops-en``
(language en) routed to ``#ops-en`` and ``ops-fr`` (language fr) routed to ``#ops-fr``.
With the parts ``build_engine`` puts together for every face (the pollers, ``Operations``
with the ``Forwarder`` as listener, ``forward_alert``, the worker's ``run`` loop, ``track``
after each poll) it drives each alert through:

1. forward (operator note)          -> chat.postMessage (root, red)
2. ack through Operations           -> a real silence on both replicas -> thread reply + chat.update (amber)
3. resolution (endsAt=now to AM)    -> track() after a poll -> thread reply + chat.update (green)

Every request FakeSlack received is written to ``--out`` (one pretty JSON file each, the
Authorization header left out), with ``sequence.txt``, ``sequence.json`` and the audit log;
a summary is printed. The stack is always torn down.

    .venv/bin/python benchmarks/slack_recording.py [--out /tmp/alerttui-slack-recording]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from alerttui.config import Settings, parse_settings  # noqa: E402
from alerttui.demo.fake_slack import FakeSlack, Recorded  # noqa: E402
from alerttui.demo.stack import LocalStack, missing_binaries  # noqa: E402
from alerttui.domain import Alert  # noqa: E402
from alerttui.engine import build_engine  # noqa: E402
from alerttui.forwarding.forward import forward_alert  # noqa: E402
from alerttui.forwarding.service import Forwarder  # noqa: E402
from alerttui.operations import AuditLog  # noqa: E402

TENANTS = {"ops-en": ("Ops EN", "en"), "ops-fr": ("Ops FR", "fr")}
NOTES = {"en": "disk fills fast, looking", "fr": "le disque se remplit vite, je regarde"}


def settings_for(stack: LocalStack, slack: FakeSlack, work: Path) -> Settings:
    os.environ["RECORDING_SLACK_TOKEN"] = "xoxb-recording-not-a-secret"
    data = {
        "ui": {"operator": "alice", "refresh": "1s", "timezone": "Europe/Paris"},
        "slack": {"token_env": "RECORDING_SLACK_TOKEN", "base_url": slack.base_url, "rate": 1, "burst": 3,
                  "outbox": str(work / "outbox.sqlite3"),
                  "routes": [{"name": tid, "tenants": [tid], "channel": f"#{tid}"} for tid in TENANTS]},
        "tenants": [{"id": tid, "name": name, "language": lang, "role": "responder",
                     "alertmanager": {"urls": list(stack.alertmanager_urls), "matchers": [f'tenant="{tid}"']},
                     "prometheus": {"url": stack.prometheus_url}}
                    for tid, (name, lang) in TENANTS.items()],
    }
    return parse_settings(data, Path("recording.toml"))


def am_alert(tenant: str, starts: datetime, ends: datetime) -> dict[str, Any]:
    return {
        "labels": {"alertname": "DiskFull", "severity": "critical", "tenant": tenant, "instance": "db-1:9100",
                   "job": "node", "team": "storage"},
        "annotations": {"summary": "Disk /var is 97% full on db-1",
                        "description": "Less than 3% left on /var; writes will fail soon.",
                        "runbook_url": "https://runbooks.example.com/DiskFull"},
        "startsAt": starts.isoformat(),
        "endsAt": ends.isoformat(),
        "generatorURL": "http://127.0.0.1:9090/graph?g0.expr=disk_free_ratio+%3C+0.03",
    }


def post_to_am(url: str, alerts: list[dict[str, Any]]) -> None:
    req = urllib.request.Request(f"{url}/api/v2/alerts", data=json.dumps(alerts).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        r.read()


async def settle(fw: Forwarder, timeout: float = 30.0) -> None:
    """Wait until the worker (running as in the app) has sent everything queued."""
    deadline = time.monotonic() + timeout
    fw.worker.wake()
    while fw.outbox.pending():
        if time.monotonic() > deadline:
            raise RuntimeError(f"outbox not drained: {[(i.kind, i.last_error) for i in fw.outbox.pending()]}")
        await asyncio.sleep(0.05)


def describe(r: Recorded) -> dict[str, Any]:
    method = r.path.rsplit("/", 1)[-1]
    body = r.body
    attachments = body.get("attachments") or []
    colour = attachments[0].get("color") if attachments and isinstance(attachments[0], dict) else None
    kind = method
    if method == "chat.postMessage":
        kind = "thread reply" if body.get("thread_ts") else "root message"
    elif method == "chat.update":
        kind = "root update"
    status_line = ""
    if attachments and isinstance(attachments[0], dict):
        blocks = attachments[0].get("blocks") or []
        if blocks and blocks[0].get("type") == "context":
            status_line = blocks[0]["elements"][0]["text"]
    return {"method": method, "kind": kind, "channel": body.get("channel"), "ts": body.get("ts"),
            "thread_ts": body.get("thread_ts"), "text": body.get("text"), "color": colour,
            "status_line": status_line}


async def drive(stack: LocalStack, slack: FakeSlack, work: Path) -> dict[str, Any]:
    settings = settings_for(stack, slack, work)
    am0 = stack.alertmanager_urls[0]
    now = datetime.now(UTC)
    starts = now - timedelta(minutes=3)
    post_to_am(am0, [am_alert(tid, starts, now + timedelta(hours=1)) for tid in TENANTS])

    audit = AuditLog(work / "audit.jsonl")
    engine = build_engine(settings, polling=True, audit=audit)  # as every face gets its parts
    hub, ops, fw = engine.hub, engine.ops, engine.forwarder
    assert hub is not None and fw is not None
    worker = asyncio.create_task(fw.run())  # the outbox worker, as the engine's duties run it
    phases: list[tuple[str, int]] = []
    try:
        alerts: dict[str, Alert] = {}
        for tid in TENANTS:
            deadline = time.monotonic() + 15
            while not alerts.get(tid):
                snap = await hub.pollers[tid].poll_alerts()
                found = list(snap.alerts.values())
                if found:
                    alerts[tid] = found[0]
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{tid}: the alert never showed in Alertmanager")
                if not alerts.get(tid):
                    await asyncio.sleep(0.3)

        for tid, a in alerts.items():
            result = forward_alert(ops, fw, a, note=NOTES[TENANTS[tid][1]])
            assert result.ok, result.message
        await settle(fw)
        phases.append(("forward", len(slack.requests)))

        for a in alerts.values():
            result = await ops.ack(a)  # a real silence on both replicas; the Forwarder hears it
            assert result.ok, result.message
        await settle(fw)
        phases.append(("ack", len(slack.requests)))

        # Resolution: tell Alertmanager the alert ended now; the next polls see it go.
        post_to_am(am0, [am_alert(tid, starts, datetime.now(UTC)) for tid in TENANTS])
        resolved: set[str] = set()
        deadline = time.monotonic() + 30
        while len(resolved) < len(TENANTS):
            if time.monotonic() > deadline:
                raise RuntimeError(f"not resolved in time: {set(TENANTS) - resolved}")
            for tid in TENANTS:
                if tid not in resolved:
                    snap = await hub.pollers[tid].poll_alerts()  # the app calls track() after each poll
                    if fw.track(snap):
                        resolved.add(tid)
            await asyncio.sleep(0.5)
        await settle(fw)
        phases.append(("resolution", len(slack.requests)))
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
        await engine.aclose()
    return {"phases": phases, "audit": [r["action"] + " " + r["tenant"] for r in audit.read()],
            "threads": {t.tenant: (t.channel, t.ts, t.status) for t in fw.outbox.threads()}}


def write_outputs(out: Path, slack: FakeSlack, info: dict[str, Any], work: Path) -> list[dict[str, Any]]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    sequence = []
    phase_of = []
    start = 0
    for name, end in info["phases"]:
        phase_of += [name] * (end - start)
        start = end
    t0 = slack.requests[0].at if slack.requests else 0.0
    for n, r in enumerate(slack.requests, 1):
        d = describe(r)
        channel = str(d["channel"] or "-").lstrip("#")
        kind = d["kind"].replace(" ", "-")
        name = f"{n:02d}-{channel}-{d['method']}-{kind}.json"
        headers = {k: v for k, v in r.headers.items() if k.lower() != "authorization"}
        (out / name).write_text(json.dumps({"method": r.method, "path": r.path, "headers": headers, "body": r.body},
                                           indent=2, ensure_ascii=False) + "\n")
        sequence.append({"n": n, "t": round(r.at - t0, 3), "phase": phase_of[n - 1] if n <= len(phase_of) else "?",
                         "file": name, **d})
    (out / "sequence.json").write_text(json.dumps(sequence, indent=2, ensure_ascii=False) + "\n")
    lines = [f"{s['n']:>2} {s['t']:>7.3f}s {s['phase']:<10} {s['channel']:<8} {s['kind']:<12} "
             f"colour={s['color'] or '-':<8} thread_ts={s['thread_ts'] or '-':<18} ts={s['ts'] or '-':<18} "
             f"text={s['text']!r}" for s in sequence]
    (out / "sequence.txt").write_text("\n".join(lines) + "\n")
    shutil.copy(work / "audit.jsonl", out / "audit.jsonl")
    return sequence


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="/tmp/alerttui-slack-recording", help="output directory (replaced)")
    args = parser.parse_args()
    if missing_binaries():
        print(f"missing: {' '.join(missing_binaries())} (apt-get install them)", file=sys.stderr)
        return 2
    out = Path(args.out)
    stack = LocalStack(evaluation_interval="1s")
    with tempfile.TemporaryDirectory(prefix="alerttui-recording-") as tmp, FakeSlack() as slack:
        print("starting Prometheus + 2 Alertmanagers ...", flush=True)
        stack.start()
        try:
            info = asyncio.run(drive(stack, slack, Path(tmp)))
        finally:
            stack.stop()
            print("stack stopped", flush=True)
        sequence = write_outputs(out, slack, info, Path(tmp))

    print(f"\nrecorded {len(sequence)} Slack requests -> {out}")
    for phase, _end in info["phases"]:
        print(f"\n[{phase}]")
        for s in sequence:
            if s["phase"] == phase:
                print(f"  {s['n']:>2} {s['channel']:<8} {s['kind']:<12} colour={s['color'] or '-':<8} "
                      f"{'in thread ' + s['thread_ts'] if s['thread_ts'] else ''}{'ts ' + s['ts'] if s['ts'] else ''}")
                print(f"     text: {s['text']}")
                if s["status_line"]:
                    print(f"     status line: {s['status_line']}")
    print("\naudit:", ", ".join(info["audit"]))
    print("threads:", json.dumps(info["threads"]))
    roots = {s["channel"]: s for s in sequence if s["kind"] == "root message"}
    ok = len(roots) == len(TENANTS) and all(
        [x["kind"] for x in sequence if x["channel"] in (ch, roots[ch]["channel"])][1:] ==
        ["thread reply", "root update", "thread reply", "root update"] for ch in roots)
    colours = {ch: [x["color"] for x in sequence if x["kind"] == "root update" and x["channel"] == ch]
               for ch in roots}
    print("root colours over the life:", json.dumps(colours))
    print("life complete (root, ack reply + update, resolution reply + update, per tenant):", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
