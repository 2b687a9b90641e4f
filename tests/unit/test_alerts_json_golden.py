"""``alerttui alerts --format json`` is a contract, field for field and byte for byte.

Two fake replicas of one Alertmanager cluster answer ``GET /api/v2/alerts`` with the bodies
saved in ``data/alerts_am0.json`` and ``data/alerts_am1.json`` (an alert on both replicas
with other silences and a newer copy, unknown fields and states, missing optional fields,
time offsets, Go's ``\\u0026`` escapes, RTL overrides, control characters, emoji). Two
tenants share them (one unscoped, one scoped ``tenant="acme"``: the shared read split
locally). The command's output must be the one saved in ``data/alerts_expected.json``:
compact when piped, indented at a terminal, ASCII either way. A faster decoder or encoder
must not change a byte of it. Only for an intended change of the contract, rewrite the
expectation with ``ALERTTUI_WRITE_GOLDEN=1``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DATA = Path(__file__).parent / "data"
EXPECTED = DATA / "alerts_expected.json"


class _Replica(ThreadingHTTPServer):
    body: bytes = b"[]"


class _Handler(BaseHTTPRequestHandler):
    server: _Replica

    def do_GET(self) -> None:
        if urlsplit(self.path).path != "/api/v2/alerts":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def replicas() -> Iterator[list[str]]:
    servers = []
    for name in ("alerts_am0.json", "alerts_am1.json"):
        server = _Replica(("127.0.0.1", 0), _Handler)
        server.body = (DATA / name).read_bytes()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield [f"http://127.0.0.1:{s.server_address[1]}" for s in servers]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def config(replicas: list[str], write_config):  # type: ignore[no-untyped-def]
    urls = ", ".join(f'"{u}"' for u in replicas)
    return write_config(f"""
[[tenants]]
id = "all"
[tenants.alertmanager]
urls = [{urls}]

[[tenants]]
id = "acme"
[tenants.alertmanager]
urls = [{urls}]
matchers = ['tenant="acme"']
""")


def placeholders(text: str, replicas: list[str]) -> str:
    """The replicas' URLs (free ports) as ``http://am0`` and ``http://am1``."""
    for i, url in enumerate(replicas):
        text = text.replace(f'"{url}"', f'"http://am{i}"')
    return text


def test_piped_json_is_byte_for_byte_the_saved_one(config: Path, replicas: list[str]) -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    proc = subprocess.run([sys.executable, "-m", "alerttui", "alerts", "--config", str(config), "--format", "json"],
                          capture_output=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    out = placeholders(proc.stdout.decode("ascii"), replicas)
    if os.environ.get("ALERTTUI_WRITE_GOLDEN") == "1":
        EXPECTED.write_text(out, encoding="ascii")
    assert out == EXPECTED.read_text(encoding="ascii")
    data = json.loads(out)
    assert [(a["tenant"], a["fingerprint"][-2:]) for a in data] == [
        ("acme", "01"), ("all", "01"), ("acme", "06"), ("all", "06"), ("acme", "02"), ("all", "02"),
        ("acme", "03"), ("all", "03"), ("all", "05"), ("all", "04")]


def test_json_at_a_terminal_is_the_same_indented(config: Path, replicas: list[str],
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from alerttui.cli import main

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["alerts", "--config", str(config), "--format", "json"]) == 0
    out = placeholders(capsys.readouterr().out, replicas)
    assert out.isascii()
    expected = json.loads(EXPECTED.read_text(encoding="ascii"))
    assert out == json.dumps(expected, indent=2, ensure_ascii=True) + "\n"
