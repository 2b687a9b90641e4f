"""Slack forwarding throughput against a rate-limited FakeSlack.

Forwards N alerts, routed by severity to C channels, through the real ``Forwarder`` ->
durable ``Outbox`` (SQLite) -> ``OutboxWorker`` (token buckets, Retry-After) -> slack-sdk,
to the local ``FakeSlack`` that accepts at most ``--rate`` chat.postMessage per second per
channel (no burst) and answers 429 + ``Retry-After`` beyond that.

For each variant of our own bucket (``[slack] rate``/``burst``) it prints the time until
every alert was accepted (outbox empty), the theoretical floor, their ratio, the 429s the
server sent, the worker's wake-ups and CPU time, and checks that every alert arrived
exactly once in its channel (by fingerprint: no loss, no duplicate, no misroute).

    .venv/bin/python benchmarks/slack_throughput.py            # 200 alerts, 3 channels, 1/s
    .venv/bin/python benchmarks/slack_throughput.py --quick    # 30 alerts
    .venv/bin/python benchmarks/slack_throughput.py --variants matched,default,loose
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from alerttui.config import Settings, parse_settings  # noqa: E402
from alerttui.demo.fake_slack import FakeSlack  # noqa: E402
from alerttui.domain import Alert, AlertState  # noqa: E402
from alerttui.forwarding.outbox import Item, Outbox  # noqa: E402
from alerttui.forwarding.service import Forwarder  # noqa: E402
from alerttui.operations import Operations  # noqa: E402
from alerttui.operations.audit import AuditLog  # noqa: E402

SEVERITIES = ["critical", "warning", "info", "error"]
FINGERPRINT = re.compile(r"`([0-9a-f]{16})`")


@dataclass(frozen=True)
class Variant:
    name: str
    rate: float  # our bucket, messages per second per channel
    burst: int
    why: str


def variants(server_rate: float) -> dict[str, Variant]:
    return {
        "matched": Variant("matched", server_rate, 1, "our bucket = the server's limit (rate, no burst)"),
        "default": Variant("default", server_rate, 3, "the shipped default: the server's rate, burst 3"),
        "loose": Variant("loose", server_rate * 5, 5, "our bucket 5x looser than the server"),
    }


def severity(i: int) -> str:
    return SEVERITIES[i] if i < len(SEVERITIES) else f"sev{i}"


def settings_for(slack: FakeSlack, channels: int, variant: Variant) -> Settings:
    os.environ["BENCH_SLACK_TOKEN"] = "xoxb-bench-not-a-secret"
    routes = [{"name": f"r{i}", "severities": [severity(i)], "channel": f"#bench-{severity(i)}", "mention": "none"}
              for i in range(channels)]
    data = {
        "ui": {"operator": "bench", "timezone": "UTC"},
        "slack": {"token_env": "BENCH_SLACK_TOKEN", "base_url": slack.base_url, "rate": variant.rate,
                  "burst": variant.burst, "routes": routes},
        "tenants": [{"id": "bench", "name": "Bench", "language": "en", "role": "responder",
                     "alertmanager": {"urls": ["http://127.0.0.1:1"]}}],
    }
    return parse_settings(data, Path("bench.toml"))


def make_alerts(n: int, channels: int, storm: bool = False) -> list[Alert]:
    """Round-robin over the channels; with ``storm``, the first channel gets half of the alerts
    and they are forwarded first (the other channels must keep flowing meanwhile)."""
    now = datetime.now(UTC)
    out = []
    storm = storm and channels > 1
    first = n // 2 if storm else 0
    for i in range(n):
        channel = 0 if i < first else (i - first) % channels if not storm else 1 + (i - first) % (channels - 1)
        labels = {"alertname": f"Bench{i:04d}", "severity": severity(channel), "tenant": "bench",
                  "instance": f"host-{i % 17}"}
        fp = hashlib.sha1(json.dumps(labels, sort_keys=True).encode()).hexdigest()[:16]
        out.append(Alert(fingerprint=fp, tenant="bench", labels=labels, annotations={"summary": f"alert {i}"},
                         state=AlertState.ACTIVE, starts_at=now - timedelta(minutes=1),
                         ends_at=now + timedelta(hours=1), updated_at=now))
    return out


@dataclass
class Result:
    variant: Variant
    total: float
    floor: float
    busiest: int
    server_429: int
    client_retries: int
    wakeups: int
    cpu: float
    per_channel: dict[str, tuple[int, float, float, float]]  # channel -> (accepted, msg/s, done at, floor)
    lost: list[str]
    duplicated: list[str]
    misrouted: list[str]
    timed_out: bool


async def run_variant(variant: Variant, n: int, channels: int, server_rate: float, retry_after: int,
                      workdir: Path, storm: bool) -> Result:
    alerts = make_alerts(n, channels, storm)
    expected = {a.fingerprint: f"#bench-{a.labels['severity']}" for a in alerts}
    busiest = max(Counter(expected.values()).values())
    server_burst = 1  # FakeSlack accepts a channel's first message at once, then one per 1/rate s
    floor = max(0, busiest - server_burst) / server_rate

    with FakeSlack(per_channel_rate=server_rate, retry_after=retry_after) as slack:
        settings = settings_for(slack, channels, variant)
        outbox = Outbox(workdir / f"outbox-{variant.name}.sqlite3")
        fw = Forwarder(settings, outbox, Operations(settings, {}, AuditLog(workdir / f"audit-{variant.name}.jsonl")))
        done = asyncio.Event()
        sent = 0
        sent_at: dict[str, list[float]] = {}

        def on_sent(item: Item) -> None:
            nonlocal sent
            sent += 1
            sent_at.setdefault(item.channel, []).append(time.monotonic())
            if sent >= n:
                done.set()

        fw.worker.on_sent = on_sent
        wakeups = 0
        drain = fw.worker.drain_once

        async def counted() -> float | None:
            nonlocal wakeups
            wakeups += 1
            return await drain()

        fw.worker.drain_once = counted  # type: ignore[method-assign]
        worker = asyncio.create_task(fw.run())
        cpu0, t0 = time.process_time(), time.monotonic()
        for a in alerts:  # as an operator (or an automation) would: forward, the worker is woken
            fw.forward(a)
        timeout = 3 * floor + 30
        timed_out = False
        try:
            await asyncio.wait_for(done.wait(), timeout)
        except TimeoutError:
            timed_out = True
        total, cpu = time.monotonic() - t0, time.process_time() - cpu0
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
        await asyncio.sleep(0.2)  # anything still in flight lands before we count

        accepted: Counter[tuple[str, str]] = Counter()
        for (channel, _ts), message in list(slack.messages.items()):
            if message.get("thread_ts"):
                continue
            fields = json.dumps(message.get("attachments", []))
            m = FINGERPRINT.search(fields)
            accepted[(channel, m.group(1) if m else "?")] += 1
        per_channel = {}
        counts = Counter(expected.values())
        for channel in sorted(counts):
            count = sum(v for (c, _f), v in accepted.items() if c == channel)
            # achieved rate: accepted messages over first to last acceptance
            acc_times = sorted(sent_at.get(channel, []))
            span = acc_times[-1] - acc_times[0] if len(acc_times) > 1 else 0.0
            per_channel[channel] = (count, (count - 1) / span if span > 0 else float("nan"),
                                    acc_times[-1] - t0 if acc_times else float("nan"),
                                    max(0, counts[channel] - server_burst) / server_rate)
        lost = [fp for fp, ch in expected.items() if accepted[(ch, fp)] == 0]
        duplicated = [fp for fp, ch in expected.items() if accepted[(ch, fp)] > 1]
        misrouted = [f"{fp}@{ch}" for (ch, fp) in accepted if expected.get(fp) != ch]
        retries = sum(i.attempts for i in outbox.items())
        outbox.close()
        return Result(variant, total, floor, busiest, slack.rejected, retries, wakeups, cpu, per_channel, lost,
                      duplicated, misrouted, timed_out)


def report(r: Result, n: int, server_rate: float) -> None:
    v = r.variant
    print(f"\n== variant {v.name}: our bucket rate={v.rate:g}/s burst={v.burst}  ({v.why})")
    print(f"   server: FakeSlack {server_rate:g} chat.postMessage/s per channel, no burst, 429 + Retry-After")
    if r.timed_out:
        print("   !! TIMED OUT before every alert was accepted")
    print(f"   total until all {n} accepted (outbox empty): {r.total:7.2f} s")
    print(f"   theoretical floor: (busiest channel {r.busiest} msgs - 1 immediate) / {server_rate:g}/s "
          f"= {r.floor:7.2f} s")
    print(f"   ratio total/floor: {r.total / r.floor if r.floor else float('nan'):.3f}")
    print(f"   429s sent by the server: {r.server_429}   (retries recorded in the outbox: {r.client_retries})")
    print(f"   worker wake-ups (drain_once calls): {r.wakeups}   process CPU: {r.cpu:.2f} s")
    for channel, (count, rate, done, floor) in r.per_channel.items():
        print(f"   {channel:18} accepted {count:4d}   achieved {rate:5.3f} msg/s   "
              f"last accepted at {done:7.2f} s (its floor {floor:6.2f} s)")
    ok = not (r.lost or r.duplicated or r.misrouted)
    print(f"   exactly once per alert in its channel: {'YES' if ok else 'NO'}"
          f"  (lost {len(r.lost)}, duplicated {len(r.duplicated)}, misrouted {len(r.misrouted)})")
    for label, items in (("lost", r.lost), ("duplicated", r.duplicated), ("misrouted", r.misrouted)):
        if items:
            print(f"     {label}: {', '.join(items[:10])}{' ...' if len(items) > 10 else ''}")


async def main_async(args: argparse.Namespace) -> int:
    table = variants(args.rate)
    chosen = [table[name.strip()] for name in args.variants.split(",") if name.strip()]
    n = args.alerts if args.alerts is not None else (30 if args.quick else 200)
    print(f"slack throughput: {n} alerts over {args.channels} channels (routed by severity"
          f"{'; storm: half of them to the first channel, forwarded first' if args.storm else ''}), "
          f"server limit {args.rate:g}/s per channel, Retry-After {args.retry_after} s")
    results = []
    with tempfile.TemporaryDirectory(prefix="alerttui-bench-") as tmp:
        for v in chosen:
            r = await run_variant(v, n, args.channels, args.rate, args.retry_after, Path(tmp), args.storm)
            report(r, n, args.rate)
            results.append(r)
    print("\nsummary")
    print(f"   {'variant':8} {'bucket':>12} {'total s':>8} {'floor s':>8} {'ratio':>6} {'429s':>5} "
          f"{'wakeups':>8} {'cpu s':>6} exactly-once")
    for r in results:
        ok = not (r.lost or r.duplicated or r.misrouted) and not r.timed_out
        print(f"   {r.variant.name:8} {f'{r.variant.rate:g}/s b{r.variant.burst}':>12} {r.total:8.2f} {r.floor:8.2f} "
              f"{r.total / r.floor if r.floor else float('nan'):6.3f} {r.server_429:5d} {r.wakeups:8d} "
              f"{r.cpu:6.2f} {'yes' if ok else 'NO'}")
    return 0 if all(not (r.lost or r.duplicated or r.misrouted or r.timed_out) for r in results) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alerts", type=int, default=None, help="alerts to forward (default 200, --quick 30)")
    parser.add_argument("--channels", type=int, default=3, help="channels, one route per severity (default 3)")
    parser.add_argument("--rate", type=float, default=1.0, help="the server's limit per channel, msg/s (default 1)")
    parser.add_argument("--retry-after", type=int, default=1, help="Retry-After the server sends (s, default 1)")
    parser.add_argument("--variants", default="matched,loose",
                        help="comma list of matched, default, loose (default: matched,loose)")
    parser.add_argument("--quick", action="store_true", help="30 alerts instead of 200")
    parser.add_argument("--storm", action="store_true",
                        help="half of the alerts to the first channel, forwarded first (head-of-line check)")
    args = parser.parse_args()
    if args.channels < 1 or (args.alerts is not None and args.alerts < 1) or args.rate <= 0:
        parser.error("--alerts, --channels and --rate must be positive")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
