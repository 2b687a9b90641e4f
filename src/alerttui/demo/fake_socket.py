"""A local WebSocket server speaking Slack's Socket Mode, so tests can drive interactive
buttons (Block Kit ``block_actions``) into the real ``slack_sdk`` Socket Mode client
without a Slack workspace.

Slack's flow, which this reproduces: the app calls ``apps.connections.open`` with its
app-level token (``xapp-…``; :class:`~alerttui.demo.fake_slack.FakeSlack` answers it with
:meth:`FakeSocketMode.url`), connects to the WebSocket URL it gets, receives a ``hello``,
then receives envelopes (here ``interactive`` ones) and must acknowledge each with
``{"envelope_id": …}`` within 3 seconds, or Slack redelivers it with ``retry_attempt`` + 1.

The server runs on its own event loop in a daemon thread, so it works the same whether the
test is synchronous or an asyncio test whose loop also runs the client. Everything it sends
and receives is recorded (:attr:`FakeSocketMode.exchange`) for the release notes.

From an asyncio test whose loop runs the client, use the ``*_async`` waits: the blocking
ones would stop the loop the client needs to answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import secrets
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import quote

from aiohttp import WSCloseCode, WSMsgType, web

T = TypeVar("T")

#: How long a call from another thread waits for the server's loop before giving up.
_CALL_TIMEOUT = 10.0
#: How often the async waits look again; they poll so that they never block the caller's loop.
_POLL = 0.01


@dataclass(frozen=True)
class ClientMessage:
    """One text message a client sent: ``body`` is the parsed JSON (the raw text if it was
    not JSON), ``at`` the ``time.time()`` it arrived, ``connection`` which socket it came on."""

    body: Any
    at: float
    connection: int

    @property
    def envelope_id(self) -> str | None:
        """The envelope this message acknowledges, if it is an ack."""
        if isinstance(self.body, dict) and isinstance(self.body.get("envelope_id"), str):
            return str(self.body["envelope_id"])
        return None

# Slack still sends a verification token in Socket Mode payloads; nothing checks it.
VERIFICATION_PLACEHOLDER = "verification-token-unused-in-socket-mode"


class FakeSocketMode:
    """Slack's Socket Mode WebSocket endpoint (``/link?ticket=…``) on 127.0.0.1.

    Thread-safe: every public method can be called from any thread except the server's own.
    Records survive :meth:`stop`/:meth:`start`, and a restart binds the same port, like
    :class:`~alerttui.demo.fake_slack.FakeSlack`, so a test can make Slack go away and come back.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, app_id: str = "A000", team_id: str = "T000",
                 response_url_base: str = "https://hooks.slack.invalid/actions") -> None:
        # response_url defaults to a name that can never resolve (RFC 2606), so code under test
        # that answers through it can never reach the real Slack; FakeSlack points it at itself.
        self.host = host
        self.port = port
        self.app_id = app_id
        self.team_id = team_id
        self.response_url_base = response_url_base.rstrip("/")
        self._cond = threading.Condition()
        self._open: dict[int, web.WebSocketResponse] = {}
        self._handlers: dict[int, asyncio.Task[Any]] = {}
        self._closing: set[asyncio.Task[Any]] = set()
        self._opened = 0
        self._tickets: list[str] = []
        self._received: list[ClientMessage] = []
        self._sent: list[tuple[float, dict[str, Any]]] = []  # (time, envelope) per delivery
        self._exchange: list[dict[str, Any]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> FakeSocketMode:
        """Bind (a free port the first time, the same one after a stop) and serve in a thread."""
        if self._thread is not None:
            return self
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=self._run_loop, args=(loop,), daemon=True, name="fake-slack-socket")
        self._thread.start()
        try:
            self._call(self._serve())
        except BaseException:
            self._halt_loop()
            raise
        return self

    def stop(self) -> None:
        """Close every socket (going away), stop serving and end the thread."""
        if self._thread is None:
            return
        try:
            self._call(self._shutdown())
        finally:
            self._halt_loop()

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url(self, ticket: str) -> str:
        """The WebSocket URL ``apps.connections.open`` hands out for ``ticket``."""
        if not self.port:
            raise RuntimeError("FakeSocketMode is not started: it has no port yet")
        return f"ws://{self.host}:{self.port}/link?ticket={quote(ticket, safe='')}"

    # -- connections ----------------------------------------------------------------------------

    @property
    def connections(self) -> int:
        """Sockets open now (after :meth:`disconnect_all`, 0 until the client reconnects)."""
        with self._cond:
            return len(self._open)

    @property
    def total_connections(self) -> int:
        """Sockets ever accepted: proves a reconnect, where :attr:`connections` stays at 1."""
        with self._cond:
            return self._opened

    @property
    def tickets(self) -> list[str]:
        """The ticket of every accepted socket, in order."""
        with self._cond:
            return list(self._tickets)

    def wait_connected(self, timeout: float = 10.0) -> bool:
        """Block until a socket is open (its ``hello`` already sent); False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: bool(self._open), timeout)

    async def wait_connected_async(self, timeout: float = 10.0) -> bool:
        """:meth:`wait_connected` without blocking the caller's event loop."""
        return await self._poll(lambda: bool(self._open), timeout)

    def disconnect_all(self) -> int:
        """Close every open socket from the server's side, as Slack does every few hours.

        Returns at once with :attr:`connections` at 0: the close handshakes finish in the
        background, because from an asyncio test the client can only answer them once the
        caller's loop runs again. Returns how many sockets were closed.
        """
        return self._call(self._close_all())

    # -- sending --------------------------------------------------------------------------------

    def block_action(self, *, user_id: str, action_id: str, value: str, channel_id: str = "C000",
                     message_ts: str = "1.000001", action_ts: str | None = None, envelope_id: str | None = None,
                     block_id: str = "alerttui", user_name: str | None = None, channel_name: str = "alerts",
                     message_text: str = "alerttui") -> dict[str, Any]:
        """Someone pressed a button: send a ``block_actions`` envelope, shaped like Slack's, to
        every open socket, and return it (keep it for :meth:`redeliver` and :meth:`wait_ack`)."""
        now = time.time()
        name = user_name or user_id.lower()
        envelope_id = envelope_id or secrets.token_hex(16)
        trigger_id = f"{int(now)}.{secrets.randbelow(10**9):09d}.{secrets.token_hex(16)}"
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": "interactive",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
            "payload": {
                "type": "block_actions",
                "user": {"id": user_id, "username": name, "name": name, "team_id": self.team_id},
                "api_app_id": self.app_id,
                "token": VERIFICATION_PLACEHOLDER,
                "team": {"id": self.team_id, "domain": "fake"},
                "enterprise": None,
                "is_enterprise_install": False,
                "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id,
                              "is_ephemeral": False},
                "channel": {"id": channel_id, "name": channel_name},
                "message": {"type": "message", "ts": message_ts, "text": message_text},
                "state": {"values": {}},
                "trigger_id": trigger_id,
                "response_url": f"{self.response_url_base}/{self.team_id}/{int(now)}/{secrets.token_hex(12)}",
                "actions": [{
                    "type": "button",
                    "action_id": action_id,
                    "block_id": block_id,
                    "text": {"type": "plain_text", "text": value, "emoji": True},
                    "value": value,
                    "action_ts": action_ts or f"{now:.6f}",
                }],
            },
        }
        self._deliver(envelope)
        return copy.deepcopy(envelope)

    def redeliver(self, envelope: dict[str, Any], retry_reason: str = "timeout") -> dict[str, Any]:
        """Send ``envelope`` again as Slack does when no ack came in time, and return the copy sent."""
        again = copy.deepcopy(envelope)
        again["retry_attempt"] = int(envelope.get("retry_attempt") or 0) + 1
        again["retry_reason"] = retry_reason
        self._deliver(again)
        return copy.deepcopy(again)

    # -- what the tests read --------------------------------------------------------------------

    @property
    def received(self) -> list[ClientMessage]:
        """Every text message the clients sent, in order."""
        with self._cond:
            return list(self._received)

    @property
    def acks(self) -> list[ClientMessage]:
        """The received messages that acknowledge an envelope (they carry ``envelope_id``)."""
        with self._cond:
            return [m for m in self._received if m.envelope_id is not None]

    @property
    def envelopes(self) -> list[dict[str, Any]]:
        """Every envelope delivered (redeliveries included), in order."""
        with self._cond:
            return [copy.deepcopy(e) for _, e in self._sent]

    @property
    def exchange(self) -> list[dict[str, Any]]:
        """Everything sent (``"dir": "out"``) and received (``"in"``), in order, each with its
        ISO time: JSON-ready, for the release notes."""
        with self._cond:
            return copy.deepcopy(self._exchange)

    def acked(self, envelope_id: str) -> float | None:
        """Seconds from the delivery an ack answers (the last one sent before it) to the
        first ack of ``envelope_id``; None if it was not acked (yet)."""
        with self._cond:
            ack = next((m.at for m in self._received if m.envelope_id == envelope_id), None)
            if ack is None:
                return None
            sends = [at for at, e in self._sent if e["envelope_id"] == envelope_id and at <= ack]
            return ack - max(sends) if sends else None

    def wait_ack(self, envelope_id: str, timeout: float = 5.0, *, count: int = 1) -> bool:
        """Block until ``envelope_id`` got ``count`` acks (count=2 after a redelivery); False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._ack_count(envelope_id) >= count, timeout)

    async def wait_ack_async(self, envelope_id: str, timeout: float = 5.0, *, count: int = 1) -> bool:
        """:meth:`wait_ack` without blocking the caller's event loop."""
        return await self._poll(lambda: self._ack_count(envelope_id) >= count, timeout)

    # -- inside --------------------------------------------------------------------------------

    def _ack_count(self, envelope_id: str) -> int:
        # Called with self._cond held.
        return sum(1 for m in self._received if m.envelope_id == envelope_id)

    async def _poll(self, ready: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                if ready():
                    return True
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(_POLL)

    def _record(self, direction: str, body: Any, at: float) -> None:
        # Called with self._cond held.
        iso = datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")
        self._exchange.append({"dir": direction, "at": iso, "body": copy.deepcopy(body)})

    def _run_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            loop.close()

    def _halt_loop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=5)
        self._loop = self._thread = None

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the server's loop and wait for it: how other threads reach the sockets."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            coro.close()
            raise RuntimeError("FakeSocketMode is not started")
        if threading.current_thread() is thread:
            coro.close()
            raise RuntimeError("FakeSocketMode's methods wait for its own loop: call them from another thread")
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout=_CALL_TIMEOUT)

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get("/link", self._on_link)
        # access_log=None: the tests' output should not fill with one line per connection.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def _shutdown(self) -> None:
        with self._cond:
            sockets = list(self._open.values())
            handlers = list(self._handlers.values())
            self._open.clear()
            self._cond.notify_all()
        for ws in sockets:
            # A client whose loop is not running cannot answer the close: do not wait for it long.
            with contextlib.suppress(TimeoutError, ConnectionError):
                await asyncio.wait_for(ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping"), 1.0)
        for task in [*handlers, *self._closing]:
            task.cancel()
        await asyncio.gather(*handlers, *self._closing, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _close_all(self) -> int:
        with self._cond:
            sockets = list(self._open.values())
            self._open.clear()
            self._cond.notify_all()
        for ws in sockets:
            task = asyncio.ensure_future(ws.close(code=WSCloseCode.GOING_AWAY, message=b"refresh_requested"))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        return len(sockets)

    def _deliver(self, envelope: dict[str, Any]) -> None:
        self._call(self._broadcast(envelope))

    async def _broadcast(self, envelope: dict[str, Any]) -> None:
        with self._cond:
            sockets = list(self._open.values())
        if not sockets:
            raise RuntimeError("no Socket Mode connection is open: nothing would receive the envelope")
        text = json.dumps(envelope)
        for ws in sockets:
            at = time.time()
            await ws.send_str(text)
            with self._cond:
                self._sent.append((at, copy.deepcopy(envelope)))
                self._record("out", envelope, at)

    async def _on_link(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if not ticket:
            return web.Response(status=401, text="missing ticket")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        task = asyncio.current_task()
        with self._cond:
            self._opened += 1
            conn = self._opened
            self._tickets.append(ticket)
            if task is not None:
                self._handlers[conn] = task
            num_connections = len(self._open) + 1
        hello = {
            "type": "hello",
            "num_connections": num_connections,
            "debug_info": {"host": "applink-fake-1", "build_number": 1, "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.app_id},
        }
        try:
            at = time.time()
            await ws.send_str(json.dumps(hello))
            with self._cond:
                self._record("out", hello, at)
                # Registered only once hello is out, so an envelope never overtakes it.
                self._open[conn] = ws
                self._cond.notify_all()
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                at = time.time()
                try:
                    body: Any = json.loads(msg.data)
                except ValueError:
                    body = msg.data
                with self._cond:
                    self._received.append(ClientMessage(body, at, conn))
                    self._record("in", body, at)
                    self._cond.notify_all()
        finally:
            with self._cond:
                self._open.pop(conn, None)
                self._handlers.pop(conn, None)
                self._cond.notify_all()
        return ws
