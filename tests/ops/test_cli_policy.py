"""Scope and policy through the command line: a tenant's matchers on a shared Alertmanager
cannot be bypassed, roles and kiosk refuse with exit 3 and a clear message, and a refused
command creates nothing (the replicas say so) but leaves an audit record."""

from __future__ import annotations

from tests.conftest import make_alert, post_alerts, wait_for

from .conftest import (
    alerts_on,
    audit_records,
    config_text,
    matchers_of,
    silence_on,
    silences_on,
    tenant_block,
)


def test_tenant_scope_cannot_be_bypassed(stack, test_id, write_config, cli) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    tid_a, tid_b = f"{test_id}a", f"{test_id}b"
    post_alerts(am0, [make_alert("Shared", tid_a), make_alert("Shared", tid_b)])
    cfg = write_config(config_text([tenant_block("team-a", tid_a, [am0, am1]),
                                    tenant_block("team-b", tid_b, [am0, am1])]))
    need = cli(cfg, "silence", "add", "-m", 'alertname="Shared"', "-c", "which tenant?")
    assert need.code == 2 and "--tenant is required: the config has 2 tenants (team-a, team-b)" in need.err
    # A's silence on the same alertname never reaches B's alert.
    run = cli(cfg, "silence", "add", "--tenant", "team-a", "-m", 'alertname="Shared"', "-c", "A only", "--format",
              "json")
    assert run.code == 0, run.err
    a_sid = run.json()["id"]
    assert run.json()["matchingAlerts"] == 1
    assert matchers_of(wait_for(lambda: silence_on(am1, a_sid))) == {'alertname="Shared"', f'test_id="{tid_a}"'}
    wait_for(lambda: alerts_on(am0, tid_a)[0]["status"]["silencedBy"] == [a_sid])
    # Naming the scope label with another value (B's, a regex, a negation) is refused: such a
    # silence would carry B's scope too, and show up (and be expirable) in B.
    for bypass in (f'test_id="{tid_b}"', f'test_id!="{tid_a}"', 'test_id=~".*"'):
        run = cli(cfg, "silence", "add", "--tenant", "team-a", "-m", 'alertname="Shared"', "-m", bypass,
                  "-c", "bypass?")
        assert run.code == 2, run.err
        assert run.err.strip() == f'alerttui: matchers: test_id is tenant team-a\'s scope label, always test_id="{tid_a}"'
    # Its own scope value is fine (an alert's exact labels include it).
    same = cli(cfg, "silence", "add", "--tenant", "team-a", "-m", f'alertname="Shared",test_id="{tid_a}"',
               "-c", "same", "--format", "json")
    assert same.code == 0 and same.json()["matchers"] == [f'test_id="{tid_a}"', 'alertname="Shared"']
    assert len(silences_on(am0, tid_a)) == 2 and silences_on(am0, tid_b) == []
    assert alerts_on(am0, tid_b)[0]["status"]["silencedBy"] == []
    # B does not see A's silences, and cannot expire them (to B they do not exist).
    b_list = cli(cfg, "silence", "list", "--tenant", "team-b", "--format", "json").json()
    assert b_list == []
    a_list = cli(cfg, "silence", "list", "--format", "json").json()  # every tenant: each with its own
    assert {s["tenant"] for s in a_list} == {"team-a"}
    expire = cli(cfg, "silence", "expire", "--tenant", "team-b", a_sid)
    assert expire.code == 2 and f"no silence {a_sid} in tenant team-b" in expire.err
    assert silence_on(am0, a_sid)["status"]["state"] == "active"
    # B's ack cannot name A's alert either.
    a_fp = alerts_on(am0, tid_a)[0]["fingerprint"]
    assert cli(cfg, "ack", "--tenant", "team-b", a_fp).code == 2


