"""Alert text comes from other people's systems: markup, ANSI escapes, control characters,
10 kB values, emoji and right-to-left text must render literally without breaking the
layout or the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual.widgets import Static

from alerttui.screens.alert_detail import AlertDetailScreen
from alerttui.widgets.alert_table import AlertTable

from .factory import alert, make_app, snapshot

MARKUP = "[bold red]x[/] [link=https://evil.example]click[/link] [@click=app.quit]quit[/]"
ANSI = "before\x1b[31mRED\x1b[0m\x1b]0;pwned title\x07after\x1b[2J"
CONTROL = "a\x00b\x07c\x08d\re\nf\x7fg\x9bh"
HUGE = "A" * 10_000
EMOJI = "🔥 disk on fire 🚒"
RTL = "خطأ في القرص \u202eevil\u202c"


def hostile_alert():  # type: ignore[no-untyped-def]
    return alert(
        "Hostile[bold]Name[/bold]", severity="[red]critical[/]", summary=MARKUP + " " + ANSI,
        markup=MARKUP, ansi=ANSI, control=CONTROL, huge=HUGE, emoji=EMOJI, rtl=RTL,
    )


def table_text(table: AlertTable, key: str) -> list[str]:
    return [c.plain if isinstance(c, Text) else str(c) for c in table.get_row(key)]


async def test_table_renders_hostile_text_literally() -> None:
    app = make_app()
    a = hostile_alert()
    async with app.run_test(size=(80, 24)) as pilot:
        app.dashboard.apply_snapshot(snapshot("acme", [a], "ACME Corp"))
        await pilot.pause()
        table = app.dashboard.query_one(AlertTable)
        cells = table_text(table, a.key)
        assert cells[2] == "Hostile[bold]Name[/bold]"  # literal, not bold "HostileName"
        assert cells[5].startswith("[bold red]x[/] [link=https://evil.example]click[/link]")
        assert all("\x1b" not in c and "\x07" not in c for c in cells)
        assert app.is_running  # the [@click=app.quit] text did not quit anything
        # The whole screen, as the terminal would get it, carries no escape from the data.
        svg = app.export_screenshot()
        assert "pwned" not in svg
        assert "\x1b" not in svg


async def test_details_render_every_hostile_value_safely() -> None:
    app = make_app()
    a = hostile_alert()
    async with app.run_test(size=(80, 24)) as pilot:
        app.dashboard.apply_snapshot(snapshot("acme", [a], "ACME Corp"))
        await pilot.pause()
        app.dashboard.query_one(AlertTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlertDetailScreen)
        labels = screen.query_one("#labels", Static)

        with open("/dev/null", "w") as sink:
            console = Console(width=78, record=True, color_system=None, file=sink)
            console.print(labels.content)
        text = console.export_text()
        assert "[bold red]x[/]" in text
        assert "[link=https://evil.example]click[/link]" in text
        assert "\x1b" not in text and "\x00" not in text and "\x07" not in text and "\x9b" not in text
        assert "\u202e" not in text  # bidi override stripped
        assert "🔥 disk on fire 🚒" in text
        assert "خطأ في القرص" in text
        assert text.count("A") >= 10_000  # the full 10 kB value is on the details screen
        await pilot.press("escape")
        assert app.screen is app.dashboard
