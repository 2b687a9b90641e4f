"""``alerttui`` with a probe: the real command (its ``main``), plus a thread that appends the
number of asyncio tasks of the running loop to ``$SOAK_PROBE`` every 5 s (JSON lines). For
the soak: tasks cannot be counted from outside the process. Not part of the product."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time

_loops: list[asyncio.AbstractEventLoop] = []


class _Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        loop = super().new_event_loop()
        _loops.append(loop)
        return loop


def _count() -> int | None:
    for loop in _loops:
        if loop.is_running():
            for _attempt in range(10):
                try:
                    return len(asyncio.all_tasks(loop))
                except RuntimeError:  # the set changed while it was read: again
                    time.sleep(0.01)
    return None


def _sample(path: str, every: float) -> None:
    while True:
        time.sleep(every)
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"t": time.time(), "tasks": _count(), "threads": threading.active_count()}) + "\n")


def main() -> int:
    asyncio.set_event_loop_policy(_Policy())
    threading.Thread(target=_sample, args=(os.environ["SOAK_PROBE"], 5.0), daemon=True).start()
    from alerttui.cli import main as alerttui_main

    return alerttui_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
