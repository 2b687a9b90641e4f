"""A local OAuth2 identity provider for the tests: ``POST /token`` (client credentials,
client authenticated with HTTP Basic, RFC 6749 §4.4) issues short random tokens with an
``expires_in``; ``GET /introspect`` answers 200 for a valid, unexpired bearer token and 401
otherwise (nginx's ``auth_request`` asks it for every request through the gateway).
Runs in a thread on 127.0.0.1, port 0."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from .faultserver import QuietHandler


@dataclass
class IdP:
    client_id: str
    client_secret: str
    expires_in: float = 3600
    up: bool = True  # False: /token answers 503
    issued: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)  # the scope asked with each token
    rejected: list[str] = field(default_factory=list)  # why each introspection said no
    url: str = ""
    _valid: dict[str, float] = field(default_factory=dict)  # token -> expiry (monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    def revoke_all(self) -> None:
        """As a key rotation does: every token issued so far stops working at once."""
        with self._lock:
            self._valid.clear()

    def start(self) -> IdP:
        idp = self

        class Handler(QuietHandler):
            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())
                if not idp.up:
                    return self._json(503, {"error": "temporarily_unavailable"})
                expected = "Basic " + base64.b64encode(f"{idp.client_id}:{idp.client_secret}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self._json(401, {"error": "invalid_client",
                                            "error_description": f"client secret wrong: {self.headers.get('Authorization')}"})
                if form.get("grant_type") != ["client_credentials"]:
                    return self._json(400, {"error": "unsupported_grant_type"})
                token = "at-" + secrets.token_hex(12)
                with idp._lock:
                    idp._valid[token] = time.monotonic() + idp.expires_in
                    idp.issued.append(token)
                    idp.scopes.append(form.get("scope", [""])[0])
                return self._json(200, {"access_token": token, "token_type": "Bearer", "expires_in": idp.expires_in})

            def do_GET(self) -> None:
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ")
                with idp._lock:
                    expiry = idp._valid.get(token)
                ok = auth.startswith("Bearer ") and expiry is not None and time.monotonic() < expiry
                if not ok:
                    idp.rejected.append("expired" if expiry is not None else "unknown")
                self.send_response(200 if ok else 401)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@contextmanager
def identity_provider(client_id: str, client_secret: str, **kwargs: Any) -> Iterator[IdP]:
    idp = IdP(client_id, client_secret, **kwargs).start()
    try:
        yield idp
    finally:
        idp.stop()
