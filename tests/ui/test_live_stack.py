"""The app polling the real Prometheus + Alertmanager pair (no injected data)."""

from __future__ import annotations

import asyncio
import time

from alerttui.app import AlerttuiApp
from alerttui.config import load_settings
from alerttui.widgets.alert_table import AlertTable
from tests.conftest import make_alert, post_alerts, stack_config


async def wait_until(pilot, predicate, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await pilot.pause(0.1)
    raise AssertionError("condition not met in time")


async def test_live_alerts_from_both_replicas(stack, test_id, write_config) -> None:  # type: ignore[no-untyped-def]
    am0, am1 = stack.alertmanager_urls
    # Alerts are not replicated between peers: one on each replica, one on both.
    post_alerts(am0, [make_alert("OnlyOnFirst", test_id, "critical"), make_alert("OnBoth", test_id)])
    post_alerts(am1, [make_alert("OnlyOnSecond", test_id, "info"), make_alert("OnBoth", test_id)])
    path = write_config(stack_config(stack, [{"id": "live", "test_id": test_id}]))
    app = AlerttuiApp(load_settings(path))
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.dashboard.query_one(AlertTable)
        await wait_until(pilot, lambda: table.row_count == 3)
        by_name = {a.alertname: a for a in table.alerts.values()}
        assert set(by_name) == {"OnlyOnFirst", "OnlyOnSecond", "OnBoth"}
        assert set(by_name["OnBoth"].replicas) == {am0, am1}
        assert by_name["OnlyOnFirst"].replicas == (am0,)
        # A new alert shows up on a later poll without restarting anything.
        post_alerts(am1, [make_alert("ArrivesLater", test_id, "error")])
        await wait_until(pilot, lambda: table.row_count == 4)
        assert any(a.alertname == "ArrivesLater" for a in table.alerts.values())
        snap = app.dashboard.snapshots["live"]
        assert all(h.ok for h in snap.health)
        assert {h.cluster_peers for h in snap.health if h.kind == "alertmanager"} == {2}
        await pilot.press("q")
    await asyncio.sleep(0)