def test_roles_refuse_with_exit_3_and_create_nothing(stack, test_id, write_config, cli, audit_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("Role", test_id)])
    tenants = [tenant_block("watch", test_id, [am0, am1], role="viewer"),
               tenant_block("ops", test_id, [am0, am1], role="responder", extra='max_silence = "1h"')]
    cfg = write_config(config_text(tenants, audit=audit_path))
    fp = alerts_on(am0, test_id)[0]["fingerprint"]

    viewer = cli(cfg, "silence", "add", "--tenant", "watch", "-m", 'alertname="Role"', "-c", "no")
    assert viewer.code == 3
    assert viewer.err.strip() == "alerttui: viewer role for tenant watch cannot silence"
    assert cli(cfg, "ack", "--tenant", "watch", fp).err.strip() == \
        "alerttui: viewer role for tenant watch cannot acknowledge"
    too_long = cli(cfg, "silence", "add", "--tenant", "ops", "-m", 'alertname="Role"', "-d", "2h", "-c", "long")
    assert too_long.code == 3
    assert too_long.err.strip() == "alerttui: responder role for tenant ops cannot silence for longer than 1h"
    assert silences_on(am0, test_id) == [] and silences_on(am1, test_id) == []  # nothing was created

    # A responder expires its own silences, not someone else's; an admin expires anyone's.
    boss_cfg = write_config(config_text([tenant_block("ops", test_id, [am0, am1], role="admin")], operator="boss",
                                        audit=audit_path), name="boss.toml")
    boss = cli(boss_cfg, "silence", "add", "-m", 'alertname="Role"', "-d", "1h", "-c", "boss's")
    assert boss.code == 0, boss.err
    boss_sid = boss.out.splitlines()[0]
    wait_for(lambda: silence_on(am1, boss_sid))
    theirs = cli(cfg, "silence", "expire", "--tenant", "ops", boss_sid)
    assert theirs.code == 3
    assert theirs.err.strip() == "alerttui: responder role for tenant ops cannot change boss's silence"
    assert silence_on(am0, boss_sid)["status"]["state"] == "active"
    mine = cli(cfg, "silence", "add", "--tenant", "ops", "-m", 'alertname="Role"', "-d", "1h", "-c", "mine")
    assert mine.code == 0, mine.err
    my_sid = mine.out.splitlines()[0]
    assert cli(cfg, "silence", "expire", "--tenant", "ops", my_sid).code == 0
    assert cli(boss_cfg, "silence", "expire", boss_sid).code == 0

    results = [(r["tenant"], r["action"], r["result"], r["operator"]) for r in audit_records(audit_path)]
    assert results == [
        ("watch", "silence", "refused", "tester"),
        ("watch", "ack", "refused", "tester"),
        ("ops", "silence", "refused", "tester"),
        ("ops", "silence", "ok", "boss"),
        ("ops", "expire", "refused", "tester"),
        ("ops", "silence", "ok", "tester"),
        ("ops", "expire", "ok", "tester"),
        ("ops", "expire", "ok", "boss"),
    ]
    refused = audit_records(audit_path)[2]
    assert refused["error"] == "responder role for tenant ops cannot silence for longer than 1h"
    assert refused["parameters"]["duration"] == "2h"


def test_kiosk_refuses_every_write(stack, test_id, write_config, cli, audit_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("Wall", test_id)])
    fp = alerts_on(am0, test_id)[0]["fingerprint"]
    cfg = write_config(config_text([tenant_block("ops", test_id, [am0, am1], role="admin")], audit=audit_path))
    kiosk_cfg = write_config(config_text([tenant_block("ops", test_id, [am0, am1], role="admin")],
                                         ui="kiosk = true", audit=audit_path), name="kiosk.toml")
    writes = [
        ("silence", "add", "-m", 'alertname="Wall"', "-c", "x"),
        ("silence", "expire", "00000000-0000-0000-0000-000000000000"),
        ("ack", fp),
        ("forward", fp),
        ("outbox", "--send"),
    ]
    for args in writes:
        for config, flag in ((cfg, ["--kiosk"]), (kiosk_cfg, [])):
            run = cli(config, *args, *flag)
            assert run.code == 3, (args, run.err)
            assert run.err.startswith("alerttui: read-only kiosk mode: cannot "), run.err
    assert silences_on(am0, test_id) == []
    # Reads still work in kiosk mode.
    assert cli(kiosk_cfg, "silence", "list").code == 0
    assert cli(kiosk_cfg, "audit").code == 0
    assert cli(kiosk_cfg, "outbox").code == 0
    assert {r["result"] for r in audit_records(audit_path)} == {"refused"}
