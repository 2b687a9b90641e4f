"""Drains the outbox: per-channel token buckets (about one message per second with short
bursts), Slack's Retry-After honoured for the whole channel (nothing more is sent to it
before then; other channels keep flowing), exponential backoff with jitter on failures,
permanent errors parked as failed (visible, retriable)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from alerttui.clients.slack import SlackClient, SlackError
from alerttui.config import SlackConfig
from alerttui.forwarding.outbox import Claim, Item, Outbox, Thread
from alerttui.i18n import _

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
# Items that appear in a thread in the order they were made (a root update waits only for
# the root: it carries the latest state, and older updates are dropped as superseded).
THREAD_ORDERED = ("post", "reply", "upload")
# How long a sender holds an item it is sending: Slack calls time out after 10 s; a sender
# killed mid-send delays that item by at most this much.
CLAIM_LEASE = 60.0
# A message in doubt is looked for in Slack from this long before its send began (the two
# clocks may differ a little).
LOOKUP_MARGIN = 120.0
# The longest the worker sleeps with nothing due: another process (a dashboard beside a
# watch, a CLI command) may enqueue without being able to wake it.
IDLE = 2.0


@dataclass
class TokenBucket:
    rate: float
    burst: int
    tokens: float = -1.0
    stamp: float = 0.0
    paused_until: float = 0.0

    def wait(self, now: float) -> float:
        """Seconds until a token is free (0: take it now)."""
        if now < self.paused_until:
            return self.paused_until - now
        if self.tokens < 0:
            self.tokens, self.stamp = float(self.burst), now
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.stamp) * self.rate)
        self.stamp = max(self.stamp, now)
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate

    def sent(self, now: float) -> None:
        """A request just finished: no refill for the time it was in flight. Slack counts
        arrivals, and spacing from the end of one request to the start of the next keeps
        arrivals at least 1/rate apart whatever the latency jitter."""
        self.stamp = max(self.stamp, now)

    def pause(self, until: float) -> None:
        """Slack answered 429 + Retry-After: nothing to this channel before ``until``, then
        one message (no burst) and the normal rate."""
        self.paused_until = max(self.paused_until, until)
        self.tokens, self.stamp = 1.0, self.paused_until


@dataclass
class OutboxWorker:
    outbox: Outbox
    slack: SlackConfig
    client: SlackClient
    on_sent: Callable[[Item], None] | None = None
    on_failed: Callable[[Item, str], None] | None = None
    clock: Callable[[], float] = time.time
    buckets: dict[str, TokenBucket] = field(default_factory=dict)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: bool = False

    def wake(self) -> None:
        self._wake.set()

    def rate_limited_for(self, now: float) -> float | None:
        """Seconds until every channel that Slack paused (429 + Retry-After) and that still
        has a message waiting reopens; None when no such channel waits."""
        paused = {ch: b.paused_until - now for ch, b in self.buckets.items() if b.paused_until > now}
        if not paused:
            return None
        waiting = {i.channel for i in self.outbox.items("pending")}
        waits = [w for ch, w in paused.items() if ch in waiting]
        return max(waits) if waits else None

    def _bucket(self, channel: str) -> TokenBucket:
        if channel not in self.buckets:
            self.buckets[channel] = TokenBucket(self.slack.rate, self.slack.burst)
        return self.buckets[channel]

    async def drain_once(self) -> float | None:
        """Send what is due and allowed now. Returns seconds until something may be due."""
        soonest: float | None = None
        start = self.clock()
        held: set[str] = set()  # channels whose bucket said wait: keep their order (FIFO per channel)
        for item in self.outbox.due(start):
            if self._stopping:
                break
            if item.channel in held:
                continue
            # The same instant as due(): a channel paused by a 429 reopens exactly when the
            # item that got the 429 is due, so that item goes first (not a younger one).
            wait = self._bucket(item.channel).wait(start)
            if wait > 0:
                held.add(item.channel)
                soonest = wait if soonest is None else min(soonest, wait)
                continue
            await self._send(item)
            self._bucket(item.channel).sent(self.clock())
        # Items already due but held by their channel's bucket are covered by ``soonest``;
        # counting them here too would make the delay 0 and spin the loop while rate-limited.
        nxt = self.outbox.next_due(after=start)
        if nxt is not None:
            until = max(0.0, nxt - self.clock())
            soonest = until if soonest is None else min(soonest, until)
        return soonest

    def stop(self) -> None:
        """Finish the send in flight, start no other, and leave ``run``."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        self._stopping = False
        while not self._stopping:
            delay = await self.drain_once()
            if self._stopping:
                return
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=min(delay if delay is not None else IDLE, IDLE))

    def _thread(self, item: Item) -> Thread | None:
        found = self.outbox.threads(item.tenant, item.fingerprint)
        return next((t for t in found if t.channel == item.channel), None)

    async def _found(self, claim: Claim, channel: str, thread_ts: str | None = None) -> str | None:
        """An earlier send of the claimed item that may have reached Slack (its sender was
        killed, or got no answer): look for it there, so that it is not posted twice. Its ts,
        or None to send. Where Slack cannot say (a channel given by name that it does not
        know by that name, no history scope), it is sent: twice rather than never."""
        if claim.in_doubt_since is None:
            return None
        try:
            return await self.client.find(channel, claim.key, claim.in_doubt_since - LOOKUP_MARGIN, thread_ts)
        except SlackError as exc:
            if exc.permanent:
                log.warning("cannot look in Slack for a message in doubt (%s): sending it again", exc.reason)
                return None
            # Slack unreachable or busy: it would not take the message either. Later, and
            # still in doubt whatever the look-up's own error said.
            raise SlackError(exc.reason, retry_after=exc.retry_after, in_doubt=True) from None

    async def _send(self, item: Item) -> None:
        claim = self.outbox.claim(item.id, self.clock(), CLAIM_LEASE)
        if claim is None:
            return  # another process (dashboard or CLI) is sending it
        try:
            if item.kind == "post":
                ts = await self._found(claim, self.outbox.channel_id(item.channel))
                if ts is not None:
                    channel_id = self.outbox.channel_id(item.channel)
                else:
                    self.outbox.mark_attempt(item.id, self.clock())
                    channel_id, ts = await self.client.post(item.channel, item.payload["message"], key=claim.key)
                self.outbox.save_thread(Thread(item.tenant, item.fingerprint, item.channel, channel_id, ts,
                                               item.route, "firing", self.clock(), item.payload["alert"]))
            elif item.kind == "webhook":
                route = next((r for r in self.slack.routes if r.label == item.route), None)
                if route is None or route.webhook_url is None:
                    raise SlackError(_("route {route} has no webhook any more").format(route=item.route),
                                     permanent=True)
                # A webhook's messages cannot be looked for: at least once, not exactly once.
                await self.client.webhook(route.webhook_url, item.payload["message"])
            else:
                # A thread reads in order: the root first, then the replies as they were made.
                # An older one waiting for a retry (after a 5xx) holds the younger ones back.
                ahead = [p.next_at for p in self.outbox.pending()
                         if p.status == "pending" and p.id < item.id and p.kind in THREAD_ORDERED
                         and (item.kind != "update" or p.kind == "post")
                         and p.tenant == item.tenant and p.fingerprint == item.fingerprint
                         and p.channel == item.channel]
                if ahead:
                    self.outbox.defer(item.id, max(self.clock() + 1, min(ahead)))
                    return
                thread = self._thread(item)
                if thread is None:
                    raise SlackError(_("no thread for this alert in {channel}").format(channel=item.channel),
                                     permanent=True)
                if item.kind == "reply":
                    if await self._found(claim, thread.channel_id, thread.ts) is None:
                        self.outbox.mark_attempt(item.id, self.clock())
                        await self.client.post(thread.channel_id, item.payload["message"], thread_ts=thread.ts,
                                               key=claim.key)
                elif item.kind == "update":
                    # A later update of this root exists (e.g. this one was retried after it):
                    # sending it now would put the root back in an older state. Done as is.
                    if not self.outbox.superseded(item.id, item.tenant, item.fingerprint, item.channel, item.kind):
                        await self.client.update(thread.channel_id, thread.ts, item.payload["message"])
                        self.outbox.set_thread_status(item.tenant, item.fingerprint, item.channel,
                                                      item.payload.get("status", thread.status))
                elif item.kind == "upload":
                    await self.client.upload(thread.channel_id, thread.ts, item.payload["content"],
                                             item.payload.get("filename", "dashboard.svg"),
                                             item.payload.get("title", "dashboard"))
        except SlackError as exc:
            attempts, now = item.attempts + 1, self.clock()
            if exc.retry_after is not None:
                delay = exc.retry_after
                # The whole channel waits, and this item is due when the pause ends (first again).
                self._bucket(item.channel).pause(now + delay)
            else:
                # bandit B311: jitter for retries, not a secret
                delay = min(300.0, 2.0 ** attempts) * (0.5 + random.random() / 2)  # nosec B311
            # A rate limit is never a reason to give up: the item waits its turn, however long.
            give_up = exc.permanent or (attempts >= MAX_ATTEMPTS and exc.retry_after is None)
            self.outbox.mark_retry(item.id, exc.reason, now + delay, give_up, in_doubt=exc.in_doubt)
            if give_up and self.on_failed is not None:
                self.on_failed(item, exc.reason)
            return
        self.outbox.mark_sent(item.id, self.clock())
        if self.on_sent is not None:
            self.on_sent(item)
