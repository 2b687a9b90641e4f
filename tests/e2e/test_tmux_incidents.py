"""End to end: the installed ``alerttui`` in an 80x24 tmux pane, against the real stack, with
``[[escalation]]`` set: ``i`` opens the incidents view (alerts sharing ``service`` are one
incident, with what escalation will do next), ``a`` asks before acknowledging each alert, and
the incident shows acknowledged afterwards. The 80x24 screen goes to
``$ALERTTUI_EVIDENCE_DIR`` when it is set."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import make_alert, post_alerts, stack_config
from tests.e2e.test_tmux import ALERTTUI, screen, tmux, wait_screen

pytestmark = pytest.mark.e2e


def test_incidents_view_in_tmux(stack, test_id, write_config, session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    am0 = stack.alertmanager_urls[0]
    post_alerts(am0, [make_alert("CheckoutErrors", test_id, "critical", service="checkout"),
                      make_alert("CheckoutLatency", test_id, "warning", service="checkout"),
                      make_alert("SearchSlow", test_id, "warning", service="search")])
    base = stack_config(stack, [{"id": "shop", "test_id": test_id, "name": "Shop"}])
    text = base.replace('[tenants.prometheus]', '[tenants.correlation]\nlabels = ["service"]\n[tenants.prometheus]')
    text = f"""[slack]
token_env = "E2E_SLACK_TOKEN"
base_url = "http://127.0.0.1:1/api/"
outbox = "{tmp_path / 'state' / 'outbox.sqlite3'}"
[[slack.routes]]
channel = "#shop"
[[slack.routes]]
name = "shop-secondary"
channel = "#shop-secondary"

[[escalation]]
severities = ["critical"]
steps = [{{ after = "2h", route = "#shop" }}, {{ after = "3h", route = "shop-secondary" }}]
""" + text
    config = write_config(text)
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", session,
         f"env E2E_SLACK_TOKEN=xoxb-e2e XDG_STATE_HOME={tmp_path / 'xdg'} {ALERTTUI} --config {config}")
    wait_screen(session, "SearchSlow")
    tmux("send-keys", "-t", session, "i")
    shown = wait_screen(session, "Incidents of")
    deadline = time.monotonic() + 10
    while "1C 1W" not in shown and time.monotonic() < deadline:  # the incidents follow the first poll
        time.sleep(0.2)
        shown = screen(session)
    assert "1C 1W" in shown and "CheckoutErrors" in shown, shown
    assert "SearchSlow" in shown
    assert "escalates to #shop in 1h55m" in shown  # the selected incident's outlook, in the pane
    evidence = os.environ.get("ALERTTUI_EVIDENCE_DIR")
    if evidence:
        Path(evidence).mkdir(parents=True, exist_ok=True)
        (Path(evidence) / "incidents-80x24.txt").write_text(shown)
    tmux("send-keys", "-t", session, "a")
    asked = wait_screen(session, "one ack each")
    assert "CheckoutErrors" in asked and "CheckoutLatency" in asked
    tmux("send-keys", "-t", session, "y")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        shown = screen(session)
        if "acked" in shown and "escalates to" not in shown:
            break
        time.sleep(0.3)
    assert "acked" in shown and "escalates to" not in shown, shown  # acknowledged: escalation stops
