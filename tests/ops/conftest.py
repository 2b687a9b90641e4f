"""Helpers for the command-line operations tests: configs on the session's real
Alertmanager pair, the CLI run in-process (fast) or as a subprocess, and the replicas'
own view of silences (``/api/v2/silences``), never our client's."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from alerttui.cli import main
from tests.conftest import http_json

DEAD = "http://127.0.0.1:1"  # nothing listens on port 1: connection refused at once


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def tenant_block(tid: str, test_id: str, urls: list[str], role: str = "responder", extra: str = "") -> str:
    quoted = ", ".join(f'"{u}"' for u in urls)
    return f"""
[[tenants]]
id = "{tid}"
name = "{tid.title()}"
role = "{role}"
{extra}
[tenants.alertmanager]
urls = [{quoted}]
matchers = ['test_id="{test_id}"']
"""


def config_text(tenants: list[str], *, operator: str = "tester", ui: str = "", extra: str = "",
                audit: Path | None = None) -> str:
    out = [f'[ui]\noperator = "{operator}"\ntimezone = "UTC"\n{ui}\n']
    if audit is not None:
        out.append(f'[audit]\npath = "{audit}"\n')
    out.append(extra)
    out.extend(tenants)
    return "".join(out)


@pytest.fixture
def audit_path(tmp_path: Path) -> Path:
    return tmp_path / "audit.jsonl"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """``cli(config, "silence", "add", ...)``: alerttui.cli.main in this process."""

    def run(config: Path | None, *args: str) -> Run:
        capsys.readouterr()
        argv = [*args] + (["--config", str(config)] if config is not None else [])
        code = main(argv)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def run_subprocess(config: Path, *args: str) -> Run:
    proc = subprocess.run([sys.executable, "-m", "alerttui", *args, "--config", str(config)],
                          capture_output=True, text=True, timeout=60)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def silences_on(url: str, test_id: str | None = None) -> list[dict[str, Any]]:
    """A replica's own silences (optionally those with a test_id matcher of this value)."""
    found = http_json("GET", f"{url}/api/v2/silences")
    if test_id is None:
        return found
    return [s for s in found if any(m["name"] == "test_id" and m["value"] == test_id for m in s["matchers"])]


def silence_on(url: str, silence_id: str) -> dict[str, Any] | None:
    return next((s for s in http_json("GET", f"{url}/api/v2/silences") if s["id"] == silence_id), None)


def alerts_on(url: str, test_id: str) -> list[dict[str, Any]]:
    return http_json("GET", f"{url}/api/v2/alerts?filter=test_id%3D%22{test_id}%22")


def matchers_of(silence: dict[str, Any]) -> set[str]:
    ops = {(False, True): "=", (False, False): "!=", (True, True): "=~", (True, False): "!~"}
    return {f'{m["name"]}{ops[(m["isRegex"], m.get("isEqual", True))]}"{m["value"]}"' for m in silence["matchers"]}


def audit_records(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out
