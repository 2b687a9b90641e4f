"""``alerttui silence add|list|expire`` and ``alerttui ack`` against the real Alertmanager
pair: what the replicas themselves report, not what our client believes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import make_alert, post_alerts, wait_for

from .conftest import (
    DEAD,
    alerts_on,
    audit_records,
    config_text,
    matchers_of,
    run_subprocess,
    silence_on,
    tenant_block,
)


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_silence_add_is_on_both_replicas(stack, test_id, write_config, audit_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("DiskFull", test_id, instance="db-1"), make_alert("DiskFull", test_id, instance="db-2"),
                      make_alert("CpuHot", test_id)])
    cfg = write_config(config_text([tenant_block("acme", test_id, [am0, am1])], audit=audit_path))
    run = run_subprocess(cfg, "silence", "add", "--matcher", 'alertname="DiskFull"', "--duration", "2h",
                         "--comment", "disk swap, CHG-42")
    assert run.code == 0, run.err
    sid, summary, matchers = run.out.splitlines()
    assert "active until" in summary and "it matches 2 current alerts" in summary
    assert f'test_id="{test_id}"' in matchers  # the tenant's scope is always added
    for url in (am0, am1):  # written to one replica, gossiped to the other
        s = wait_for(lambda url=url: silence_on(url, sid))
        assert s["status"]["state"] == "active"
        assert s["createdBy"] == "tester" and s["comment"] == "disk swap, CHG-42"
        assert matchers_of(s) == {'alertname="DiskFull"', f'test_id="{test_id}"'}
        assert abs((_when(s["endsAt"]) - _when(s["startsAt"])) - timedelta(hours=2)) < timedelta(seconds=5)
    wait_for(lambda: all(a["status"]["silencedBy"] == [sid] for a in alerts_on(am0, test_id)
                         if a["labels"]["alertname"] == "DiskFull"))
    [record] = audit_records(audit_path)
    assert record["action"] == "silence" and record["result"] == "ok" and record["silence_id"] == sid
    assert record["operator"] == "tester" and record["tenant"] == "acme"


def test_silence_add_json_list_and_expire(stack, test_id, write_config, cli) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("Flappy", test_id)])
    cfg = write_config(config_text([tenant_block("acme", test_id, [am0, am1])]))
    run = cli(cfg, "silence", "add", "-m", 'alertname="Flappy"', "-d", "30m", "-c", "flapping", "--format", "json")
    assert run.code == 0, run.err
    made = run.json()
    assert made["state"] == "active" and made["matchingAlerts"] == 1 and made["tenant"] == "acme"
    assert made["replica"] == am0
    sid = made["id"]

    listed = cli(cfg, "silence", "list", "--format", "json")
    assert listed.code == 0, listed.err
    [item] = [s for s in listed.json() if s["id"] == sid]
    assert item["state"] == "active" and item["createdBy"] == "tester" and item["comment"] == "flapping"
    table = cli(cfg, "silence", "list", "--tenant", "acme")
    assert table.code == 0
    header, *rows = table.out.splitlines()
    assert header.split()[:3] == ["ID", "TENANT", "STATE"]
    assert any(r.startswith(sid) and "flapping" in r and 'alertname="Flappy"' in r for r in rows)

    gone = cli(cfg, "silence", "expire", sid)
    assert gone.code == 0, gone.err
    assert f"silence {sid} expired" in gone.out
    for url in (am0, am1):
        wait_for(lambda url=url: (silence_on(url, sid) or {}).get("status", {}).get("state") == "expired")
    assert sid not in {s["id"] for s in cli(cfg, "silence", "list", "--format", "json").json()}
    expired = cli(cfg, "silence", "list", "--state", "expired", "--format", "json").json()
    assert [s["state"] for s in expired if s["id"] == sid] == ["expired"]
    again = cli(cfg, "silence", "expire", sid)
    assert again.code == 0 and "already expired" in again.out
    unknown = cli(cfg, "silence", "expire", "00000000-0000-0000-0000-000000000000")
    assert unknown.code == 2 and "no silence 00000000-0000-0000-0000-000000000000 in tenant acme" in unknown.err


def test_silence_expire_by_prefix_and_bad_ids(stack, test_id, write_config, cli, audit_path) -> None:  # type: ignore[no-untyped-def]
    """A unique prefix of 8+ characters names a silence, as with fingerprints; anything that is
    no id gets a clear message and exit 2, never Alertmanager's raw 'HTTP 422 … uuid'."""
    am0, am1 = stack.alertmanager_urls
    cfg = write_config(config_text([tenant_block("acme", test_id, [am0, am1])], audit=audit_path))
    sids = [cli(cfg, "silence", "add", "-m", f'alertname="Prefix{i}"', "-c", "prefix test", "--format", "json")
            .json()["id"] for i in range(2)]
    for url in (am0, am1):
        wait_for(lambda url=url: all(silence_on(url, sid) for sid in sids))

    by_prefix = cli(cfg, "silence", "expire", sids[0][:8])
    assert by_prefix.code == 0, by_prefix.err
    assert f"silence {sids[0]} expired" in by_prefix.out
    for url in (am0, am1):
        wait_for(lambda url=url: (silence_on(url, sids[0]) or {}).get("status", {}).get("state") == "expired")
    assert silence_on(am0, sids[1])["status"]["state"] == "active"  # only that one
    assert [r["target"] for r in audit_records(audit_path) if r["action"] == "expire"] == [sids[0]]

    upper = cli(cfg, "silence", "expire", sids[1][:13].upper(), "--format", "json")  # case and a dash
    assert upper.code == 0, upper.err
    assert upper.json()[0]["id"] == sids[1] and upper.json()[0]["result"] == "ok"

    for bad in ("not-a-uuid", sids[1][:7], "9d4275a9_4806", "'; DROP", ""):
        run = cli(cfg, "silence", "expire", bad)
        assert run.code == 2, (bad, run.err)
        assert "expected a silence id like" in run.err and "at least 8" in run.err
        assert "HTTP" not in run.err and "must be of type" not in run.err
    nowhere = cli(cfg, "silence", "expire", "abcdef01")
    assert nowhere.code == 2 and "no silence abcdef01 in tenant acme" in nowhere.err


