"""Slack fixtures: a local server speaking Slack's Web API and webhooks (no real Slack)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alerttui.config import Settings, parse_settings
from alerttui.demo.fake_slack import FakeSlack
from alerttui.forwarding.outbox import Outbox
from alerttui.forwarding.service import Forwarder
from alerttui.operations import Operations
from alerttui.operations.audit import AuditLog

TOKEN = "xoxb-test-secret-token-123"
WEBHOOK_SECRET_PATH = "T000/B000/very-secret-webhook"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


def slack_settings(slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, routes: list[dict[str, Any]] | None = None,
                   tenants: list[dict[str, Any]] | None = None, **slack_extra: Any) -> Settings:
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)
    monkeypatch.setenv("GLOBEX_WEBHOOK", slack.webhook_url(WEBHOOK_SECRET_PATH))
    data = {
        "ui": {"operator": "alice", "timezone": "Europe/Paris"},
        # Tests default to a fast bucket; rate-limit tests pass rate/burst explicitly.
        "slack": {"token_env": "SLACK_TOKEN", "base_url": slack.base_url, "rate": 50, "burst": 50, **slack_extra,
                  "routes": routes or [
                      {"name": "acme-critical", "tenants": ["acme"], "severities": ["critical"], "channel": "#acme-crit"},
                      {"name": "acme-db", "tenants": ["acme"], "matchers": ['team="db"'], "channel": "#acme-db",
                       "mention": "none"},
                      {"name": "globex-hook", "tenants": ["globex"], "webhook_url_env": "GLOBEX_WEBHOOK"},
                      {"name": "default", "channel": "#alerts", "mention": "channel"},
                  ]},
        "tenants": tenants or [
            {"id": "acme", "name": "ACME Corp", "language": "fr", "role": "responder",
             "alertmanager": {"urls": ["http://127.0.0.1:1"], "matchers": ['tenant="acme"']}},
            {"id": "globex", "name": "Globex", "language": "de", "role": "responder",
             "alertmanager": {"urls": ["http://127.0.0.1:1"], "matchers": ['tenant="globex"']}},
            {"id": "initech", "name": "Initech", "language": "en", "role": "responder",
             "alertmanager": {"urls": ["http://127.0.0.1:1"], "matchers": ['tenant="initech"']}},
        ],
    }
    return parse_settings(data, Path("slack-test.toml"))


def forwarder(settings: Settings, tmp_path: Path, name: str = "outbox.sqlite3") -> Forwarder:
    """A forwarder on its own outbox, writing its audit records through Operations (no clients:
    these tests drive the forwarder, not the backends)."""
    ops = Operations(settings, {}, AuditLog(tmp_path / "audit.jsonl"))
    return Forwarder(settings, Outbox(tmp_path / name), ops)
