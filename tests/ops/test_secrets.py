"""Secrets never leave their SecretStr (R6): every command and the dashboard run with known
secret values (a Slack token, an Alertmanager bearer token from a file, a Prometheus
basic-auth password, a password written by mistake into a URL), against the real stack, a
local Slack and a backend that is down; then stdout, stderr, the watch log, the audit log,
the outbox, the incidents store, a recording, reports, the dashboard's SVG screenshot and
every other file written are searched for each secret (and for the basic-auth header's
base64 form): 0 occurrences."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import subprocess
import sys
from pathlib import Path

from alerttui.demo.fake_slack import FakeSlack
from tests.conftest import make_alert, post_alerts

from .conftest import alerts_on

SLACK_TOKEN = "xoxb-SECRET-slack-4f9a1c"
AM_TOKEN = "am-SECRET-bearer-77e2d0"
PROM_PASSWORD = "prom-SECRET-pass-1b3c5d"
URL_PASSWORD = "url-SECRET-pass-9d8c7b"
SECRETS = (SLACK_TOKEN, AM_TOKEN, PROM_PASSWORD, URL_PASSWORD,
           base64.b64encode(f"prom:{PROM_PASSWORD}".encode()).decode())


def config(tmp_path: Path, stack, test_id: str, slack: FakeSlack) -> Path:  # type: ignore[no-untyped-def]
    token_file = tmp_path / "am-token"
    token_file.write_text(AM_TOKEN + "\n")
    am = ", ".join(f'"{u}"' for u in stack.alertmanager_urls)
    cfg = tmp_path / "config.toml"
    cfg.write_text(f"""
[ui]
operator = "tester"
timezone = "UTC"
[audit]
path = "{tmp_path / 'audit.jsonl'}"
[slack]
token_env = "SLACK_TOKEN"
base_url = "{slack.base_url}"
outbox = "{tmp_path / 'outbox.sqlite3'}"
rate = 50
burst = 50
[[slack.routes]]
name = "ops"
channel = "#ops"
mention = "none"

[[tenants]]
id = "ops"
name = "Ops"
role = "responder"
[tenants.http]
bearer_token_file = "{token_file}"
[tenants.alertmanager]
urls = [{am}]
matchers = ['test_id="{test_id}"']
[tenants.prometheus]
url = "{stack.prometheus_url}"
[tenants.prometheus.http.basic_auth]
username = "prom"
password_env = "PROM_PASSWORD"
[[tenants.panels]]
title = "up"
query = "up"
[[tenants.slos]]
name = "scrapes"
objective = 99
error_query = 'sum(count_over_time((up == 0)[{{{{window}}}}:]))'
total_query = 'sum(count_over_time(up[{{{{window}}}}:]))'

[[tenants]]
id = "down"
name = "Down"
role = "responder"
[tenants.http]
bearer_token_file = "{token_file}"
[tenants.alertmanager]
urls = ["http://127.0.0.1:1"]
[tenants.prometheus]
url = "http://127.0.0.1:1"
[tenants.prometheus.http.basic_auth]
username = "prom"
password_env = "PROM_PASSWORD"
""")
    return cfg


async def dashboard(cfg: Path, outputs: dict[str, str]) -> None:
    from alerttui.app import AlerttuiApp
    from alerttui.config import load_settings

    app = AlerttuiApp(load_settings(cfg))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            snaps = app.dashboard.snapshots
            if {"ops", "down"} <= set(snaps) and all(s.attempted_at for s in snaps.values()):
                break
            await pilot.pause(0.1)
        await pilot.press("2")  # the tenant that is down: its errors on screen
        await pilot.pause(0.5)
        outputs["dashboard.svg"] = app.export_screenshot()
        await pilot.press("1", "m")
        await pilot.pause(0.3)
        outputs["panels.svg"] = app.export_screenshot()


def leaks(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [s for s in SECRETS if s.encode() in data]


def test_no_secret_in_any_output_or_file(stack, test_id, cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_TOKEN", SLACK_TOKEN)
    monkeypatch.setenv("PROM_PASSWORD", PROM_PASSWORD)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    post_alerts(stack.alertmanager_urls[0], [make_alert("SecretsCheck", test_id, "critical")])
    fp = alerts_on(stack.alertmanager_urls[0], test_id)[0]["fingerprint"]
    outputs: dict[str, str] = {}
    with FakeSlack() as slack:
        cfg = config(tmp_path, stack, test_id, slack)
        runs = {
            "check-config": ("check-config",),
            "alerts": ("alerts",), "alerts-json": ("alerts", "--format", "json"),
            "incidents-json": ("incidents", "--format", "json"),
            "history-json": ("history", "--tenant", "ops", "--format", "json"),
            "history-down": ("history", "--tenant", "down"),
            "report-html": ("report", "--tenant", "ops", "--format", "html", "--output", str(tmp_path / "r.html")),
            "report-csv": ("report", "--tenant", "ops", "--format", "csv"),
            "report-down": ("report", "--tenant", "down"),
            "silence": ("silence", "add", "--tenant", "ops", "-m", 'alertname="SecretsCheck"', "-c", "CHG-1",
                        "--duration", "5m"),
            "silence-down": ("silence", "add", "--tenant", "down", "-m", 'alertname="X"', "-c", "down"),
            "ack": ("ack", "--tenant", "ops", fp),
            "forward": ("forward", "--tenant", "ops", fp),
            "outbox-json": ("outbox", "--format", "json"),
            "audit-json": ("audit", "--format", "json"),
            "record": ("record", "--output", str(tmp_path / "r.rec.gz"), "--duration", "3s"),
        }
        for name, args in runs.items():
            run = cli(cfg, *args)
            outputs[name] = f"exit {run.code}\n{run.out}\n{run.err}"
        # A password written into a URL by mistake: refused, and the message masks it.
        bad = tmp_path / "bad.toml"
        bad.write_text(f'[[tenants]]\nid = "x"\n[tenants.alertmanager]\nurls = ["http://me:{URL_PASSWORD}@h:9093"]\n')
        run = cli(bad, "check-config")
        assert run.code == 2 and "credentials" in run.err
        outputs["bad-url"] = run.err
        # watch, with its JSON log, for a few seconds.
        env = {**os.environ, "SLACK_TOKEN": SLACK_TOKEN, "PROM_PASSWORD": PROM_PASSWORD}
        watch = subprocess.Popen([sys.executable, "-m", "alerttui", "watch", "--config", str(cfg), "--log-format",
                                  "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            import time
            time.sleep(5)
        finally:
            watch.send_signal(signal.SIGTERM)
            out, err = watch.communicate(timeout=20)
        outputs["watch"] = out + err
        assert '"event"' in err  # it did log
        # The dashboard: its screen as an SVG, after a poll of both tenants.
        asyncio.run(dashboard(cfg, outputs))
    down = outputs["history-down"] + outputs["report-down"] + outputs["silence-down"]
    assert "SecretsCheck" in outputs["alerts"] and "unreachable" in down  # the data and errors were there to leak
    found = {name: leaks(text) for name, text in outputs.items() if leaks(text)}
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.name not in ("config.toml", "bad.toml", "am-token")]  # what the test wrote
    assert any(p.name == "outbox.sqlite3" for p in files) and any(p.name == "audit.jsonl" for p in files)
    import gzip
    for p in files:
        data = p.read_bytes()
        if p.suffix == ".gz":
            data = gzip.decompress(data)
        if leaks(data):
            found[str(p.relative_to(tmp_path))] = leaks(data)
    assert found == {}, found
