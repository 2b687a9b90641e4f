"""A dashboard started while ``alerttui watch`` runs leaves the background duties (Slack
threads, the outbox, ack extension) to it and says so in its status bar; when the watch
stops, the dashboard takes them over within one refresh. Real stack, real watch process,
the local Slack server."""

from __future__ import annotations

import time

import pytest

from alerttui.app import AlerttuiApp
from alerttui.config import load_settings
from alerttui.demo.fake_slack import FakeSlack
from alerttui.forwarding.forward import forward_alert
from alerttui.widgets.alert_table import AlertTable
from alerttui.widgets.status_bar import StatusBar
from tests.conftest import make_alert, post_alerts
from tests.watchproc import TOKEN, Watch, watch_config

pytestmark = pytest.mark.stack


async def wait_until(pilot, predicate, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.1)


async def test_dashboard_leaves_the_duties_to_a_watch_and_takes_them_back(stack, test_id, tmp_path,
                                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_TOKEN", TOKEN)
    am0, am1 = stack.alertmanager_urls
    post_alerts(am0, [make_alert("HandedOver", test_id, "critical")])
    with FakeSlack() as slack:
        cfg = watch_config(tmp_path, slack, [am0, am1], test_id)
        watch = Watch(cfg, tmp_path / "watch.log")
        try:
            watch.wait_event("started")
            app = AlerttuiApp(load_settings(cfg))
            async with app.run_test(size=(120, 40)) as pilot:
                bar = app.dashboard.query_one(StatusBar)
                table = app.dashboard.query_one(AlertTable)
                await wait_until(pilot, lambda: table.row_count == 1)
                await wait_until(pilot, lambda: f"duties: watch pid {watch.proc.pid}" in bar.plain)
                assert not app.engine.has_duties

                # Forwarded from the dashboard: queued in the shared outbox, sent by the watch.
                alert = table.selected_alert()
                assert alert is not None
                assert forward_alert(app.engine.ops, app.engine.forwarder, alert, "from the dashboard").ok
                await wait_until(pilot, lambda: any(e["event"] == "slack-sent" and e.get("kind") == "post"
                                                    for e in watch.events()), timeout=10)
                sent = next(e for e in watch.events() if e["event"] == "slack-sent")
                assert sent["fingerprint"] == alert.fingerprint
                assert len(slack.calls("chat.postMessage")) == 1  # once: the dashboard did not send it too

                code, _took = watch.stop()
                assert code == 0
                stopped = time.monotonic()
                refresh = app.engine.settings.ui.refresh.total_seconds()
                await wait_until(pilot, lambda: app.engine.has_duties, timeout=refresh + 3)
                assert time.monotonic() - stopped <= refresh + 1.5  # within one refresh (+ the tick)
                await wait_until(pilot, lambda: "duties:" not in bar.plain, timeout=7)
        finally:
            watch.kill()
