"""The command line loads only what the command uses: ``--version`` and ``alerts`` never
import Textual or Slack (slack_sdk, aiohttp), nor, for ``alerts``, the Prometheus client
(requests, prometheus-api-client), even for a tenant that has a Prometheus. Each runs in a fresh interpreter, since this
one has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("textual", "slack_sdk", "aiohttp", "requests", "prometheus_api_client")

CODE = f"""
import json, sys
from alerttui.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
print(json.dumps({{"code": code, "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def run_main(*argv: str) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", CODE, *argv], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_version_imports_no_textual_nor_slack() -> None:
    result = run_main("--version")
    assert result["code"] == 0
    assert result["loaded"] == []


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_alerts_imports_no_textual_nor_slack(write_config, fmt: str) -> None:  # type: ignore[no-untyped-def]
    # Nothing listens on port 1: connection refused at once, exit 1.
    path = write_config('[[tenants]]\nid = "acme"\n[tenants.alertmanager]\nurls = ["http://127.0.0.1:1"]\n'
                        '[tenants.prometheus]\nurl = "http://127.0.0.1:1"\n')
    result = run_main("alerts", "--config", str(path), "--format", fmt)
    assert result["code"] == 1
    assert result["loaded"] == []


def test_help_imports_no_config_models_clients_nor_asyncio() -> None:
    # The parser is built for --help: the command modules import their I/O in ``run``.
    light = ("pydantic", "httpx", "asyncio", "sqlite3", "alerttui.config", "alerttui.clients")
    code = CODE.replace(repr(HEAVY), repr(HEAVY + light))
    proc = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "loaded": []}
