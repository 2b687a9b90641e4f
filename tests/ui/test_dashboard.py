"""Driving the dashboard as an operator would (Textual Pilot), with fixed data and clock."""

from __future__ import annotations

import itertools
from dataclasses import replace

from rich.text import Text
from textual.widgets import Input, Static

from alerttui.screens.alert_detail import AlertDetailScreen
from alerttui.screens.dashboard import GRIDS_KEPT
from alerttui.screens.help import HelpScreen
from alerttui.widgets.alert_table import AlertTable
from alerttui.widgets.metric_pane import MetricGrid, MetricPane
from alerttui.widgets.status_bar import StaleBanner, StatusBar
from alerttui.widgets.tenant_tabs import TenantTabs

from .factory import NOW, alert, feed, make_app, snapshot, standard_alerts


def names(table: AlertTable) -> list[str]:
    """Alert names in display order."""
    return [table.alerts[key].alertname for key in table.keys_in_order()]


def plain(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


async def test_all_tenants_sorted_by_severity_then_age() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        table = app.dashboard.query_one(AlertTable)
        assert table.row_count == 7
        order = names(table)
        assert order[0] == "DiskFull"  # critical first
        assert set(order[1:3]) == {"DBSlowQueries", "APILatencyHigh"}
        assert order[1] == "DBSlowQueries"  # same severity: the older (15 min) before 7 min
        assert order[-1] in {"OrdersBelowForecast", "CertExpiring"}


async def test_tenant_switching_keys() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        dash = app.dashboard
        table = dash.query_one(AlertTable)
        await pilot.press("2")
        assert dash.tenant == "globex"
        assert {a.tenant for a in table.alerts.values()} == {"globex"}
        assert table.row_count == 2
        await pilot.press("tab")  # globex -> wraps to All
        assert dash.tenant is None
        assert table.row_count == 7
        await pilot.press("tab")
        assert dash.tenant == "acme"
        await pilot.press("shift+tab")
        assert dash.tenant is None
        await pilot.press("1")
        assert dash.tenant == "acme"
        await pilot.press("9")  # no 9th tenant: nothing happens
        assert dash.tenant == "acme"
        await pilot.press("0")
        assert dash.tenant is None
        tabs = plain(dash.query_one(TenantTabs))
        assert "ACME Corp" in tabs and "Globex" in tabs


async def test_metric_panes_follow_the_tenant() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.press("1")
        await pilot.pause()
        grids = {g.tenant: g for g in app.dashboard.query(MetricGrid)}
        assert grids["acme"].display
        values = [plain(s) for s in grids["acme"].query(".value").results(Static)]
        assert values[0] == "81.0 % ▲"  # last CPU value 81 over warn=80
        assert values[1] == "3.2 GiB"
        assert values[2] == "140.0 ms"
        assert "globex" not in grids  # a tenant's grid is made when it is first shown
        await pilot.press("2")
        await pilot.pause()
        grids = {g.tenant: g for g in app.dashboard.query(MetricGrid)}
        assert grids["globex"].display and not grids["acme"].display
        await pilot.press("1")
        await pilot.pause()
        again = {g.tenant: g for g in app.dashboard.query(MetricGrid)}
        assert again["acme"] is grids["acme"] and again["acme"].display  # kept, shown again
        assert plain(again["acme"].query(".value").results(Static).__next__()) == "81.0 % ▲"


async def test_metric_grids_are_reused_for_other_tenants() -> None:
    """Past the grids kept, the one shown longest ago is given to the next tenant: walking
    through 6 tenants makes 4 grids, not 6 (a removed widget stays in memory a long while)."""
    tenants = [(f"t{i}", f"Tenant {i}") for i in range(1, 7)]
    app = make_app(tenants=tenants)
    async with app.run_test(size=(120, 40)) as pilot:
        for i, (tid, name) in enumerate(tenants, start=1):
            snap = snapshot(tid, [alert("HighCPU", tenant=tid)], name)
            cpu = replace(snap.series[0], points=((NOW.timestamp(), float(i)),))
            app.dashboard.apply_snapshot(replace(snap, series=(cpu, *snap.series[1:])))
        made: dict[int, MetricGrid] = {}
        for tid, name in [*tenants, tenants[0], tenants[5]]:
            await pilot.press(tid[1])
            await pilot.pause()
            made.update((id(g), g) for g in app.dashboard.query(MetricGrid))
            shown = [g for g in app.dashboard.query(MetricGrid) if g.display]
            assert [g.tenant for g in shown] == [tid]
            assert shown[0].border_title == name
            value = plain(next(shown[0].query(".value").results(Static)))
            assert value == f"{int(tid[1])}.0 %", (tid, value)
        assert len(made) == GRIDS_KEPT
        # a tenant with fewer panels, then more: panes removed and mounted to match
        grid = shown[0]
        grid.rebind("t9", grid.panels[:1], title="Nine")
        await pilot.pause()
        assert len(grid.query(MetricPane)) == 1
        grid.rebind("t6", app.settings.tenants[5].panels, title="Tenant 6")
        await pilot.pause()
        assert [plain(s) for s in grid.query(".title").results(Static)] == ["CPU", "Memory", "API p95"]


async def test_filter_matchers_text_invalid_and_escape() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        dash = app.dashboard
        table = dash.query_one(AlertTable)
        await pilot.press("slash")
        box = dash.query_one("#filter", Input)
        assert box.has_focus
        await pilot.press(*'severity="error"')
        await pilot.pause()
        assert sorted(names(table)) == ["APILatencyHigh", "DBSlowQueries"]
        await pilot.press("enter")
        assert table.has_focus
        assert 'filter: severity="error"' in plain(dash.query_one(StatusBar))
        # An invalid matcher keeps the previous filter and says why.
        await pilot.press("slash")
        box.value = 'severity="error" alertname=~"('  # as pasted
        await pilot.pause()
        error = dash.query_one("#filter-error", Static)
        assert error.display
        assert "invalid filter" in plain(error)
        assert sorted(names(table)) == ["APILatencyHigh", "DBSlowQueries"]
        # Free text over labels and annotations.
        box.value = "db-1"
        await pilot.pause()
        assert names(table) == ["DiskFull"]
        assert not error.display
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 7
        assert not box.display
        assert "filter:" not in plain(dash.query_one(StatusBar))


async def test_cursor_stays_on_alert_when_rows_reorder() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        table = app.dashboard.query_one(AlertTable)
        await pilot.press("down", "down", "down")
        chosen = table.selected_alert()
        assert chosen is not None
        index_before = table.cursor_row
        # A refresh in which two new critical alerts arrive above it and one alert goes away.
        data = standard_alerts()
        acme = [*data["acme"][1:], alert("NodeDown", severity="critical", minutes_ago=1),
                alert("EtcdNoLeader", severity="critical", minutes_ago=2)]
        app.dashboard.apply_snapshot(snapshot("acme", acme, "ACME Corp"))
        await pilot.pause()
        assert table.selected_alert() is not None
        assert table.selected_alert().key == chosen.key
        assert table.cursor_row != index_before  # it moved with its row
        # New alerts are marked for one refresh cycle.
        new_rows = [k for k in table.alerts if k in table._new]
        assert {table.alerts[k].alertname for k in new_rows} == {"NodeDown", "EtcdNoLeader"}
        app.dashboard.apply_snapshot(snapshot("acme", acme, "ACME Corp"))
        await pilot.pause()
        assert not table._new


async def test_update_changes_cells_without_rebuilding() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        table = app.dashboard.query_one(AlertTable)
        data = standard_alerts()
        target = data["acme"][1]
        row_key = table.get_row(target.key)
        assert row_key is not None
        changed = replace(target, annotations={**target.annotations, "summary": "API p95 latency 999ms"})
        acme = [changed if a.key == target.key else a for a in data["acme"]]
        app.dashboard.apply_snapshot(snapshot("acme", acme, "ACME Corp"))
        await pilot.pause()
        cell = table.get_cell(target.key, "summary")
        assert cell.plain == "API p95 latency 999ms"
        assert table.row_count == 7


async def test_details_screen_shows_everything() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.press("1")
        await pilot.pause()
        table = app.dashboard.query_one(AlertTable)
        # Move to the silenced alert.
        while table.selected_alert() and table.selected_alert().alertname != "BackupLate":
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlertDetailScreen)
        state = plain(screen.query_one("#state", Static))
        assert "silenced by bob" in state
        assert "backup window, ticket OPS-1234" in state
        assert "http://127.0.0.1:9093" in state and "http://127.0.0.1:9094" in state
        assert "2026" in state and "UTC" in state
        links = plain(screen.query_one("#links", Static))
        assert "https://runbooks.example.com/BackupLate" in links
        assert "g0.expr=up+%3D%3D+0" in links
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_help_lists_every_binding() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = dict((desc, key) for key, desc in app.screen.rows)
        for desc, key in (("Filter", "/"), ("Quit", "q, ^c"), ("Refresh", "r"), ("Pause", "p"), ("Next tenant", "tab"),
                          ("Previous tenant", "shift+tab"), ("All tenants", "0"), ("Clear filter", "esc"),
                          ("Tenant by number", "1…9"), ("Help", "?"), ("Silence", "s"), ("Ack", "a"),
                          ("Silences", "S"), ("Expire", "x"), ("New silence", "n"), ("Language", "L")):
            assert desc in rows, desc
            assert rows[desc] == key, (desc, rows[desc])
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_stale_tenant_banner_and_others_unaffected() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app, stale_globex=True)
        await pilot.pause()
        dash = app.dashboard
        banner = dash.query_one(StaleBanner)
        assert banner.has_class("-visible")
        text = plain(banner)
        assert "Globex" in text and "3m" in text and "connection refused" in text
        assert dash.query_one(AlertTable).row_count == 7  # the stale tenant's last data stays
        await pilot.press("1")
        await pilot.pause()
        assert not banner.has_class("-visible")  # acme is healthy
        tabs = plain(dash.query_one(TenantTabs))
        assert "✗" in tabs and "✓" in tabs


