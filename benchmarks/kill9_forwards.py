"""R3: kill -9 while the outbox is drained to a slow Slack: are forwards lost or sent twice?

    .venv/bin/python -m benchmarks.kill9_forwards [--forwards 200] [--delay 0.05] [--seed 14]

Queues ``--forwards`` forwards (each with a unique note) in a fresh outbox, then drains it with
the real ``alerttui outbox --send`` against a local Slack answering after ``--delay`` seconds,
killing it with SIGKILL at seeded random moments and starting it again, until nothing is
pending: ``--kills`` SIGKILLs, then one run left to finish. Counts, from what the local Slack
received: forwards lost (never posted) and sent twice. Nothing asserted; bounded to 6
minutes; traffic only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from alerttui.config import load_settings
from alerttui.demo.fake_slack import FakeSlack
from alerttui.forwarding.outbox import Outbox
from alerttui.forwarding.service import Forwarder
from alerttui.operations import AuditLog, Operations
from tests.ui.factory import alert

TOKEN = "xoxb-kill9-token"


def pending(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        return db.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--forwards", type=int, default=200)
    ap.add_argument("--delay", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--kills", type=int, default=100)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="alerttui-kill9-"))
    slack = FakeSlack(delay=args.delay).start()
    outbox_path = work / "outbox.sqlite3"
    cfg = work / "config.toml"
    cfg.write_text(f'[ui]\noperator = "kill9"\n[audit]\npath = "{work / "audit.jsonl"}"\n'
                   f'[slack]\ntoken_env = "SLACK_TOKEN"\nbase_url = "{slack.base_url}"\noutbox = "{outbox_path}"\n'
                   'rate = 50\nburst = 50\n[[slack.routes]]\nchannel = "#ops"\nmention = "none"\n'
                   '[[tenants]]\nid = "acme"\n[tenants.alertmanager]\nurls = ["http://127.0.0.1:1"]\n')
    env = {**os.environ, "SLACK_TOKEN": TOKEN, "XDG_STATE_HOME": str(work / "state")}
    os.environ["SLACK_TOKEN"] = TOKEN
    settings = load_settings(cfg)
    fw = Forwarder(settings, Outbox(outbox_path), Operations(settings, {}, AuditLog(work / "audit.jsonl")))
    for i in range(args.forwards):
        fw.forward(alert(f"Kill9Alert{i:03d}", tenant="acme", instance=f"host-{i}"), note=f"fwd-{i:03d}")
    rng = random.Random(args.seed)
    kills = runs = 0
    deadline = time.monotonic() + 360
    cmd = [str(Path(sys.executable).parent / "alerttui"), "outbox", "--send", "--config", str(cfg)]
    try:
        # Killed at seeded moments, up to --kills times; then runs left to finish (a
        # service manager restarting it): whatever is still pending goes out then.
        while pending(outbox_path) and kills < args.kills and time.monotonic() < deadline:
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.5, 2.0))  # start-up takes ~0.5 s; then a message every ~delay
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
            runs += 1
        last = time.monotonic()
        while pending(outbox_path) and time.monotonic() < deadline:  # each run drains for 10 s at most
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=max(10.0, deadline - time.monotonic()))
            runs += 1
        last = time.monotonic() - last
        posts = Counter()
        for call in slack.calls("chat.postMessage"):
            text = str(call.body)
            for i in range(args.forwards):
                if f"fwd-{i:03d}" in text:
                    posts[i] += 1
        with sqlite3.connect(f"file:{outbox_path}?mode=ro", uri=True) as db:
            waiting = {row[0] for row in db.execute(
                "SELECT json_extract(payload, '$.note') FROM outbox WHERE status = 'pending' AND kind = 'post'")}
        lost = [i for i in range(args.forwards) if posts[i] == 0 and f"fwd-{i:03d}" not in waiting]
        twice = [i for i in range(args.forwards) if posts[i] > 1]
        print(f"R3: {args.forwards} forwards, Slack answering after {args.delay:g} s, {kills} SIGKILLs over "
              f"{runs} runs of alerttui outbox --send (the unkilled ones at the end took {last:.1f} s); still pending "
              f"at the end {len(waiting)}; lost {len(lost)}, sent twice {len(twice)} {twice[:10]}; "
              f"looked up in Slack {len(slack.calls('conversations.history'))} times")
    finally:
        slack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
