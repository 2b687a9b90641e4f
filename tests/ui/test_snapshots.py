"""SVG snapshots of the key screens at 80x24 and 120x40, with fixed data and clock.

Update after an intended visual change with: .venv/bin/python -m pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from alerttui.widgets.alert_table import AlertTable

from .factory import feed, make_app

SIZES = [(80, 24), (120, 40)]


async def _dashboard(pilot) -> None:  # type: ignore[no-untyped-def]
    feed(pilot.app, stale_globex=False)
    await pilot.pause()


async def _tenant(pilot) -> None:  # type: ignore[no-untyped-def]
    feed(pilot.app)
    await pilot.press("1")
    await pilot.pause()


async def _stale(pilot) -> None:  # type: ignore[no-untyped-def]
    feed(pilot.app, stale_globex=True)
    await pilot.press("2")
    await pilot.pause()


async def _details(pilot) -> None:  # type: ignore[no-untyped-def]
    feed(pilot.app)
    await pilot.press("1")
    await pilot.pause()
    table = pilot.app.dashboard.query_one(AlertTable)
    while table.selected_alert() and table.selected_alert().alertname != "BackupLate":
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def _help(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("question_mark")
    await pilot.pause()


async def _filter(pilot) -> None:  # type: ignore[no-untyped-def]
    feed(pilot.app)
    await pilot.press("slash", *'severity="error"')
    await pilot.pause()
    pilot.app.dashboard.query_one("#filter").cursor_blink = False
    await pilot.pause()


async def _silence_modal(pilot) -> None:  # type: ignore[no-untyped-def]
    feed(pilot.app)
    await pilot.press("1")
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    for inp in pilot.app.screen.query("Input"):
        inp.cursor_blink = False
    await pilot.pause()


async def _silences(pilot) -> None:  # type: ignore[no-untyped-def]
    feed(pilot.app)
    await pilot.press("1", "S")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", ["dashboard", "tenant", "stale", "details", "help", "filter", "silence_modal",
                                  "silences"])
def test_screen(snap_compare, view: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    run_before = {"dashboard": _dashboard, "tenant": _tenant, "stale": _stale, "details": _details,
                  "help": _help, "filter": _filter, "silence_modal": _silence_modal, "silences": _silences}[view]
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_kiosk_dashboard(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(kiosk=True), terminal_size=(80, 24), run_before=_dashboard)


def test_no_color_dashboard(snap_compare, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=_dashboard)


async def _incidents(pilot) -> None:  # type: ignore[no-untyped-def]
    from .test_incidents import feed_incidents

    app = pilot.app
    app.engine.escalation_outlook = (  # type: ignore[method-assign]
        lambda i: "escalates to oncall-secondary in 4m" if i.title.startswith("APIErrors") else "")
    await feed_incidents(app)
    await pilot.press("1", "i")
    await pilot.pause()


def test_no_color_incidents(snap_compare, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .test_incidents import make_incident_app

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_incident_app(tmp_path)
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=_incidents)


async def _panels(pilot) -> None:  # type: ignore[no-untyped-def]
    """The panels view of a tenant whose CPU panel has a robust band (a spike outside it at the
    end) and a forecast, and whose p95 panel has a forecast that is not shown (poor fit)."""
    from dataclasses import replace
    from datetime import timedelta

    from alerttui.domain.anomaly import robust_band
    from alerttui.domain.forecast import Forecast

    from .factory import series, snapshot, standard_alerts

    feed(pilot.app)
    wave = [60 + (i * 7) % 4 for i in range(60)] + [88, 91]
    cpu = series("CPU", wave, warn=80, crit=95)
    cpu = replace(cpu, anomaly=robust_band(cpu.points, 30, 4.5),
                  forecast=Forecast(timedelta(hours=3, minutes=10), 0.93, 1.6, True, "shown"))
    p95 = replace(series("API p95", [0.12, 0.15, 0.2, 0.18, 0.14] * 12, unit="seconds", warn=0.3, crit=1),
                  forecast=Forecast(None, 0.02, 0.0, False, "poor-fit"))
    snap = replace(snapshot("acme", standard_alerts()["acme"], "ACME Corp"), series=(cpu, p95))
    pilot.app.dashboard.apply_snapshot(snap)
    await pilot.press("1", "m")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_panels_view(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=_panels)
