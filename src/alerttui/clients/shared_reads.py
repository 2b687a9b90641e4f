"""One read per backend per round, however many tenants share it.

Alertmanager's cost is per request: it computes every alert's status before it applies a
``filter`` (about 0.8 s of CPU for 10,000 alerts, filtered or not), and it answers 503
beyond ``--web.get-concurrency``. So tenants whose replica URL and backend identity
(credentials, headers such as ``X-Scope-OrgID``, TLS) are the same share one unfiltered
read of each kind per round:

* ``alerts``: each tenant keeps its own by evaluating its scope matchers locally, exactly as
  Alertmanager's ``filter=`` would (a test checks that against the real binary);
* ``silences``: likewise, with Alertmanager's rule for silences (every filter matcher equals
  one of the silence's matchers: name, type and value);
* ``status`` of a replica and ``ready`` of a Prometheus: the same for every sharer.

Tenants of another identity (another Mimir/Cortex org) never share: they may not see the
same alerts. A read is shared while it is in flight and for ``fresh`` seconds after it
finished, so the tenants of one round (they poll at the same refresh) share it; a tenant that
asks again (its next poll) starts the next round's read. A failed read fails every tenant
that shared it: it is their backend that failed.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from alerttui.clients.alertmanager import AlertmanagerClient
from alerttui.clients.wire import WireAlert, WireSilence, WireStatus
from alerttui.domain import Matcher, matches_all

FRESH = 2.0
T = TypeVar("T")


@dataclass
class _Read:
    future: asyncio.Future[Any]
    at: float  # when it was asked, then when it finished
    takers: set[str] = field(default_factory=set)  # the tenants it served


def silence_selected(filters: Sequence[Matcher], wire: WireSilence) -> bool:
    """Alertmanager's ``GET /api/v2/silences?filter=``: every filter matcher is one of the
    silence's own matchers (same name, type and value); it does not evaluate them."""
    own = {(m.name, m.isEqual, m.isRegex, m.value) for m in wire.matchers}
    return all((f.name, f.type.is_equal, f.type.is_regex, f.value) in own for f in filters)


class SharedReads:
    def __init__(self, fresh: float = FRESH, clock: Callable[[], float] = time.monotonic) -> None:
        self.fresh = fresh
        self.clock = clock
        self.counts: Counter[str] = Counter()  # reads actually sent, by kind (tests, benchmarks)
        self._reads: dict[tuple[object, ...], _Read] = {}

    @property
    def requests(self) -> int:
        """``GET /api/v2/alerts`` actually sent."""
        return self.counts["alerts"]

    async def shared(self, kind: str, url: str, identity: tuple[object, ...], taker: str,
                     fetch: Callable[[], Awaitable[T]]) -> T:
        """``fetch()``'s result, from this round's read of ``kind`` at ``url`` for ``identity``.
        ``taker`` (the tenant) never gets the same read twice: its next poll is a new round."""
        if self.fresh <= 0:  # sharing off
            self.counts[kind] += 1
            return await fetch()
        key = (kind, url, identity)
        read = self._reads.get(key)
        stale = read is not None and read.future.done() and self.clock() - read.at > self.fresh
        if read is None or stale or taker in read.takers:
            future = asyncio.ensure_future(fetch())
            future.add_done_callback(_retrieve)
            self.counts[kind] += 1
            self._reads[key] = read = _Read(future, self.clock())
            future.add_done_callback(lambda _f, read=read: setattr(read, "at", self.clock()))
        read.takers.add(taker)
        return await asyncio.shield(read.future)  # type: ignore[no-any-return]

    async def alerts(self, am: AlertmanagerClient, identity: tuple[object, ...],
                     matchers: Sequence[Matcher] = (), taker: str = "") -> list[WireAlert]:
        """The replica's alerts that ``matchers`` select, from the round's shared read."""
        if self.fresh <= 0:  # sharing off: Alertmanager filters
            self.counts["alerts"] += 1
            return await am.alerts(matchers)
        wires = await self.shared("alerts", am.url, identity, taker, lambda: am.alerts(()))
        if not matchers:
            return wires
        return [w for w in wires if matches_all(matchers, w.labels)]

    async def silences(self, am: AlertmanagerClient, identity: tuple[object, ...],
                       filters: Sequence[Matcher] = (), taker: str = "") -> list[WireSilence]:
        """The replica's silences that ``filters`` select (Alertmanager's rule), shared."""
        if self.fresh <= 0:
            self.counts["silences"] += 1
            return await am.silences(filters)
        wires = await self.shared("silences", am.url, identity, taker, lambda: am.silences(()))
        return [w for w in wires if silence_selected(filters, w)] if filters else wires

    async def status(self, am: AlertmanagerClient, identity: tuple[object, ...], taker: str = "") -> WireStatus:
        return await self.shared("status", am.url, identity, taker, am.status)

    def forget(self) -> None:
        """The next reads go to the backends (after a write, or ``r``): a silence just made
        must show at once, not in the next round."""
        self._reads.clear()


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Mark a failed read's exception as seen (each sharer gets it from ``await``)."""
    if not future.cancelled():
        future.exception()
