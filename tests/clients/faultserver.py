"""A tiny local HTTP server for fault injection: it records every request (method, path,
headers) and answers what the test tells it to (a status, invalid JSON, a wrong JSON
shape, or nothing for a while). Runs in a thread on 127.0.0.1, port 0."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive, no Nagle delay, no request log on stderr: the base of the
    tests' local servers (this one, the fault proxy, the identity provider)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = b""  # bytes as is, str as UTF-8, anything else as JSON
    delay: float = 0.0  # seconds to wait before answering
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()  # more response headers, e.g. Retry-After
    trickle: float = 0.0  # seconds between the body's bytes (a slow-loris): 0 sends it at once

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


@dataclass(frozen=True)
class Seen:
    method: str
    path: str  # with the query string
    headers: dict[str, str]  # lower-case names

    @property
    def route(self) -> str:
        return self.path.split("?", 1)[0]


@dataclass
class FaultServer:
    reply: Reply | Callable[[Seen], Reply] = field(default_factory=Reply)
    requests: list[Seen] = field(default_factory=list)
    peak: Counter[str] = field(default_factory=Counter)  # most requests in flight at once, per route
    url: str = ""
    _active: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def answer(self, seen: Seen) -> Reply:
        return self.reply(seen) if callable(self.reply) else self.reply

    def start(self) -> FaultServer:
        owner = self

        class Handler(QuietHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
                owner.requests.append(seen)
                with owner._lock:
                    owner._active[seen.route] += 1
                    owner.peak[seen.route] = max(owner.peak[seen.route], owner._active[seen.route])
                try:
                    self._reply(owner.answer(seen))
                finally:
                    with owner._lock:
                        owner._active[seen.route] -= 1

            def _reply(self, reply: Reply) -> None:
                if reply.delay and owner._stop.wait(reply.delay):
                    return
                data = reply.payload()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers:
                        self.send_header(name, value)
                    self.end_headers()
                    if not reply.trickle:
                        self.wfile.write(data)
                    for i in range(len(data) if reply.trickle else 0):
                        self.wfile.write(data[i:i + 1])
                        self.wfile.flush()
                        if owner._stop.wait(reply.trickle):
                            return
                except OSError:  # the client gave up (timeout)
                    pass

            do_GET = do_POST = do_DELETE = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@contextmanager
def fault_server(reply: Reply | Callable[[Seen], Reply] | None = None) -> Iterator[FaultServer]:
    server = FaultServer(reply=reply or Reply()).start()
    try:
        yield server
    finally:
        server.stop()
