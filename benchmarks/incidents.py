"""Benchmark: correlating alerts into incidents, at 100,000 alerts in one tenant.

    .venv/bin/python -m benchmarks.incidents [--alerts 100000] [--services 6000] [--runs 5]

Synthetic domain ``Alert`` objects (no network), correlated by ``service`` within 10 min, as
``Responder.observe`` does after each poll (in a thread from 5,000 alerts). Measured in one
run, so the machine's speed cancels out, as ratios to the poller's own pass over the same
poll (``reuse_unchanged``: every poll already pays it):

* first: the first poll (every incident new);
* unchanged: the same alert map again (the poller hands on the previous dict when nothing
  changed);
* delta: a poll where 1% of the alerts changed (silenced / new / gone).

Prints median milliseconds and the ratio; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from alerttui.domain import Alert, AlertState
from alerttui.domain.incidents import Correlator
from alerttui.polling.fetch import reuse_unchanged

T0 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def make(n: int, services: int, rng: random.Random) -> dict[str, Alert]:
    out = {}
    for i in range(n):
        fp = f"{i:016x}"
        out[fp] = Alert(fingerprint=fp, tenant="big",
                        labels={"alertname": f"A{i % 50}", "severity": rng.choice(["critical", "warning", "info"]),
                                "service": f"svc-{i % services}", "instance": f"host-{i}"},
                        annotations={"summary": f"summary {i}"}, state=AlertState.ACTIVE,
                        starts_at=T0 + timedelta(seconds=rng.randrange(0, 300)))
    return out


def churn(alerts: dict[str, Alert], share: float, rng: random.Random, serial: int) -> dict[str, Alert]:
    """A new poll: every object new (as the poller parses them), ``share`` of them changed."""
    out = {fp: replace(a) for fp, a in alerts.items()}
    keys = list(out)
    k = int(len(keys) * share / 3)
    for fp in rng.sample(keys, k):
        out[fp] = replace(out[fp], silenced_by=("s",) if not out[fp].silenced_by else ())
    for fp in rng.sample(keys, k):
        del out[fp]
    for j in range(k):
        fp = f"new-{serial}-{j}"
        out[fp] = Alert(fingerprint=fp, tenant="big", labels={"alertname": "New", "service": f"svc-{j}"},
                        annotations={}, state=AlertState.ACTIVE, starts_at=T0 + timedelta(minutes=1))
    return out


def since(t: float) -> float:
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--alerts", type=int, default=100_000)
    ap.add_argument("--services", type=int, default=6000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(7)
    firsts, sames, deltas, bases = [], [], [], []
    incidents = 0
    for run in range(args.runs):
        alerts = make(args.alerts, args.services, rng)
        c = Correlator(lambda _t: (["service"], timedelta(minutes=10)))
        t = time.perf_counter()
        c.update("big", alerts, T0)
        firsts.append(since(t))
        incidents = len(c.incidents("big"))
        t = time.perf_counter()
        c.update("big", alerts, T0)
        sames.append(since(t))
        polled = churn(alerts, 0.01, rng, run)
        t = time.perf_counter()
        nxt = reuse_unchanged(alerts, polled)
        bases.append(since(t))
        t = time.perf_counter()
        c.update("big", nxt, T0 + timedelta(seconds=15))
        deltas.append(since(t))
    med = statistics.median
    print(f"{args.alerts} alerts, {incidents} incidents, {args.runs} runs (median ms)")
    print(f"  reuse_unchanged (the poller's own pass): {med(bases):8.1f}")
    print(f"  first poll:                               {med(firsts):8.1f}  ({med(firsts) / med(bases):.2f}x)")
    print(f"  unchanged map:                            {med(sames):8.3f}")
    print(f"  1% delta:                                 {med(deltas):8.1f}  ({med(deltas) / med(bases):.2f}x)")


if __name__ == "__main__":
    main()
