"""A local HTTP server speaking the parts of Slack's Web API and incoming-webhook protocol
that alerttui uses. The tests forward to it (slack-sdk takes a ``base_url``), and so does
``alerttui demo``, so forwarding can be tried without a Slack workspace.

It records every request, and can be told to answer the next N calls with 429 +
``Retry-After`` or with 500, or to refuse connections (stop/start).

With ``socket_mode=True`` it also runs a :class:`~alerttui.demo.fake_socket.FakeSocketMode`
and answers ``apps.connections.open`` (app-level ``xapp-`` tokens only, as Slack does) with its
URL, so the real Socket Mode client can connect and tests can press Slack buttons.
"""

from __future__ import annotations

import json
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from alerttui.demo.fake_socket import FakeSocketMode

#: What an app-level token may call; Slack refuses it anything else (not_allowed_token_type).
APP_TOKEN_METHODS = frozenset({"apps.connections.open", "apps.event.authorizations.list"})


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw: bytes
    at: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that went away mid-request (its timeout, kill -9) is ordinary here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class FakeSlack:
    host: str = "127.0.0.1"
    port: int = 0
    requests: list[Recorded] = field(default_factory=list)
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (channel, ts) -> message
    uploads: dict[str, bytes] = field(default_factory=dict)
    rate_limit_next: int = 0
    delay: float = 0.0  # seconds every answer waits (a slow Slack)
    retry_after: int = 1
    fail_next: int = 0
    per_channel_rate: float | None = None  # enforce: 429 when a channel posts faster than this
    rejected: int = 0
    socket_mode: bool = False  # also serve Socket Mode (start() starts `socket`, stop() stops it)
    socket: FakeSocketMode | None = None
    ephemerals: list[dict[str, Any]] = field(default_factory=list)  # chat.postEphemeral bodies (+ message_ts)
    _last_post: dict[str, float] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: int = 0

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/api/"

    def webhook_url(self, name: str = "hook") -> str:
        return f"http://{self.host}:{self.port}/services/{name}"

    def start(self) -> FakeSlack:
        handler = _make_handler(self)
        self._server = _Server((self.host, self.port), handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="fake-slack")
        self._thread.start()
        if self.socket_mode:
            if self.socket is None:
                # Imported here: aiohttp's server is only needed when Socket Mode is asked for.
                from alerttui.demo.fake_socket import FakeSocketMode

                # response_url points back here (a webhook path), so answers through it are recorded.
                self.socket = FakeSocketMode(self.host, response_url_base=self.webhook_url("actions"))
            self.socket.start()
        return self

    def stop(self) -> None:
        if self.socket is not None:
            self.socket.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what the tests read ------------------------------------------------------------------

    def calls(self, method: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/" + method) or r.path == method]

    def next_ts(self) -> str:
        self._ts += 1
        return f"{int(time.time())}.{self._ts:06d}"


def _make_handler(slack: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            return

        def _body(self) -> tuple[dict[str, Any], bytes]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            ctype = self.headers.get("Content-Type", "")
            if "json" in ctype:
                try:
                    return json.loads(raw or b"{}"), raw
                except ValueError:
                    return {}, raw
            if "x-www-form-urlencoded" in ctype:
                return {k: v[0] for k, v in parse_qs(raw.decode()).items()}, raw
            return {}, raw

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None,
                  text: bool = False) -> None:
            data = payload.encode() if text else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain" if text else "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(data)
            except OSError:  # the client went away before the answer (its timeout, kill -9)
                self.close_connection = True

        def do_GET(self) -> None:
            self.do_POST()

        def do_PUT(self) -> None:
            self.do_POST()

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            body, raw = self._body()
            if not body and urlsplit(self.path).query:
                body = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            if slack.delay > 0:
                time.sleep(slack.delay)
            with slack._lock:
                slack.requests.append(Recorded(self.command, path, dict(self.headers), body, raw, time.time()))
                if slack.rate_limit_next > 0:
                    slack.rate_limit_next -= 1
                    self._send(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(slack.retry_after)})
                    return
                if slack.fail_next > 0:
                    slack.fail_next -= 1
                    self._send(500, {"ok": False, "error": "internal_error"})
                    return
                if path.startswith("/services/"):
                    if not isinstance(body, dict) or not (body.get("text") or body.get("blocks")):
                        self._send(400, "invalid_payload", text=True)
                        return
                    self._send(200, "ok", text=True)
                    return
                if path.startswith("/upload/"):
                    slack.uploads[path.rsplit("/", 1)[1]] = raw
                    self._send(200, "OK - " + str(len(raw)), text=True)
                    return
                method = path.rsplit("/", 1)[-1]
                if method == "chat.postMessage" and slack.per_channel_rate:
                    # Slack's documented limit: about one message per second per channel.
                    channel, now = str(body.get("channel", "")), time.time()
                    last = slack._last_post.get(channel)
                    if last is not None and now - last < 1 / slack.per_channel_rate:
                        slack.rejected += 1
                        self._send(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(slack.retry_after)})
                        return
                    slack._last_post[channel] = now
                auth = self.headers.get("Authorization", "")
                if method != "api.test" and not auth.startswith("Bearer "):
                    self._send(200, {"ok": False, "error": "not_authed"})
                    return
                token = auth.removeprefix("Bearer ").strip()
                if token.startswith("xapp-") and method not in APP_TOKEN_METHODS and method != "api.test":
                    self._send(200, {"ok": False, "error": "not_allowed_token_type"})
                    return
                self._send(200, self._api(method, body, token))

        def _api(self, method: str, body: dict[str, Any], token: str) -> dict[str, Any]:
            channel = str(body.get("channel", ""))
            if method == "apps.connections.open":
                # Only an app-level token opens a socket; Slack refuses a bot token this way too.
                if not token.startswith("xapp-") or not slack.socket_mode or slack.socket is None:
                    return {"ok": False, "error": "not_allowed_token_type"}
                return {"ok": True, "url": slack.socket.url(secrets.token_hex(16))}
            if method == "chat.postEphemeral":
                if not channel:
                    return {"ok": False, "error": "channel_not_found"}
                if not body.get("user"):
                    return {"ok": False, "error": "invalid_arguments"}
                if not (body.get("text") or body.get("blocks") or body.get("attachments")):
                    return {"ok": False, "error": "no_text"}
                ts = slack.next_ts()
                slack.ephemerals.append({**body, "message_ts": ts})
                return {"ok": True, "message_ts": ts}
            if method == "auth.test":
                return {"ok": True, "url": "https://fake.slack/", "team": "Fake", "user": "alerttui",
                        "team_id": "T000", "user_id": "U000", "bot_id": "B000"}
            if method == "chat.postMessage":
                if not channel:
                    return {"ok": False, "error": "channel_not_found"}
                ts = slack.next_ts()
                message = {**body, "ts": ts}
                slack.messages[(channel, ts)] = message
                return {"ok": True, "channel": channel, "ts": ts, "message": message}
            if method in ("conversations.history", "conversations.replies"):
                return self._history(method, channel, body)
            if method == "chat.update":
                key = (channel, str(body.get("ts", "")))
                if key not in slack.messages:
                    return {"ok": False, "error": "message_not_found"}
                slack.messages[key] = {**slack.messages[key], **body}
                return {"ok": True, "channel": channel, "ts": key[1]}
            if method == "files.getUploadURLExternal":
                fid = f"F{len(slack.uploads) + 1:06d}"
                return {"ok": True, "upload_url": f"http://{slack.host}:{slack.port}/upload/{fid}", "file_id": fid}
            if method == "files.completeUploadExternal":
                files = body.get("files")
                if isinstance(files, str):
                    files = json.loads(files)
                return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files or []]}
            if method == "files.info":
                return {"ok": True, "file": {"id": body.get("file"), "name": "dashboard.svg"}}
            return {"ok": False, "error": "unknown_method"}

        def _history(self, method: str, channel: str, body: dict[str, Any]) -> dict[str, Any]:
            """A channel's messages (not thread replies) or a thread's (root first), newest
            first for history, from ``oldest``; metadata only with ``include_all_metadata``,
            ``limit`` a page with a ``next_cursor`` (the index of the next message), as Slack."""
            if not channel:
                return {"ok": False, "error": "channel_not_found"}
            oldest = float(body.get("oldest") or 0)
            if method == "conversations.replies":
                root = str(body.get("ts", ""))
                if (channel, root) not in slack.messages:
                    return {"ok": False, "error": "thread_not_found"}
                found = [m for (ch, ts), m in slack.messages.items() if ch == channel and
                         (ts == root or m.get("thread_ts") == root)]
                found.sort(key=lambda m: float(m["ts"]))
            else:
                found = [m for (ch, _ts), m in slack.messages.items() if ch == channel and
                         m.get("thread_ts") in (None, "", m["ts"])]
                found.sort(key=lambda m: -float(m["ts"]))
            found = [m for m in found if float(m["ts"]) >= oldest]
            start, limit = int(body.get("cursor") or 0), int(body.get("limit") or 100)
            page = found[start:start + limit]
            with_meta = str(body.get("include_all_metadata", "")).lower() in ("1", "true")
            messages = [{k: v for k, v in m.items() if k != "metadata" or with_meta} for m in page]
            more = start + limit < len(found)
            return {"ok": True, "messages": messages, "has_more": more,
                    "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    return Handler
