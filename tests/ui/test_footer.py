"""The footer's keys are rebuilt only when what they show changes, and do not outlive being
rebuilt. Textual's Footer rebuilt its keys whenever the bindings were refreshed (the
dashboard refreshes them when the cursor's tenant changes, for its role), kept every key it
ever showed through a data binding's watcher (textual#6666), and every removed widget's
rendered lines stay in memory for a long while (textual#6665): the soak's heap grew."""

from __future__ import annotations

import gc

from alerttui.widgets.alert_table import AlertTable

from .factory import feed, make_app


def footer_keys_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o).__name__ == "FooterKey")


def row_of(table: AlertTable, tenant: str) -> int:
    return next(i for i, key in enumerate(table.keys_in_order()) if table.alerts[key].tenant == tenant)


def footer_text(dash) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(k.description) for k in dash.query("FooterKey")]


async def test_the_footer_keeps_its_keys_when_what_they_show_is_the_same() -> None:
    app = make_app()  # two tenants, both responders: the same keys for either
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        dash = app.dashboard
        table = dash.query_one(AlertTable)
        keys = list(dash.query("FooterKey"))
        assert len(keys) >= 5
        for _ in range(10):
            for tenant in ("globex", "acme"):
                table.move_cursor(row_of(table, tenant))
                await pilot.pause()
                assert dash.target_tenant() == tenant
            dash.refresh_bindings()
            await pilot.pause()
        assert list(dash.query("FooterKey")) == keys  # the very same widgets, not new ones


async def test_the_footer_follows_the_role_and_leaves_no_keys_behind() -> None:
    app = make_app(roles={"acme": "responder", "globex": "viewer"})
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        dash = app.dashboard
        table = dash.query_one(AlertTable)
        table.move_cursor(row_of(table, "acme"))
        await pilot.pause()
        responder = footer_text(dash)
        assert "Silence" in responder
        table.move_cursor(row_of(table, "globex"))
        await pilot.pause()
        viewer = footer_text(dash)
        assert "Silence" not in viewer and len(viewer) < len(responder)
        for _ in range(15):  # as many rebuilds as a busy half hour of cursor moves
            for tenant in ("acme", "globex"):
                table.move_cursor(row_of(table, tenant))
                await pilot.pause()
        assert footer_text(dash) == viewer
        assert footer_keys_alive() <= len(responder) + 2, "old footer keys are still alive"
