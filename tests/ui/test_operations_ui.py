"""The operator's actions driven through the UI against the real Alertmanager pair:
silence form, ack, silences view, expire, roles, and the kiosk proof."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Input, Static

from alerttui.app import AlerttuiApp
from alerttui.config import load_settings
from alerttui.operations import AuditLog
from alerttui.screens.confirm_modal import ConfirmModal
from alerttui.screens.silence_modal import MatcherRow, SilenceModal
from alerttui.screens.silences import SilencesScreen
from alerttui.widgets.alert_table import AlertTable
from tests.conftest import http_json, make_alert, post_alerts, stack_config, wait_for


async def wait_until(pilot, predicate, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


def silences_of(url: str, test_id: str) -> list[dict]:  # type: ignore[type-arg]
    return [s for s in http_json("GET", f"{url}/api/v2/silences")
            if any(m["name"] == "test_id" and m["value"] == test_id for m in s["matchers"])]


def app_for(stack, test_id, write_config, tmp_path: Path, role: str = "responder",  # type: ignore[no-untyped-def]
            kiosk: bool = False) -> AlerttuiApp:
    config = stack_config(stack, [{"id": "ops", "test_id": test_id, "name": "Ops", "role": role}])
    config += f'\n[audit]\npath = "{tmp_path / "audit.jsonl"}"\n'
    return AlerttuiApp(load_settings(write_config(config)), kiosk=kiosk)


async def select(pilot, table: AlertTable, name: str) -> None:  # type: ignore[no-untyped-def]
    table.focus()
    table.move_cursor(row=0)
    await pilot.pause()
    for _ in range(table.row_count + 1):
        if table.selected_alert() and table.selected_alert().alertname == name:
            return
        await pilot.press("down")
    raise AssertionError(f"{name} not in table")


async def test_silence_form_end_to_end(stack, test_id, write_config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("FormDisk", test_id, "critical", instance="db-1"),
                      make_alert("FormDisk", test_id, "critical", instance="db-2"),
                      make_alert("FormOther", test_id, "warning")])
    app = app_for(stack, test_id, write_config, tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        table = app.dashboard.query_one(AlertTable)
        await wait_until(pilot, lambda: table.row_count == 3)
        await select(pilot, table, "FormDisk")
        instance = table.selected_alert().labels["instance"]
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SilenceModal))
        modal = app.screen
        assert isinstance(modal, SilenceModal)
        # Prefilled with the alert's exact labels; the scope matcher is locked, not a row.
        rows = {r.query_one(Input).value for r in modal.query(MatcherRow)}
        assert 'alertname="FormDisk"' in rows and f'instance="{instance}"' in rows
        assert f'test_id="{test_id}"' in str(modal.query_one("#scope", Static).content)
        assert "Matches 1 current alert" in str(modal.query_one("#preview", Static).content)
        # Widen it to both instances by editing the matcher's operator and value.
        instance_row = next(r for r in modal.query(MatcherRow)
                            if r.query_one(Input).value == f'instance="{instance}"')
        instance_row.query_one(Input).value = 'instance=~"db-.*"'
        await pilot.pause()
        assert "Matches 2 current alerts" in str(modal.query_one("#preview", Static).content)
        # Bad input keeps the form and says why: invalid regex, then a missing comment.
        instance_row.query_one(Input).value = 'instance=~"db-("'
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SilenceModal)
        assert "matcher" in str(modal.query_one("#error", Static).content)
        instance_row.query_one(Input).value = 'instance=~"db-.*"'
        modal.query_one("#end", Input).value = "2h"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SilenceModal)
        assert "comment" in str(modal.query_one("#error", Static).content)
        modal.query_one("#comment", Input).value = "disk swap, OPS-42"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is app.dashboard)
        # Written once, visible on both replicas, with the tenant scope and the operator.
        for url in (am0, am1):
            found = wait_for(lambda u=url: silences_of(u, test_id))
            assert len(found) == 1
            sil = found[0]
            assert sil["createdBy"] == "tester" and sil["comment"] == "disk swap, OPS-42"
            names = {(m["name"], m["value"], m["isRegex"]) for m in sil["matchers"]}
            assert ("test_id", test_id, False) in names and ("instance", "db-.*", True) in names
        # The table shows both alerts silenced after the next poll; the audit log has it.
        await wait_until(pilot, lambda: sum(a.silenced for a in table.alerts.values()) == 2)
        records = AuditLog(tmp_path / "audit.jsonl").read()
        assert records[-1]["action"] == "silence" and records[-1]["result"] == "ok"
        assert records[-1]["silence_id"] == sil["id"]


async def test_ack_shows_in_table_quickly(stack, test_id, write_config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("AckMe", test_id, "critical")])
    post_alerts(am1, [make_alert("AckMe", test_id, "critical")])
    app = app_for(stack, test_id, write_config, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.dashboard.query_one(AlertTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        await select(pilot, table, "AckMe")
        start = time.perf_counter()
        await pilot.press("a")
        await wait_until(pilot, lambda: table.selected_alert() is not None and table.selected_alert().silenced, 5)
        took = time.perf_counter() - start
        print(f"\nack: key press to table showing acknowledged: {took * 1000:.0f} ms")
        state = table.get_cell(table.selected_alert().key, "state").plain
        assert state.startswith("✔ ack tester")
        sil = wait_for(lambda: silences_of(am1, test_id))[0]
        assert sil["comment"] == "ACK! tester via alerttui"
        assert {m["name"] for m in sil["matchers"]} >= {"alertname", "severity", "test_id"}


async def test_silences_view_expire_with_confirmation(stack, test_id, write_config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    am0, _am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("ExpireA", test_id), make_alert("ExpireB", test_id)])
    app = app_for(stack, test_id, write_config, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.dashboard.query_one(AlertTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        for name in ("ExpireA", "ExpireB"):
            await select(pilot, table, name)
            await pilot.press("a")
        await wait_until(pilot, lambda: all(a.silenced for a in table.alerts.values()))
        await pilot.press("1", "S")
        screen = app.screen
        assert isinstance(screen, SilencesScreen)
        await wait_until(pilot, lambda: len(screen.rows) == 2)
        await pilot.press("space", "space", "x")  # mark both, expire
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")  # no: nothing changes
        await pilot.pause()
        assert len([s for s in silences_of(am0, test_id) if s["status"]["state"] == "active"]) == 2
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        wait_for(lambda: all(s["status"]["state"] == "expired" for s in silences_of(am0, test_id)))
        await wait_until(pilot, lambda: not any(a.silenced for a in app.dashboard.snapshots["ops"].alerts.values()))


async def test_viewer_role_hides_and_refuses_writes(stack, test_id, write_config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    am0, _am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("ViewOnly", test_id)])
    app = app_for(stack, test_id, write_config, tmp_path, role="viewer")
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.dashboard.query_one(AlertTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        table.focus()
        assert app.dashboard.check_action("silence", ()) is False
        assert app.dashboard.check_action("ack", ()) is False
        await pilot.press("a", "s")
        await pilot.pause(0.5)
        assert app.screen is app.dashboard
        assert silences_of(am0, test_id) == []
        # The operations layer refuses on its own too, and says why.
        result = await app.engine.ops.ack(table.selected_alert())
        assert result.refused and result.message == "viewer role for tenant ops cannot acknowledge"


async def test_kiosk_proof_every_key_and_command_changes_nothing(stack, test_id, write_config,  # type: ignore[no-untyped-def]
                                                                 tmp_path) -> None:
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("KioskA", test_id, "critical"), make_alert("KioskB", test_id)])
    def state() -> dict[str, object]:
        # Every silence id on both replicas, and this test's silences in full.
        return {u: (sorted(s["id"] for s in http_json("GET", f"{u}/api/v2/silences")), silences_of(u, test_id))
                for u in (am0, am1)}

    before = state()
    app = app_for(stack, test_id, write_config, tmp_path, role="admin", kiosk=True)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.dashboard.query_one(AlertTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        table.focus()
        keys = {b.key for screen in (app.dashboard,) for b in screen.BINDINGS} | {b.key for b in app.BINDINGS}
        keys -= {"q", "ctrl+c"}  # quitting is allowed
        printable = [chr(c) for c in range(33, 127) if chr(c) not in "q"]
        everything = sorted(keys) + printable + ["enter", "space", "tab", "ctrl+s", "delete"]

        async def back_to_dashboard() -> None:
            for _ in range(5):
                if app.screen is app.dashboard and not isinstance(app.focused, Input):
                    return
                await pilot.press("escape")
                await pilot.pause()

        for key in everything:
            await pilot.press(key)
            await pilot.pause()
            # Whatever opened (help, details, silences view), a write form must never have.
            assert not isinstance(app.screen, SilenceModal | ConfirmModal), key
            await back_to_dashboard()
        # Every key inside the screens that list things (silences view, details) as well.
        for opener in ("S", "enter"):
            table.focus()
            await pilot.press(opener)
            await pilot.pause()
            assert app.screen is not app.dashboard, opener
            for key in everything:
                if key in ("escape",):
                    continue
                await pilot.press(key)
                await pilot.pause()
                assert not isinstance(app.screen, SilenceModal | ConfirmModal), (opener, key)
            await back_to_dashboard()
        from alerttui.commands import AlerttuiCommands

        commands = AlerttuiCommands(app.screen)._commands()  # every palette entry
        for _title, action, _help in commands:
            await app.run_action(f"palette('{action}')")
            await pilot.pause()
        for name in ("silence", "ack", "silences"):
            await app.run_action(f"palette('{name}')")
            await pilot.pause()
            assert not isinstance(app.screen, SilenceModal | ConfirmModal)
        # And the operations layer refuses by itself.
        alert = next(iter(table.alerts.values()))
        assert (await app.engine.ops.ack(alert)).refused
        assert app.is_running
    assert state() == before
    assert all(r["result"] == "refused" for r in AuditLog(tmp_path / "audit.jsonl").read())