async def test_an_ambiguous_prefix_is_named_not_guessed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two silences starting with the prefix: exit 2 naming both, nothing expired."""
    from alerttui.cli.silence_lookup import SilenceLookup
    from alerttui.config import load_settings
    from alerttui.domain import Silence, SilenceState
    from alerttui.operations import AuditLog, Operations

    cfg = tmp_path / "c.toml"
    cfg.write_text('[[tenants]]\nid = "acme"\n[tenants.alertmanager]\nurls = ["http://127.0.0.1:1"]\n')
    settings = load_settings(cfg)
    now = datetime.now(UTC)
    silences = [Silence(id=f"abcdef01-{n}000-4000-8000-000000000000", matchers=(), starts_at=now, ends_at=now,
                        created_by="x", comment="", state=SilenceState.ACTIVE) for n in (1, 2)]
    ops = Operations(settings, {}, AuditLog(tmp_path / "audit.jsonl"))
    found, result, why = await SilenceLookup(ops, "acme", silences).find("abcdef01")
    assert found is None and result == "invalid"
    assert "2 silences of tenant acme start with it" in why and silences[0].id in why and silences[1].id in why
    found, result, why = await SilenceLookup(ops, "acme", silences).find("abcdef01-2")
    assert found is silences[1] and not why


def test_maintenance_window_is_pending_on_both_replicas(stack, test_id, write_config, cli) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am1, [make_alert("Nightly", test_id)])
    cfg = write_config(config_text([tenant_block("acme", test_id, [am0, am1])]))
    start = (datetime.now(UTC) + timedelta(hours=3)).replace(microsecond=0)
    run = cli(cfg, "silence", "add", "-m", 'alertname="Nightly"', "--start", start.strftime("%Y-%m-%d %H:%M:%S"),
              "--duration", "2h", "-c", "DB upgrade window")
    assert run.code == 0, run.err
    sid, summary, _m = run.out.splitlines()
    assert summary.startswith("pending maintenance window from") and "it matches 1 current alert" in summary
    for url in (am0, am1):
        s = wait_for(lambda url=url: silence_on(url, sid))
        assert s["status"]["state"] == "pending"
        assert _when(s["startsAt"]) == start and _when(s["endsAt"]) == start + timedelta(hours=2)
    # pending: the alert still notifies until the window opens
    assert alerts_on(am1, test_id)[0]["status"]["silencedBy"] == []
    assert [s["state"] for s in cli(cfg, "silence", "list", "--state", "pending", "--format", "json").json()
            if s["id"] == sid] == ["pending"]
    # relative forms: --start 1h --end 3h
    rel = cli(cfg, "silence", "add", "-m", 'alertname="Nightly"', "--start", "1h", "--end", "3h", "-c", "later",
              "--format", "json")
    assert rel.code == 0, rel.err
    made = rel.json()
    assert made["state"] == "pending"
    assert _when(made["endsAt"]) - _when(made["startsAt"]) == timedelta(hours=2)


def test_ack_by_fingerprint(stack, test_id, write_config, cli, audit_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("Paging", test_id, "critical", instance="web-1"),
                      make_alert("Paging", test_id, "critical", instance="web-2")])
    cfg = write_config(config_text([tenant_block("acme", test_id, [am0, am1])], audit=audit_path))
    alerts = cli(cfg, "alerts", "--format", "json").json()
    target = next(a for a in alerts if a["labels"]["instance"] == "web-1")
    other = next(a for a in alerts if a["labels"]["instance"] == "web-2")
    run = cli(cfg, "ack", target["fingerprint"][:8], "--duration", "10m")  # a unique prefix is enough
    assert run.code == 0, run.err
    assert run.out.startswith("Paging acknowledged for 10m (")
    sid = run.out.strip().rsplit("(", 1)[1].rstrip(")")
    for url in (am0, am1):
        s = wait_for(lambda url=url: silence_on(url, sid))
        assert s["comment"] == "ACK! tester via alerttui"
        assert matchers_of(s) == {f'{k}="{v}"' for k, v in target["labels"].items()}  # its exact labels
    silenced = wait_for(lambda: {a["fingerprint"]: a["status"]["silencedBy"] for a in alerts_on(am0, test_id)}
                        if any(a["status"]["silencedBy"] for a in alerts_on(am0, test_id)) else None)
    assert silenced == {target["fingerprint"]: [sid], other["fingerprint"]: []}  # only that alert
    record = audit_records(audit_path)[-1]
    assert (record["action"], record["target"], record["result"], record["silence_id"]) == (
        "ack", target["fingerprint"], "ok", sid)
    missing = cli(cfg, "ack", "ffffffffffffffff")
    assert missing.code == 2 and "no alert with fingerprint ffffffffffffffff in tenant acme" in missing.err
    json_run = cli(cfg, "ack", other["fingerprint"], "--format", "json")
    assert json_run.code == 0 and json_run.json()["result"] == "ok" and json_run.json()["silenceID"]


def test_one_replica_down_falls_back(stack, test_id, write_config, cli, audit_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am1, [make_alert("Fallback", test_id)])
    cfg = write_config(config_text([tenant_block("acme", test_id, [DEAD, am1, am0])], audit=audit_path))
    run = cli(cfg, "silence", "add", "-m", 'alertname="Fallback"', "-c", "replica down", "--format", "json")
    assert run.code == 0, run.err
    made = run.json()
    assert made["replica"] == am1 and made["matchingAlerts"] == 1
    for url in (am0, am1):
        wait_for(lambda url=url: silence_on(url, made["id"]))
    record = audit_records(audit_path)[-1]
    assert record["result"] == "ok" and record["parameters"]["replica"] == am1
    listed = cli(cfg, "silence", "list", "--format", "json")  # reads fall back too
    assert listed.code == 0 and made["id"] in {s["id"] for s in listed.json()}
    assert cli(cfg, "silence", "expire", made["id"]).code == 0


def test_ack_extension_up_to_max(stack, test_id, write_config, cli) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("Burning", test_id)])
    ack = '[ack]\nduration = "30s"\nmax = "30s"\nextend = true\n'
    cfg = write_config(config_text([tenant_block("acme", test_id, [am0, am1])], extra=ack))
    [alert] = cli(cfg, "alerts", "--format", "json").json()
    first = cli(cfg, "ack", alert["fingerprint"], "--duration", "5s", "--format", "json")
    assert first.code == 0, first.err
    sid = first.json()["silenceID"]
    s0 = wait_for(lambda: silence_on(am1, sid))
    start, end0 = _when(s0["startsAt"]), _when(s0["endsAt"])
    assert end0 - start < timedelta(seconds=6)
    wait_for(lambda: alerts_on(am0, test_id)[0]["status"]["silencedBy"] == [sid])
    # What the dashboard's poller does, once: extend my acks that end soon on alerts still firing.
    run = cli(cfg, "ack", "--extend", "--format", "json")
    assert run.code == 0, run.err
    [extended] = run.json()
    assert extended["result"] == "ok"
    new_id = extended["silenceID"]
    def extended_on(url: str) -> dict | None:  # type: ignore[type-arg]
        s = silence_on(url, new_id)
        return s if s and s["status"]["state"] == "active" and _when(s["endsAt"]) > end0 else None

    for url in (am0, am1):
        s1 = wait_for(lambda url=url: extended_on(url))
    assert _when(s1["endsAt"]) <= start + timedelta(seconds=31)  # never beyond [ack] max since the ack
    assert s1["comment"] == "ACK! tester via alerttui"
    wait_for(lambda: alerts_on(am0, test_id)[0]["status"]["silencedBy"] == [new_id])
    at_max = cli(cfg, "ack", alert["fingerprint"], "--extend")
    assert at_max.code == 3 and "ack already at its maximum" in at_max.err


def test_unreachable_alertmanager_is_exit_1_and_audited(test_id, write_config, cli, audit_path) -> None:  # type: ignore[no-untyped-def]
    cfg = write_config(config_text([tenant_block("acme", test_id, [DEAD])], audit=audit_path))
    run = cli(cfg, "silence", "add", "-m", 'alertname="X"', "-c", "AM is down")
    assert run.code == 1
    assert run.err.startswith("alerttui: every Alertmanager replica failed: http://127.0.0.1:1")
    assert "Traceback" not in run.err and run.out == ""
    [record] = audit_records(audit_path)
    assert record["result"] == "failed" and record["action"] == "silence"
    assert "every Alertmanager replica failed" in record["error"] and record["silence_id"] is None
    assert cli(cfg, "silence", "list").code == 1
    assert cli(cfg, "ack", "abcdef").code == 1
