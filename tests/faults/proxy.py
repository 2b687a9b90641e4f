"""A fault-injecting reverse proxy between alerttui and a real Prometheus or Alertmanager.

Each ``FaultProxy`` listens on its own 127.0.0.1 port and forwards to one upstream. While a
fault is set, every request (new and on kept-alive connections) gets that fault instead of
the upstream's answer; ``clear()`` ends it and the proxy forwards again. ``refused`` closes
the listening socket itself (a real ECONNREFUSED) and binds the same port again after.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tests.clients.faultserver import QuietHandler

KINDS = (
    "refused",
    "reset-mid-body",
    "hang",
    "slow-body",
    "http-500",
    "http-502",
    "http-503",
    "http-500-retry-after",
    "http-502-retry-after",
    "http-503-retry-after",
    "invalid-json",
    "truncated-json",
    "wrong-shape",
    "html-login",
    "huge-body",
)

LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
              b"<form method=post action=/oauth2/sign_in><input name=user><input type=password name=pw>"
              b"<button>Sign in</button></form></body></html>")
HUGE = 10 * 1024 * 1024


def schedule(seed: int, count: int = 100) -> list[str]:
    """``count`` fault kinds in a seeded random order, every kind as often as the others (±1)."""
    rng = random.Random(seed)
    kinds = [KINDS[i % len(KINDS)] for i in range(count)]
    rng.shuffle(kinds)
    return kinds


class _Server(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True


@dataclass
class FaultProxy:
    upstream: str  # http://host:port of the real backend
    retry_after: int = 1  # seconds, for the *-retry-after kinds
    port: int = 0
    fault: str | None = None
    faulted: int = 0  # requests answered with a fault
    forwarded: int = 0
    _cleared: threading.Event = field(default_factory=threading.Event)
    _server: _Server | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- control -----------------------------------------------------------------------

    def start(self) -> FaultProxy:
        self._listen()
        return self

    def set(self, kind: str) -> None:
        assert kind in KINDS, kind
        with self._lock:
            self._cleared.clear()
            self.fault = kind
            if kind == "refused":
                self._unlisten()

    def clear(self) -> None:
        with self._lock:
            kind, self.fault = self.fault, None
            self._cleared.set()
            if kind == "refused" and not self._closed:
                self._listen()

    def stop(self) -> None:
        with self._lock:
            self._closed = True
            self._cleared.set()
            self._unlisten()

    def _listen(self) -> None:
        for _attempt in range(50):
            try:
                server = _Server(("127.0.0.1", self.port), self._handler())
                break
            except OSError:  # the port is briefly in TIME_WAIT or taken: try again
                time.sleep(0.02)
        else:
            raise RuntimeError(f"cannot bind 127.0.0.1:{self.port} again")
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def _unlisten(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- the handler ---------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self
        up = urlsplit(self.upstream)

        class Handler(QuietHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                kind = proxy.fault
                try:
                    if kind is None:
                        proxy.forwarded += 1
                        status, ctype, data = self._upstream(body)
                        self._send(status, ctype, data)
                    else:
                        proxy.faulted += 1
                        self._fault(kind, body)
                except OSError:  # the client gave up (its timeout)
                    self.close_connection = True

            def _upstream(self, body: bytes | None) -> tuple[int, str, bytes]:
                """The upstream's answer, asked uncompressed (the faults cut and trickle it)."""
                conn = http.client.HTTPConnection(up.hostname, up.port, timeout=30)
                try:
                    headers = {k: v for k, v in self.headers.items()
                               if k.lower() not in ("host", "connection", "keep-alive", "content-length",
                                                    "accept-encoding")}
                    conn.request(self.command, self.path, body=body, headers=headers)
                    response = conn.getresponse()
                    return response.status, response.getheader("Content-Type") or "", response.read()
                finally:
                    conn.close()

            def _send(self, status: int, content_type: str, data: bytes, extra: dict[str, str] | None = None,
                      length: int | None = None) -> None:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data) if length is None else length))
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()

            def _fault(self, kind: str, body: bytes | None) -> None:
                if kind == "refused":  # a connection kept alive from before: drop it unanswered
                    self.close_connection = True
                elif kind == "hang":  # no answer until the fault ends, then a closed connection
                    proxy._cleared.wait(30)
                    self.close_connection = True
                elif kind == "reset-mid-body":
                    status, ctype, data = self._upstream(body)
                    data = data or b"[" * 64
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                elif kind == "slow-body":  # the real answer, one byte a second
                    status, ctype, data = self._upstream(body)
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.flush()
                    for i in range(len(data)):
                        if proxy._cleared.wait(1.0):
                            break
                        self.wfile.write(data[i:i + 1])
                        self.wfile.flush()
                    self.close_connection = True
                elif kind.startswith("http-"):
                    status = int(kind.split("-")[1])
                    extra = {"Retry-After": str(proxy.retry_after)} if kind.endswith("retry-after") else {}
                    self._send(status, "text/plain", f"injected {status}\n".encode(), extra)
                elif kind == "invalid-json":
                    self._send(200, "application/json", b'{"status": "success", "data": {"result": [nope')
                elif kind == "truncated-json":
                    status, ctype, data = self._upstream(body)
                    cut = data[: max(1, len(data) // 2)]
                    self._send(200, "application/json", cut)
                elif kind == "wrong-shape":
                    self._send(200, "application/json", json.dumps(
                        {"status": "success", "data": {"resultType": "matrix", "result": 42},
                         "alerts": "none", "cluster": 7}).encode())
                elif kind == "html-login":
                    self._send(200, "text/html; charset=utf-8", LOGIN_PAGE)
                elif kind == "huge-body":
                    self._send(200, "application/json", b'{"data": "' + b"x" * (HUGE - 12) + b'"}')
                else:  # pragma: no cover - KINDS is closed
                    raise AssertionError(kind)

            do_GET = do_POST = do_DELETE = do_PUT = _handle

        return Handler


@contextmanager
def fault_proxy(upstream: str, **kwargs: Any) -> Iterator[FaultProxy]:
    proxy = FaultProxy(upstream, **kwargs).start()
    try:
        yield proxy
    finally:
        proxy.stop()