async def test_pause_and_palette() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.press("p")
        await pilot.pause()
        assert app.paused
        assert "PAUSED" in plain(app.dashboard.query_one(StatusBar))
        await pilot.press("p")
        assert not app.paused
        await app.run_action("palette('tenant(2)')")
        await pilot.pause()
        assert app.dashboard.tenant == "globex"


async def test_removing_the_row_under_the_cursor_moves_to_the_next_one() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        table = app.dashboard.query_one(AlertTable)
        await pilot.press("down", "down")
        gone = table.selected_alert()
        assert gone is not None
        index = table.cursor_row
        following = table.keys_in_order()[index + 1]
        data = standard_alerts()
        app.dashboard.apply_snapshot(snapshot("acme", [a for a in data["acme"] if a.key != gone.key], "ACME Corp"))
        await pilot.pause()
        assert gone.key not in table.alerts and table.row_count == 6
        assert table.cursor_row == index  # the same place...
        assert table.selected_key() == following  # ...now on the row that followed it
        await pilot.press("end")
        last = table.selected_key()
        assert last == table.keys_in_order()[-1]
        app.dashboard.apply_snapshot(snapshot("acme", [], "ACME Corp"))
        app.dashboard.apply_snapshot(snapshot("globex", [], "Globex"))
        await pilot.pause()
        assert table.row_count == 0 and table.selected_alert() is None


