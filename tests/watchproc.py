"""``alerttui watch`` in a subprocess for tests: its stderr (JSON lines) read as events."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from alerttui.demo.fake_slack import FakeSlack
from tests.conftest import wait_for

TOKEN = "xoxb-watch-test-token"


def watch_config(tmp_path: Path, slack: FakeSlack, urls: list[str], test_id: str) -> Path:
    quoted = ", ".join(f'"{u}"' for u in urls)
    path = tmp_path / "config.toml"
    path.write_text(f"""
[ui]
operator = "watcher"
refresh = "1s"
timezone = "UTC"

[audit]
path = "{tmp_path / 'audit.jsonl'}"

[slack]
token_env = "SLACK_TOKEN"
base_url = "{slack.base_url}"
rate = 50
burst = 50
outbox = "{tmp_path / 'state' / 'outbox.sqlite3'}"
[[slack.routes]]
channel = "#ops"
mention = "none"

[[tenants]]
id = "acme"
name = "ACME"
role = "responder"
[tenants.alertmanager]
urls = [{quoted}]
matchers = ['test_id="{test_id}"']
""")
    return path


class Watch:
    """``alerttui watch`` in a subprocess, its stderr (JSON lines) read as events."""

    def __init__(self, cfg: Path, log: Path) -> None:
        self.log = log
        self._out = log.open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "alerttui", "watch", "--config", str(cfg),
                                      "--log-format", "json"], stdout=subprocess.DEVNULL, stderr=self._out,
                                     env={**os.environ, "SLACK_TOKEN": TOKEN})

    def events(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log.read_text().splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                out.append({"event": "?", "message": line})
        return out

    def wait_event(self, event: str, timeout: float = 20.0, **fields: Any) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            assert self.proc.poll() is None or event in ("stopped", "error"), self.log.read_text()
            return next((e for e in self.events() if e["event"] == event
                         and all(e.get(k) == v for k, v in fields.items())), None)

        return wait_for(found, timeout=timeout)

    def stop(self, timeout: float = 5.0) -> tuple[int, float]:
        start = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self._out.close()
        return code, time.monotonic() - start

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._out.close()
