"""``alerttui`` with a probe: the real command (its ``main``), plus a thread that appends the
number of asyncio tasks of the running loop, Python's allocated blocks and the bytes SQLite
holds to ``$SOAK_PROBE`` every 5 s (JSON lines). For the soak: none of these can be read from
outside the process. Not part of the product."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
from collections.abc import Callable

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


def _sqlite_bytes() -> Callable[[], int | None]:
    """Bytes SQLite's allocator holds now (page caches, statements) in this process: outside
    Python's blocks, so RSS can grow with it while the blocks stay flat."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("sqlite3")
    if name is None:
        return lambda: None
    lib = ctypes.CDLL(name)  # the library _sqlite3 loaded: the same counters
    lib.sqlite3_memory_used.restype = ctypes.c_int64
    return lambda: int(lib.sqlite3_memory_used())


def _sample(path: str, every: float) -> None:
    sqlite_bytes = _sqlite_bytes()
    while True:
        time.sleep(every)
        with open(path, "a", encoding="utf-8") as out:
            # blocks: Python's allocated memory blocks (objects alive): flat while RSS grows means
            # the allocator keeps freed memory, not a leak of objects.
            out.write(json.dumps({"t": time.time(), "tasks": _count(), "threads": threading.active_count(),
                                  "blocks": sys.getallocatedblocks(), "sqlite": sqlite_bytes()}) + "\n")


def _trace(path: str, after: float, every: float = 60.0) -> None:
    """What Python allocated since ``after`` seconds in, by line, still alive: the top 30
    written to ``path`` every ``every`` seconds (the soak's --trace)."""
    import gc
    import tracemalloc
    from collections import Counter

    from textual.dom import DOMNode

    time.sleep(after)
    gc.collect()  # what is still reachable: garbage waiting for a collection is not a leak
    base = tracemalloc.take_snapshot()
    while True:
        time.sleep(every)
        gc.collect()
        snap = tracemalloc.take_snapshot()
        top = snap.compare_to(base, "lineno")[:30]
        stacks = snap.compare_to(base, "traceback")[:12]
        nodes = Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, DOMNode))
        with open(path, "w", encoding="utf-8") as out:
            out.write(f"traced now {tracemalloc.get_traced_memory()[0] / 1e6:.1f} MB, "
                      f"blocks after a full collection {sys.getallocatedblocks()}\n")
            out.write(f"DOM nodes alive: {dict(nodes.most_common(15))}\n")
            out.writelines(f"{stat}\n" for stat in top)
            for stat in stacks:  # where the biggest growths were allocated from, innermost last
                out.write(f"\n{stat.size_diff / 1e3:+.1f} kB in {stat.count_diff:+d} blocks:\n")
                out.writelines(f"    {line}\n" for line in stat.traceback.format(limit=12))


def _types(path: str, after: float, every: float = 120.0) -> None:
    """After a full collection, the object types that grew since ``after`` seconds in, most
    first, written to ``path`` every ``every`` seconds (the soak's --types)."""
    import gc
    from collections import Counter

    from textual.dom import DOMNode

    def count() -> Counter[str]:
        gc.collect()
        # DOM nodes by their type under "node:" (which widgets grow), every other object by type
        return Counter(f"node:{type(o).__name__}" if isinstance(o, DOMNode) else type(o).__qualname__
                       for o in gc.get_objects())

    def caches() -> dict[str, int]:
        """Entries held by the bounded caches that fill: Textual's LRU/FIFO caches (made after
        start-up, so not frozen out of ``gc.get_objects``) and every ``functools.lru_cache``
        found on a loaded module or class (e.g. Textual's ``StylesCache.get_inner_outer``,
        which keys on widgets' styles caches: textual#6665)."""
        from textual.cache import FIFOCache, LRUCache

        out: Counter[str] = Counter()
        for o in gc.get_objects():
            if isinstance(o, (LRUCache, FIFOCache)):
                out[f"{type(o).__name__}({getattr(o, 'maxsize', '')})"] += len(o)
        for module in list(sys.modules.values()):
            for value in list(getattr(module, "__dict__", {}).values()):
                found = list(vars(value).values()) if isinstance(value, type) else [value]
                for f in found:
                    f = getattr(f, "__func__", f)  # classmethod, staticmethod
                    if callable(f) and hasattr(f, "cache_info") and hasattr(f, "__qualname__"):
                        out[f"lru {f.__module__}.{f.__qualname__}"] = f.cache_info().currsize
        return out

    started = time.monotonic()
    time.sleep(after)
    base = count()
    base_caches = caches()
    while True:
        time.sleep(every)
        now = count()
        now_caches = caches()
        filled = sorted(((n - base_caches.get(k, 0), k, n) for k, n in now_caches.items()), reverse=True)[:25]
        grown = sorted(((n - base[t], t, n) for t, n in now.items()), reverse=True)[:30]
        with open(path, "a", encoding="utf-8") as out:  # one report per pass: the curve of each
            out.write(f"\n== {(time.monotonic() - started) / 60:.1f} min in; blocks after a full collection: "
                      f"{sys.getallocatedblocks()}; objects {sum(now.values())} (at the base {sum(base.values())})\n")
            out.writelines(f"{d:+7d} {t} ({n})\n" for d, t, n in grown)
            out.write("cache entries added since the base:\n")
            out.writelines(f"{d:+7d} {k} ({n})\n" for d, k, n in filled)
            out.write("DOM nodes: " + ", ".join(f"{t[5:]} {n}" for t, n in now.most_common() if t.startswith("node:"))
                      + "\n")


def main() -> int:
    asyncio.set_event_loop_policy(_Policy())
    threading.Thread(target=_sample, args=(os.environ["SOAK_PROBE"], 5.0), daemon=True).start()
    if os.environ.get("SOAK_TYPES"):
        threading.Thread(target=_types, args=(os.environ["SOAK_TYPES"], float(os.environ["SOAK_TRACE_AFTER"])),
                         daemon=True).start()
    if os.environ.get("SOAK_TRACE"):
        import tracemalloc

        tracemalloc.start(int(os.environ.get("SOAK_TRACE_FRAMES", "12")))
        threading.Thread(target=_trace, args=(os.environ["SOAK_TRACE"], float(os.environ["SOAK_TRACE_AFTER"])),
                         daemon=True).start()
    from alerttui.cli import main as alerttui_main

    return alerttui_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
