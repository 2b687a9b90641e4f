"""``alerttui incidents`` as a subprocess against the real Alertmanager pair: alerts grouped
by the tenant's correlation labels or, by default, by Alertmanager's own groups (here
``group_by: [alertname, tenant]``); a cross-tenant duplicate named on both sides; ids the
same from one run to the next; the escalation outlook in the table and the JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import make_alert, post_alerts

pytestmark = pytest.mark.stack


def run(config: Path, *args: str, state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "LC_MESSAGES": "C", "LANG": "C", "COLUMNS": "200",
           "XDG_STATE_HOME": str(state), "SLACK_TOKEN": "xoxb-cli-incidents"}
    env.pop("ALERTTUI_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "alerttui", "incidents", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=60, env=env)


def config(tmp_path: Path, urls: tuple[str, ...], test_id: str) -> Path:
    quoted = ", ".join(f'"{u}"' for u in urls)
    path = tmp_path / "config.toml"
    path.write_text(f"""
[ui]
timezone = "UTC"
[slack]
token_env = "SLACK_TOKEN"
base_url = "http://127.0.0.1:1/api/"
outbox = "{tmp_path / 'state' / 'outbox.sqlite3'}"
[[slack.routes]]
channel = "#ops"
[[escalation]]
severities = ["critical"]
steps = [{{ after = "2h", route = "#ops" }}]

[[tenants]]
id = "acme"
[tenants.alertmanager]
urls = [{quoted}]
matchers = ['test_id="{test_id}"']
[tenants.correlation]
labels = ["service"]

[[tenants]]
id = "globex"
[tenants.alertmanager]
urls = [{quoted}]
matchers = ['test_id="{test_id}"', 'team="db"']

[[tenants]]
id = "initech"
[tenants.alertmanager]
urls = [{quoted}]
matchers = ['test_id="{test_id}"']
""")
    return path


def by_tenant(data: list[dict[str, Any]], tenant: str) -> list[dict[str, Any]]:
    return [i for i in data if i["tenant"] == tenant]


def test_incidents_by_labels_by_groups_and_duplicates(stack, test_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    am0 = stack.alertmanager_urls[0]
    post_alerts(am0, [make_alert("ApiErrors", test_id, "critical", service="api", team="db"),
                      make_alert("ApiLatency", test_id, "warning", service="api"),
                      make_alert("DbDisk", test_id, "warning", service="db")])
    cfg = config(tmp_path, stack.alertmanager_urls, test_id)
    proc = run(cfg, "--format", "json", state=tmp_path / "xdg")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    acme = {tuple(sorted(a["alertname"] for a in i["alerts"])): i for i in by_tenant(data, "acme")}
    assert set(acme) == {("ApiErrors", "ApiLatency"), ("DbDisk",)}  # by service, within the window
    api = acme[("ApiErrors", "ApiLatency")]
    assert api["state"] == "open" and api["counts"] == {"critical": 1, "warning": 1}
    assert api["key"] == {"service": "api"} and api["duplicates"] == ["globex", "initech"]
    assert api["escalation"] == "escalates to #ops in 1h55m"  # after = 2h, started 5 min ago
    [globex] = by_tenant(data, "globex")
    assert [a["alertname"] for a in globex["alerts"]] == ["ApiErrors"] and globex["duplicates"] == ["acme", "initech"]
    # No correlation labels: Alertmanager's groups (alertname, tenant): one incident per alertname.
    initech = by_tenant(data, "initech")
    assert sorted(len(i["alerts"]) for i in initech) == [1, 1, 1]
    assert {tuple(i["key"]) for i in initech} == {("alertname",)}

    again = json.loads(run(cfg, "--format", "json", state=tmp_path / "xdg").stdout)
    assert sorted(i["id"] for i in again) == sorted(i["id"] for i in data)  # stable from run to run

    table = run(cfg, "--tenant", "acme", state=tmp_path / "xdg")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["ID", "TENANT", "STATE", "ALERTS"]
    assert any(api["id"] in line and "1C 1W" in line and "also in globex, initech" in line for line in lines), table.stdout
    assert not any("globex" in line.split()[1:2] for line in lines[1:])