async def test_a_poll_hands_the_table_only_what_changed_and_it_matches_a_full_rebuild() -> None:
    """Successive polls of one tenant, with the poller's rule (unchanged alerts keep their
    objects): the table after each delta equals the table rebuilt from the snapshots, new
    markers included; an unchanged alert keeps its very row."""
    from dataclasses import replace as dc_replace

    from alerttui.polling.fetch import reuse_unchanged
    from tests.ui.factory import alert, snapshot

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        dash = app.dashboard
        table = dash.query_one(AlertTable)
        base = [alert(f"A{i}", tenant="acme", minutes_ago=i) for i in range(6)]
        dash.apply_snapshot(snapshot("acme", base, "ACME Corp"))
        await pilot.pause()
        kept_row = None
        rounds = [
            [*base[:4], alert("A5", tenant="acme", minutes_ago=5, summary="changed"), alert("B1", tenant="acme")],
            [*base[:3], alert("B1", tenant="acme"), alert("B2", tenant="acme", severity="critical")],
            [*base[:3]],
        ]
        applied = []
        for new_alerts in rounds:
            previous = dash.snapshots["acme"]
            fresh = snapshot("acme", new_alerts, "ACME Corp")
            applied.append(dc_replace(fresh, alerts=reuse_unchanged(previous.alerts, fresh.alerts)))
            dash.apply_snapshot(applied[-1])
            await pilot.pause()
            if kept_row is None:  # after its "new" marker went (the poll after it came)
                kept_row = table.model.rows[base[0].key]
            shown = {k: [c.plain for c in table.get_row(k)] for k in table.keys_in_order()}
            rebuilt = make_app()
            async with rebuilt.run_test(size=(120, 40)) as other:
                feed(rebuilt)
                rebuilt.dashboard.snapshots["acme"] = dash.snapshots["acme"]
                ref = rebuilt.dashboard.query_one(AlertTable)
                ref.clear_all()
                rebuilt.dashboard.refresh_view()  # every shown alert handed over: the full path
                await other.pause()
                assert table.keys_in_order() == ref.keys_in_order()
                full = {k: [c.plain for c in ref.get_row(k)] for k in ref.keys_in_order()}
                # The same cells; only the "new" marker (which a full refresh never sets) may differ.
                assert {k: [v[0].replace("●", " "), *v[1:]] for k, v in shown.items()} == {
                    k: [v[0].replace("●", " "), *v[1:]] for k, v in full.items()}
        markers = {k for k in table.keys_in_order() if table.get_row(k)[0].plain.startswith("●")}
        assert markers == set()  # the last poll brought nothing new: no marker left
        assert table.model.rows[base[0].key] is kept_row  # never rebuilt: it never changed


