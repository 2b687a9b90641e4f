"""``alerttui audit``: the log of every attempted write (ok, refused, failed), filtered by
tenant and time, and readable after a crash tore its last line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tests.conftest import make_alert, post_alerts

from .conftest import DEAD, audit_records, config_text, silences_on, tenant_block


def _setup(stack, test_id, write_config, audit_path):  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("Audited", test_id)])
    tenants = [tenant_block("ops", test_id, [am0, am1]), tenant_block("watch", test_id, [am0, am1], role="viewer"),
               tenant_block("broken", test_id, [DEAD])]
    return write_config(config_text(tenants, audit=audit_path))


def test_audit_of_success_refusal_and_failure(stack, test_id, write_config, cli, audit_path) -> None:  # type: ignore[no-untyped-def]
    cfg = _setup(stack, test_id, write_config, audit_path)
    ok = cli(cfg, "silence", "add", "--tenant", "ops", "-m", 'alertname="Audited"', "-c", "CHG-7")
    assert ok.code == 0, ok.err
    sid = ok.out.splitlines()[0]
    assert cli(cfg, "silence", "add", "--tenant", "watch", "-m", 'alertname="Audited"', "-c", "no").code == 3
    assert cli(cfg, "silence", "add", "--tenant", "broken", "-m", 'alertname="Audited"', "-c", "down").code == 1

    records = cli(cfg, "audit", "--format", "json").json()
    assert records == audit_records(audit_path)
    assert [(r["tenant"], r["result"]) for r in records] == [("ops", "ok"), ("watch", "refused"), ("broken", "failed")]
    ok_r, refused_r, failed_r = records
    assert ok_r["silence_id"] == sid and ok_r["error"] is None and ok_r["parameters"]["comment"] == "CHG-7"
    assert ok_r["parameters"]["matchers"] == f'{{test_id="{test_id}", alertname="Audited"}}'
    assert refused_r["error"] == "viewer role for tenant watch cannot silence" and refused_r["silence_id"] is None
    assert failed_r["error"].startswith("every Alertmanager replica failed: http://127.0.0.1:1")
    for r in records:
        assert r["operator"] == "tester" and r["action"] == "silence" and r["os_user"] and r["host"]
        assert datetime.fromisoformat(r["time"].replace("Z", "+00:00")) > datetime.now(UTC) - timedelta(minutes=1)

    table = cli(cfg, "audit", "--tenant", "ops", "--since", "1h")
    assert table.code == 0
    header, *rows = table.out.splitlines()
    assert header.split() == ["TIME", "OPERATOR", "TENANT", "ACTION", "TARGET", "RESULT", "SILENCE", "ID", "ERROR"]
    [row] = rows
    assert " tester " in row and " ops " in row and " silence " in row and sid in row and " ok " in row
    refused = cli(cfg, "audit", "--tenant", "watch", "--since", "10m").out.splitlines()[1]
    assert "refused" in refused and "viewer role for tenant watch cannot silence" in refused
    later = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert cli(cfg, "audit", "--since", later, "--format", "json").json() == []
    bad = cli(cfg, "audit", "--since", "yesterday")
    assert bad.code == 2 and "--since: expected a duration like 1h or 2d" in bad.err


def test_torn_last_line_keeps_every_earlier_record(stack, test_id, write_config, cli, audit_path) -> None:  # type: ignore[no-untyped-def]
    cfg = _setup(stack, test_id, write_config, audit_path)
    assert cli(cfg, "silence", "add", "--tenant", "ops", "-m", 'alertname="Audited"', "-c", "one").code == 0
    assert cli(cfg, "ack", "--tenant", "watch", "0123456789").code == 3
    # A crash mid-write: half a JSON record and no newline.
    torn = json.dumps({"time": datetime.now(UTC).isoformat(), "operator": "tester", "tenant": "ops",
                       "action": "silence", "result": "ok"})[:57]
    with audit_path.open("a") as f:
        f.write(torn)
    before = cli(cfg, "audit", "--format", "json")
    assert before.code == 0
    assert [(r["tenant"], r["action"], r["result"]) for r in before.json()] == [
        ("ops", "silence", "ok"), ("watch", "ack", "refused")]
    # The next write starts on a fresh line and is readable; the torn fragment stays skipped.
    run = cli(cfg, "silence", "add", "--tenant", "ops", "-m", 'alertname="Audited"', "-c", "after the crash")
    assert run.code == 0, run.err
    after = cli(cfg, "audit", "--format", "json").json()
    assert [r["parameters"].get("comment") for r in after if r["action"] == "silence"] == ["one", "after the crash"]
    lines = audit_path.read_text().split("\n")
    assert lines[2] == torn and json.loads(lines[3])["parameters"]["comment"] == "after the crash"
    assert cli(cfg, "audit").code == 0  # and the table reads it too


def test_audit_without_a_log_yet(write_config, cli, audit_path) -> None:  # type: ignore[no-untyped-def]
    cfg = write_config(config_text([tenant_block("ops", "x", [DEAD])], audit=audit_path))
    run = cli(cfg, "audit")
    assert run.code == 0 and f"(no audit records in {audit_path})" in run.out


def test_unwritable_audit_log_stops_the_write_before_it_happens(stack, test_id, write_config, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    blocked = tmp_path / "audit-is-a-directory"
    blocked.mkdir()
    cfg = write_config(config_text([tenant_block("ops", test_id, [am0, am1])], audit=blocked))
    run = cli(cfg, "silence", "add", "-m", 'alertname="Unaudited"', "-c", "no record, no write")
    assert run.code == 1
    assert run.err.startswith("alerttui: [Errno 21] Is a directory") and len(run.err.splitlines()) == 1
    assert silences_on(am0, test_id) == []  # nothing was written that the log would not show


def test_prune_keeps_the_retention_and_loses_no_concurrent_record(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import stat
    import threading
    import time
    from datetime import UTC, datetime, timedelta

    from alerttui.operations.audit import AuditLog

    path = tmp_path / "audit.jsonl"
    now = datetime.now(UTC)

    def rec(when: datetime | None, target: str) -> str:
        return json.dumps({"time": when.isoformat().replace("+00:00", "Z") if when else None, "operator": "o",
                           "tenant": "ops", "action": "ack", "target": target, "result": "ok"})

    path.write_text("\n".join([rec(now - timedelta(days=100), "old"), rec(now - timedelta(days=89), "recent"),
                               rec(None, "undated"), '{"time": "2026-']) + "\n")
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[audit]\npath = "{path}"\nretention = "90d"\n[[tenants]]\nid = "ops"\n'
                   '[tenants.alertmanager]\nurls = ["http://127.0.0.1:1"]\n')
    run = cli(cfg, "audit", "--prune")
    assert run.code == 0, run.err
    assert run.out.strip() == "2 records older than 90d removed, 2 kept"  # the old one and the torn line
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["target"] for r in records] == ["recent", "undated", str(path)]
    assert records[-1]["action"] == "audit-prune" and records[-1]["parameters"]["removed"] == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Appends while prunes run: every record is kept (the lock, and the re-open after a rename).
    log = AuditLog(path)

    def append() -> None:
        for i in range(300):
            log.append(operator="o", tenant="ops", action="ack", target=f"c{i}", result="ok")

    writer = threading.Thread(target=append)
    writer.start()
    prunes = 0
    while writer.is_alive():
        log.prune(now - timedelta(days=1))
        prunes += 1
        time.sleep(0.005)  # back to back, a prune could starve the appender (prunes are rare)
    writer.join()
    assert prunes > 5
    targets = [r["target"] for r in log.records()]
    assert [t for t in targets if t.startswith("c")] == [f"c{i}" for i in range(300)]
    no = tmp_path / "no.toml"
    no.write_text(f'[audit]\npath = "{path}"\n[[tenants]]\nid = "ops"\n[tenants.alertmanager]\n'
                  'urls = ["http://127.0.0.1:1"]\n')
    refused = cli(no, "audit", "--prune")
    assert refused.code == 2 and "[audit] retention" in refused.err
