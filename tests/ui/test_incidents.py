"""The incidents view (``i``): incidents from the engine's correlator, whole-incident actions
behind one confirmation, the policy gate, and the new-critical-alert bell (``[ui] notify``).

No network: the engine is built with its responder (``respond=True``) and fed snapshots the
way the poller does (``_snapshot`` publishes, ``responder.observe`` correlates); writes are
recorded by replacing ``Operations.ack``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.widgets import DataTable, Static

from alerttui.app import AlerttuiApp
from alerttui.config import parse_settings
from alerttui.domain import Alert, Snapshot
from alerttui.engine import build_engine
from alerttui.operations import Result
from alerttui.screens.alert_detail import AlertDetailScreen
from alerttui.screens.confirm_modal import ConfirmModal
from alerttui.screens.incidents import IncidentsScreen
from alerttui.screens.silence_modal import MatcherRow, SilenceModal

from .factory import AM, NOW, alert, snapshot


def incident_settings(kiosk: bool = False, notify: str = "none", role: str = "responder"):  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {"ui": {"operator": "alice", "refresh": "15s", "kiosk": kiosk, "timezone": "UTC",
                                   "notify": notify}, "tenants": []}
    for tid, name in (("acme", "ACME Corp"), ("globex", "Globex")):
        data["tenants"].append({"id": tid, "name": name, "role": role,
                                "alertmanager": {"urls": list(AM), "matchers": [f'tenant="{tid}"']},
                                "correlation": {"labels": ["service"]}})
    return parse_settings(data, Path("test.toml"))


def make_incident_app(tmp_path: Path, kiosk: bool = False, notify: str = "none",
                      role: str = "responder") -> AlerttuiApp:
    s = incident_settings(kiosk=kiosk, notify=notify, role=role)
    engine = build_engine(s, kiosk=kiosk, clock=lambda: NOW, respond=True, state=tmp_path)
    return AlerttuiApp(s, engine=engine, polling=False)


def shared(tenant: str = "globex") -> Alert:
    """The same alert (same labels, same fingerprint) as acme's, reported by another tenant."""
    a = alert("EdgeDown", severity="critical", minutes_ago=4, service="edge", instance="lb-1")
    return replace(a, tenant=tenant)


def incident_alerts() -> dict[str, list[Alert]]:
    return {
        "acme": [
            alert("APIErrors", severity="critical", minutes_ago=6, service="api", instance="api-1"),
            alert("APILatencyHigh", severity="warning", minutes_ago=5, service="api", instance="api-2"),
            alert("DiskFull", severity="warning", minutes_ago=20, service="db", instance="db-1"),
            shared("acme"),
        ],
        "globex": [shared("globex")],
    }


async def feed_incidents(app: AlerttuiApp, data: dict[str, list[Alert]] | None = None) -> dict[str, Snapshot]:
    """One poll of each tenant, as the poller does it: publish, then correlate."""
    data = data or incident_alerts()
    snaps = {"acme": snapshot("acme", data["acme"], "ACME Corp", with_series=False),
             "globex": snapshot("globex", data["globex"], "Globex", with_series=False)}
    for snap in snaps.values():
        app.engine._snapshot(snap)
        await app.engine.responder.observe(snap, duties=False)
    return snaps


