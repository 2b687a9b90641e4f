"""``alerttui alerts`` as a subprocess against the real stack (the JSON shape is a contract)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from alerttui.demo.stack import LocalStack
from conftest import http_json, make_alert, post_alerts, stack_config

from .helpers import closed_url, fake_stack, without_ui

pytestmark = pytest.mark.stack

KEYS = {"fingerprint", "tenant", "labels", "annotations", "state", "startsAt", "silencedBy", "inhibitedBy",
        "replicas"}


def run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "LC_MESSAGES": "C", "LANG": "C", "COLUMNS": "200"}
    env.pop("ALERTTUI_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "alerttui", "alerts", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=60, env=env)


def items(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    data = json.loads(proc.stdout)
    assert isinstance(data, list)
    return data


def names(data: list[dict[str, Any]]) -> list[str]:
    return [i["labels"]["alertname"] for i in data]


@pytest.fixture
def posted(stack: LocalStack, test_id: str) -> str:
    r0, r1 = stack.alertmanager_urls
    both = make_alert("CliCritical", test_id, "critical", instance="web1",
                      annotations={"summary": "web1 is on fire", "runbook": "https://runbooks/web"})
    post_alerts(r0, [both, make_alert("CliWarning", test_id, "warning", instance="db1")])
    post_alerts(r1, [both])
    return test_id


def test_json_items_carry_the_contract_fields(stack: LocalStack, posted: str, write_config) -> None:
    r0, r1 = stack.alertmanager_urls
    now = datetime.now(UTC)
    silence = http_json("POST", f"{r0}/api/v2/silences", {
        "matchers": [{"name": "test_id", "value": posted, "isRegex": False},
                     {"name": "alertname", "value": "CliWarning", "isRegex": False}],
        "startsAt": now.isoformat(), "endsAt": (now + timedelta(hours=1)).isoformat(),
        "createdBy": "tester", "comment": "quiet"})
    config = write_config(stack_config(stack, [{"id": "cli", "test_id": posted}]))
    proc = run(config, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    data = items(proc)
    assert names(data) == ["CliCritical", "CliWarning"]  # most severe first
    for item in data:
        assert set(item) >= KEYS
        assert item["tenant"] == "cli"
        assert item["labels"]["test_id"] == posted
        assert len(item["fingerprint"]) == 16
        assert datetime.fromisoformat(item["startsAt"]).tzinfo is not None
    crit, warn = data
    assert crit["annotations"] == {"summary": "web1 is on fire", "runbook": "https://runbooks/web"}
    assert crit["state"] == "active" and crit["silencedBy"] == [] and crit["inhibitedBy"] == []
    assert crit["replicas"] == [r0, r1]
    assert warn["replicas"] == [r0]
    assert warn["state"] == "suppressed" and warn["silencedBy"] == [silence["silenceID"]]
    assert crit["fingerprint"] != warn["fingerprint"]


def test_tenant_and_filter(stack: LocalStack, posted: str, write_config, test_id: str) -> None:
    other = f"other-{test_id}"
    post_alerts(stack.alertmanager_urls[0], [make_alert("OtherTenantAlert", other, "critical")])
    config = write_config(stack_config(stack, [{"id": "one", "test_id": posted},
                                               {"id": "two", "test_id": other}]))
    everything = items(run(config, "--format", "json"))
    assert sorted(names(everything)) == ["CliCritical", "CliWarning", "OtherTenantAlert"]
    assert {i["tenant"] for i in everything} == {"one", "two"}

    proc = run(config, "--format", "json", "--tenant", "two")
    assert proc.returncode == 0, proc.stderr
    assert [(i["tenant"], i["labels"]["alertname"]) for i in items(proc)] == [("two", "OtherTenantAlert")]

    proc = run(config, "--format", "json", "--filter", 'severity="critical"')
    assert proc.returncode == 0, proc.stderr
    assert sorted(names(items(proc))) == ["CliCritical", "OtherTenantAlert"]

    proc = run(config, "--format", "json", "--tenant", "one", "--filter", 'severity="critical"',
               "--filter", "instance=~web.*")
    assert names(items(proc)) == ["CliCritical"]

    proc = run(config, "--format", "json", "--tenant", "nope")
    assert proc.returncode == 2
    assert "nope" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("bad", ['severity=="critical"', 'severity=~"("', "{severity", '9x="a"'])
def test_invalid_filter_exits_2(stack: LocalStack, write_config, bad: str) -> None:
    config = write_config(stack_config(stack))
    proc = run(config, "--format", "json", "--filter", bad)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("alerttui: --filter: ")
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_unreachable_tenant_exit_1_others_still_listed(stack: LocalStack, posted: str, write_config) -> None:
    dead = closed_url()
    config = write_config(stack_config(stack, [{"id": "alive", "test_id": posted}])
                          + without_ui(stack_config(fake_stack(dead), [{"id": "dead", "test_id": posted}])))
    proc = run(config, "--format", "json")
    assert proc.returncode == 1
    assert sorted(names(items(proc))) == ["CliCritical", "CliWarning"]
    assert {i["tenant"] for i in items(proc)} == {"alive"}
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("alerttui: tenant dead: ")
    assert f"{dead}/api/v2/alerts" in lines[0]
    assert "Traceback" not in proc.stderr


def test_table_format(stack: LocalStack, posted: str, write_config) -> None:
    config = write_config(stack_config(stack, [{"id": "tbl", "test_id": posted}]))
    proc = run(config)  # table is the default
    assert proc.returncode == 0, proc.stderr
    header, *rows = proc.stdout.strip().splitlines()
    assert header.split() == ["TENANT", "SEVERITY", "ALERTNAME", "STATE", "STARTED", "REPLICAS", "SUMMARY"]
    assert len(rows) == 2

    def cell(row: str, column: str) -> str:
        start = header.index(column)
        following = [header.index(h) for h in header.split() if header.index(h) > start]
        return row[start:min(following, default=len(row))].strip()

    crit, warn = rows
    assert [cell(crit, c) for c in ("TENANT", "SEVERITY", "ALERTNAME", "REPLICAS", "SUMMARY")] == [
        "tbl", "critical", "CliCritical", "2", "web1 is on fire"]
    assert [cell(warn, c) for c in ("ALERTNAME", "STATE", "REPLICAS")] == ["CliWarning", "active", "1"]
    assert cell(crit, "STARTED") == "5 minutes ago"

    empty = write_config(stack_config(stack, [{"id": "tbl", "test_id": "nothing-" + posted}]), "empty.toml")
    proc = run(empty, "--format", "table")
    assert proc.returncode == 0 and proc.stdout.strip().splitlines()[0].startswith("TENANT")
    assert len(proc.stdout.strip().splitlines()) == 1
    assert json.loads(run(empty, "--format", "json").stdout) == []
