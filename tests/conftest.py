"""Test bench: the real ``prometheus`` and two clustered ``prometheus-alertmanager``
binaries on free loopback ports in a temp dir, once per session, stopped in order.

Tests that need exact alerts post them straight to ``POST /api/v2/alerts`` with a long
``endsAt`` and a label unique to the test (``test_id``), so tests never see each other's
alerts even though they share the stack.
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from alerttui import i18n
from alerttui.demo.stack import LocalStack

RULES = """\
groups:
  - name: bench
    rules:
      - record: bench:wave
        expr: 50 + 40 * sin(vector(time() / 30))
      - alert: BenchAlwaysFiring
        expr: vector(1)
        labels: {severity: warning, tenant: bench-rules}
        annotations: {summary: "fires forever"}
"""


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test (nor a subprocess it starts) reads or writes the real user's config, state or
    audit log: platformdirs follows XDG_*_HOME."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("ALERTTUI_CONFIG", raising=False)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Every test starts in English, UTC; tests that switch language get it reset."""
    i18n.set_language("en")
    i18n.set_timezone("UTC")
    yield
    i18n.set_language("en")
    i18n.set_timezone("UTC")


@pytest.fixture(scope="session")
def stack() -> Iterator[LocalStack]:
    s = LocalStack(rule_files={"bench.yml": RULES}, evaluation_interval="1s")
    s.start()
    try:
        yield s
    finally:
        s.stop()


def http_json(method: str, url: str, body: Any = None, timeout: float = 5) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        raw = r.read()
    return json.loads(raw) if raw else None


def make_alert(name: str, test_id: str, severity: str = "warning", minutes: int = 60,
               **labels: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    annotations = labels.pop("annotations", None) or {"summary": f"{name} summary"}
    return {
        "labels": {"alertname": name, "severity": severity, "test_id": test_id, **labels},
        "annotations": annotations,
        "startsAt": (now - timedelta(minutes=5)).isoformat(),
        "endsAt": (now + timedelta(minutes=minutes)).isoformat(),
        "generatorURL": "http://127.0.0.1:9090/graph?g0.expr=up",
    }


def post_alerts(url: str, alerts: list[dict[str, Any]]) -> None:
    http_json("POST", f"{url}/api/v2/alerts", alerts)


def wait_for(predicate: Any, timeout: float = 10.0, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last: {last!r})")


@pytest.fixture
def test_id() -> str:
    return uuid.uuid4().hex[:12]


@pytest.fixture
def write_config(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(text: str, name: str = "config.toml") -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return write


def stack_config(stack: LocalStack, tenants: list[dict[str, str]] | None = None) -> str:
    """A config with one tenant per entry (``id`` and the ``test_id`` it scopes to)."""
    urls = ", ".join(f'"{u}"' for u in stack.alertmanager_urls)
    out = ['[ui]\nrefresh = "1s"\noperator = "tester"\n']
    for t in tenants or [{"id": "bench", "test_id": "none"}]:
        out.append(f"""
[[tenants]]
id = "{t['id']}"
name = "{t.get('name', t['id'].title())}"
role = "{t.get('role', 'responder')}"
[tenants.alertmanager]
urls = [{urls}]
matchers = ['test_id="{t['test_id']}"']
[tenants.prometheus]
url = "{stack.prometheus_url}"
""")
    return "".join(out)
