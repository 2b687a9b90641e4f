"""The process's heap, for a long run (the dashboard, ``watch``).

What start-up builds (modules, the config, the screens) lives as long as the process. Left in
the collector's oldest generation, it makes a full collection both slow and rare: CPython
runs one only when a quarter as many objects again have survived into that generation. The
garbage every poll makes in cycles (Textual's widgets, parsed answers) then piled up for
minutes between two full collections, and the soak's RSS rose with it (the allocator keeps
the high-water mark). ``gc.freeze()`` sets start-up's objects aside: later full collections
scan only what came after, so they are quick and come often: the second ``gc.collect()``
(over an oldest generation now empty) is what tells CPython so; without it the next full
collection still waited for a quarter of start-up's count (the soak grew as before)."""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect start-up's garbage, then set what is left aside for good (call once, when
    the process is up: what is frozen is never collected)."""
    gc.collect()
    gc.freeze()
    gc.collect()  # the oldest generation's size is counted at a full collection: now ~0
