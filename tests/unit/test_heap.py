"""``heap.settle``: after it, cyclic garbage made per poll is collected by full collections
that come often, instead of piling up until a quarter of start-up's heap has survived
(the soak's RSS rose with that pile). Run in a child process: freezing pytest's own heap
would keep every later test's apps alive."""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import gc
from alerttui import heap
startup = [{} for _ in range(300_000)]  # what start-up built, in cycles
for d in startup:
    d["self"] = d
heap.settle()
full = gc.get_stats()[2]["collections"]
class Widget: pass
for _ in range(200_000):  # per-poll garbage in cycles
    w = Widget(); w.me = w
print(gc.get_stats()[2]["collections"] - full)
"""


def test_full_collections_come_often_after_settling() -> None:
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60, check=True)
    assert int(out.stdout) >= 1, "no full collection: the garbage piles up until a quarter of start-up's heap"