def cells(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[c.plain if isinstance(c, Text) else str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def recording_acks(app: AlerttuiApp) -> list[Alert]:
    acked: list[Alert] = []

    async def ack(alert: Alert, duration: object = None) -> Result:
        acked.append(alert)
        return Result(True, f"{alert.alertname} acknowledged")

    app.engine.ops.ack = ack  # type: ignore[method-assign]
    return acked


def footer_text(screen: IncidentsScreen) -> str:
    return " ".join(str(w.render()) for w in screen.query("FooterKey"))


async def open_incidents(pilot) -> IncidentsScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("i")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, IncidentsScreen)
    return screen


async def select(pilot, screen: IncidentsScreen, title: str) -> None:  # type: ignore[no-untyped-def]
    table = screen.query_one(DataTable)
    table.move_cursor(row=0)
    for _ in range(table.row_count):
        if screen.selected() is not None and screen.selected().title == title:
            return
        await pilot.press("down")
    raise AssertionError(f"{title} not listed")


async def test_incidents_view_lists_correlated_incidents_and_duplicates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_incident_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await feed_incidents(app)
        screen = await open_incidents(pilot)
        rows = cells(screen.query_one(DataTable))
        # state, counts, tenant, title, age, alerts, outlook
        by_title = {(r[2], r[3]): r for r in rows}
        assert set(by_title) == {("acme", "APIErrors +1"), ("acme", "DiskFull"), ("acme", "EdgeDown"),
                                 ("globex", "EdgeDown")}
        api = by_title[("acme", "APIErrors +1")]
        assert api[0] == "open" and api[1] == "1C 1W" and api[5] == "2" and api[4] == "6m"
        assert by_title[("acme", "DiskFull")][1] == "1W"  # not sharing service="api": its own incident
        assert by_title[("acme", "EdgeDown")][6] == "dup: globex"
        assert by_title[("globex", "EdgeDown")][6] == "dup: acme"
        assert rows[0][1].startswith("1C")  # open and most severe first
        # The pane: the selected incident's alerts, shared labels.
        await select(pilot, screen, "APIErrors +1")
        detail = str(screen.query_one("#incident-detail", Static).content)
        assert 'service="api"' in detail and "APILatencyHigh" in detail and "APIErrors" in detail
        assert "CRIT" in detail and "active" in detail
        await pilot.press("enter")
        assert screen.has_class("-expanded")
        await pilot.press("escape")
        assert not screen.has_class("-expanded") and app.screen is screen
        # A new poll: the view follows it.
        data = incident_alerts()
        data["acme"] = [a for a in data["acme"] if a.alertname != "DiskFull"]
        await feed_incidents(app, data)
        await pilot.pause()
        rows = cells(screen.query_one(DataTable))
        disk = next(r for r in rows if r[0] == "resolved")  # its alert is gone: named by its key
        assert disk[3] == "service=db" and disk[5] == "0" and rows[-1] == disk
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_untrusted_labels_are_literal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_incident_app(tmp_path)
    evil = alert("[bold red]Evil\x1b[31m", severity="critical", service="[link=x]svc\x07")
    async with app.run_test(size=(120, 30)) as pilot:
        await feed_incidents(app, {"acme": [evil], "globex": []})
        screen = await open_incidents(pilot)
        row = cells(screen.query_one(DataTable))[0]
        assert row[3] == "[bold red]Evil"
        detail = str(screen.query_one("#incident-detail", Static).content)
        assert 'service="[link=x]svc"' in detail and "\x1b" not in detail and "\x07" not in detail


async def test_ack_asks_then_acks_each_alert(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_incident_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        acked = recording_acks(app)
        await feed_incidents(app)
        screen = await open_incidents(pilot)
        await select(pilot, screen, "APIErrors +1")
        assert "Ack all" in footer_text(screen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        question = str(app.screen.query_one(Static).content)
        assert question == "Acknowledge 2 alerts, one ack each: APIErrors, APILatencyHigh"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and acked == []
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(a.alertname for a in acked) == ["APIErrors", "APILatencyHigh"]
        assert app.screen is screen


async def test_silence_one_silence_when_shared_labels_select_exactly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_incident_app(tmp_path)
    async with app.run_test(size=(120, 34)) as pilot:
        acked = recording_acks(app)
        await feed_incidents(app)
        screen = await open_incidents(pilot)
        await select(pilot, screen, "APIErrors +1")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        question = str(app.screen.query_one(Static).content)
        assert question == 'One silence on service="api", tenant="acme" (exactly these 2 alerts)'
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SilenceModal)
        rows = {r.query_one("Input").value for r in app.screen.query(MatcherRow)}
        assert rows == {'service="api"'}  # the scope matcher tenant="acme" is locked, not a row
        assert "Matches 2 current alerts" in str(app.screen.query_one("#preview", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        # EdgeDown's shared labels are its own exact labels: one silence too. A subset of
        # labels that also selects another alert falls back to one ack each.
        data = incident_alerts()
        data["acme"].append(alert("APIErrors", severity="critical", minutes_ago=60, service="api", instance="api-1",
                                  region="eu"))  # same service, outside the 10m window: another incident
        await feed_incidents(app, data)
        await pilot.pause()
        await select(pilot, screen, "APIErrors +1")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert str(app.screen.query_one(Static).content) == \
            "Acknowledge 2 alerts, one ack each: APIErrors, APILatencyHigh"
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(a.alertname for a in acked) == ["APIErrors", "APILatencyHigh"]


async def test_forward_sends_the_lead_alert(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_incident_app(tmp_path)
    forwarded: list[Alert] = []
    async with app.run_test(size=(120, 30)) as pilot:
        app.forward = forwarded.append  # type: ignore[method-assign]
        app.may = lambda action, tenant: True  # type: ignore[method-assign]  # no [slack] in these settings
        await feed_incidents(app)
        screen = await open_incidents(pilot)
        await select(pilot, screen, "APIErrors +1")
        await pilot.press("f")
        await pilot.pause()
        assert [a.alertname for a in forwarded] == ["APIErrors"]


async def test_kiosk_and_viewer_hide_and_refuse_actions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for kiosk, role in ((True, "responder"), (False, "viewer")):
        app = make_incident_app(tmp_path / role, kiosk=kiosk, role=role)
        async with app.run_test(size=(120, 30)) as pilot:
            acked = recording_acks(app)
            await feed_incidents(app)
            screen = await open_incidents(pilot)
            await select(pilot, screen, "APIErrors +1")
            shown = {b.binding.action for b in screen.active_bindings.values()}
            assert "back" in shown
            assert not {"ack", "silence", "forward"} & shown
            footer = footer_text(screen)
            assert "Back" in footer and "Ack all" not in footer and "Silence" not in footer
            await pilot.press("a", "s", "f")
            await pilot.pause()
            assert app.screen is screen and acked == []
            screen.action_ack()  # even when called, refused
            await pilot.pause()
            assert app.screen is screen and acked == []


async def test_alert_details_name_the_incident(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_incident_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        snaps = await feed_incidents(app)
        await pilot.pause()
        api = next(a for a in snaps["acme"].alerts.values() if a.alertname == "APIErrors")
        incident = app.incident_of("acme", api.fingerprint)
        assert incident is not None
        app.engine.escalation_outlook = lambda i: "escalates to oncall-secondary in 4m"  # type: ignore[method-assign]
        app.push_screen(AlertDetailScreen(api, snaps["acme"]))
        await pilot.pause()
        line = str(app.screen.query_one("#incident", Static).content)
        assert line == f"Incident {incident.id} · open · escalates to oncall-secondary in 4m"


async def test_bell_on_a_new_critical_alert_only_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for mode, expected in (("bell", 1), ("none", 0)):
        app = make_incident_app(tmp_path / mode, notify=mode)
        rung: list[int] = []
        async with app.run_test(size=(100, 30)) as pilot:
            app.bell = lambda rung=rung: rung.append(1)  # type: ignore[method-assign]
            first = [alert("Old", severity="critical", service="x")]
            app.engine._snapshot(snapshot("acme", first, "ACME Corp", with_series=False))
            await pilot.pause()
            assert rung == []  # the first poll's alerts are not news
            app.engine._snapshot(snapshot("acme", [*first, alert("Warn", service="y")], "ACME Corp",
                                          with_series=False))
            await pilot.pause()
            assert rung == []  # not critical
            app.engine._snapshot(snapshot("acme", [*first, alert("New1", severity="critical", service="z"),
                                                   alert("New2", severity="critical", service="z")], "ACME Corp",
                                          with_series=False))
            await pilot.pause()
            assert len(rung) == expected  # two new critical alerts in one poll: one bell


async def test_osc9_and_engine_notices(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alerttui.engine import Event

    app = make_incident_app(tmp_path, notify="osc9")
    said: list[str] = []
    notified: list[tuple[str, bool]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.desktop_notification = said.append  # type: ignore[method-assign]
        app.notify = lambda message, markup=True, **kw: notified.append((message, markup))  # type: ignore[method-assign]
        app.engine._snapshot(snapshot("acme", [], "ACME Corp", with_series=False))
        await pilot.pause()
        app.engine._snapshot(snapshot("acme", [alert("Boom[b]", severity="critical")], "ACME Corp",
                                      with_series=False))
        await pilot.pause()
        assert said == ["acme: Boom[b] firing (critical)"]
        for kind in ("escalated", "escalation-stopped", "notice", "slack-refused", "slack-sent"):
            app.engine.emit(Event(kind, f"{kind} [red]x[/red]", "acme"))
        await pilot.pause()
        assert notified == [(f"{k} [red]x[/red]", False) for k in ("escalated", "escalation-stopped", "notice",
                                                                   "slack-refused")]