async def test_the_cursor_keeps_its_alert_through_the_filter_and_polls_under_it() -> None:
    """Typing a filter that keeps the selected alert leaves the cursor on it; one that drops
    it moves the cursor to a row that is shown; a poll while filtered shows only matching
    new alerts; clearing the filter brings every row back."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        dash = app.dashboard
        table = dash.query_one(AlertTable)
        everything = set(table.keys_in_order())
        await pilot.press("down", "down")
        chosen = table.selected_alert()
        assert chosen is not None
        dash.apply_filter(f"alertname={chosen.alertname}")
        await pilot.pause()
        assert table.selected_alert() is not None and table.selected_alert().key == chosen.key
        assert all(table.alerts[k].alertname == chosen.alertname for k in table.keys_in_order())
        dash.apply_filter(f'alertname!="{chosen.alertname}"')
        await pilot.pause()
        assert chosen.key not in table.keys_in_order()
        assert table.selected_key() in table.keys_in_order()
        data = standard_alerts()
        dash.apply_snapshot(snapshot("acme", [*data["acme"], alert(chosen.alertname, minutes_ago=1, extra="x"),
                                             alert("BrandNew", minutes_ago=1)], "ACME Corp"))
        await pilot.pause()
        shown = {table.alerts[k].alertname for k in table.keys_in_order()}
        assert "BrandNew" in shown and chosen.alertname not in shown  # the filter applies to polls too
        dash.apply_filter("")
        await pilot.pause()
        assert everything <= set(table.keys_in_order())
        assert len(table.keys_in_order()) == len(everything) + 2


async def test_a_snapshot_before_the_dashboard_is_composed_is_shown_once_it_is() -> None:
    """The first poll can answer before the dashboard screen is composed (a fast local
    backend): it is kept and shown when the screen mounts, never a NoMatches crash."""
    from alerttui.screens.dashboard import DashboardScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        early = DashboardScreen(app.tenant_list, None, {})
        early.apply_snapshot(snapshot("acme", [alert("EarlyBird", "acme", "critical")]))  # not composed yet
        app.push_screen(early)
        await pilot.pause()
        table = early.query_one(AlertTable)
        assert table.row_count == 1
        selected = table.selected_alert()
        assert selected is not None and selected.alertname == "EarlyBird"


async def test_a_poll_answered_after_the_screens_closed_is_ignored() -> None:
    """The engine's last poll may finish while the app closes (its screens already gone): it
    used to crash the app on its way out (KeyError: no screen called 'dashboard')."""
    from alerttui.engine import Event
    from alerttui.messages import SnapshotUpdated

    app = make_app()
    async with app.run_test():
        pass
    late = snapshot("acme", standard_alerts()["acme"], "ACME Corp")
    app.on_snapshot_updated(SnapshotUpdated(late))
    app._engine_event(Event("firing", "acme: DiskFull firing (critical)", "acme", {"severity": "critical"}))


async def test_the_footer_follows_the_target_tenants_role_and_is_not_rebuilt_within_it() -> None:
    """In the all-tenants view, s/a/f follow the highlighted alert's tenant and its role. The
    footer is worked out again when that tenant changes, not on every move: under churn
    each poll moves the highlight, and rebuilding the footer each time made a dozen widgets
    of garbage every poll (found by the soak)."""
    from pathlib import Path

    from alerttui.app import AlerttuiApp
    from alerttui.config import parse_settings
    from alerttui.engine import build_engine

    from .factory import AM, NOW

    s = parse_settings({"ui": {"operator": "alice", "timezone": "UTC"}, "tenants": [
        {"id": tid, "name": name, "role": role, "alertmanager": {"urls": list(AM), "matchers": [f'tenant="{tid}"']}}
        for tid, name, role in (("acme", "ACME Corp", "responder"), ("globex", "Globex", "viewer"))]},
        Path("test.toml"))
    app = AlerttuiApp(s, engine=build_engine(s, clock=lambda: NOW), polling=False)
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        dash = app.dashboard
        table = dash.query_one(AlertTable)
        rebuilt: list[object] = []
        dash.bindings_updated_signal.subscribe(dash, rebuilt.append)
        tenants: list[str] = []
        for _ in range(table.row_count):
            selected = table.selected_alert()
            assert selected is not None
            tenants.append(selected.tenant)
            keys = " ".join(str(w.render()) for w in dash.query("FooterKey"))
            assert (" s Silence " in f" {keys} ") == (selected.tenant == "acme"), (selected.alertname, keys)
            await pilot.press("down")
            await pilot.pause()
        changes = sum(1 for a, b in itertools.pairwise(tenants) if a != b)
        assert 0 < changes < len(tenants) - 1  # the walk crosses tenants, and stays within one too
        assert len(rebuilt) == changes, (tenants, len(rebuilt))
        await pilot.press("2")  # the viewer tenant's own view: no silence key
        await pilot.pause()
        assert " s Silence " not in " ".join(str(w.render()) for w in dash.query("FooterKey"))
        await pilot.press("0")  # back to all tenants, on an alert of acme again: the keys are back
        await pilot.pause()
        selected = table.selected_alert()
        assert selected is not None and selected.tenant == "acme"
        assert " s Silence " in " ".join(str(w.render()) for w in dash.query("FooterKey"))


async def test_a_tenants_own_view_shows_the_keys_its_role_allows() -> None:
    """Switching to a tenant's view (1-9) works the footer out for that tenant: a viewer's
    view has no s/a, an admin's has them (the footer used to keep the last view's keys)."""
    from pathlib import Path

    from alerttui.app import AlerttuiApp
    from alerttui.config import parse_settings
    from alerttui.engine import build_engine

    from .factory import AM, NOW

    roles = (("acme", "responder"), ("globex", "admin"), ("initech", "viewer"))
    s = parse_settings({"ui": {"operator": "alice", "timezone": "UTC"}, "tenants": [
        {"id": tid, "role": role, "alertmanager": {"urls": list(AM), "matchers": [f'tenant="{tid}"']}}
        for tid, role in roles]}, Path("test.toml"))
    app = AlerttuiApp(s, engine=build_engine(s, clock=lambda: NOW), polling=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for tid, _role in roles:
            app.dashboard.apply_snapshot(snapshot(tid, [alert(f"A-{tid}", tenant=tid)], tid))
        await pilot.pause()

        def silence_key() -> bool:
            return " s Silence " in " ".join(str(w.render()) for w in app.dashboard.query("FooterKey"))

        for key, allowed in (("3", False), ("2", True), ("3", False), ("1", True)):
            await pilot.press(key)
            await pilot.pause()
            assert silence_key() == allowed, (app.dashboard.tenant, allowed)
