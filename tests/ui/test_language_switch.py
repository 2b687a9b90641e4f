"""``L`` switches the language live: the view, the filter and the cursor stay."""

from __future__ import annotations

from textual.widgets import Input

from alerttui import i18n
from alerttui.screens.help import HelpScreen
from alerttui.widgets.alert_table import AlertTable

from .factory import feed, make_app


def footer_texts(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {b.description for _key, (_node, b, _enabled, _tip) in app.active_bindings.items() if b.show}


async def test_switch_keeps_view_filter_and_cursor() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.press("1")
        await pilot.press("slash", *"warning", "enter")
        await pilot.pause()
        table = app.dashboard.query_one(AlertTable)
        await pilot.press("down")
        chosen = table.selected_alert()
        assert chosen is not None
        assert "Quit" in footer_texts(app)
        await pilot.press("L")
        await pilot.pause()
        assert i18n.get_language() == "fr"
        assert app.dashboard.tenant == "acme"
        assert app.dashboard.filter.text == "warning"
        assert table.selected_alert().key == chosen.key
        assert "Quitter" in footer_texts(app) and "Quit" not in footer_texts(app)
        drawn = table.render_line(0).text.split()  # the header line as it is on screen
        assert drawn[:3] == ["Grav.", "Locat.", "Alerte"]  # cut to fit 80 columns (GLOSSARY.md)
        assert app.dashboard.query_one("#filter", Input).placeholder != 'matchers or text, e.g. severity="critical" disk'
        await pilot.press("L")
        await pilot.pause()
        assert i18n.get_language() == "de"
        assert "Beenden" in footer_texts(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Beenden" in {desc for _k, desc in app.screen.rows}
        await pilot.press("escape", "L")
        await pilot.pause()
        assert i18n.get_language() == "en"
        assert "Quit" in footer_texts(app)
        assert table.selected_alert().key == chosen.key


async def test_screen_first_opened_after_a_switch_speaks_the_new_language() -> None:
    """Screen classes share their bindings; one never opened before the switch must not
    keep the old language in its footer."""
    from alerttui.screens.silences import SilencesScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.press("1", "L")
        await pilot.pause()
        assert i18n.get_language() == "fr"
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, SilencesScreen)
        texts = footer_texts(app)
        assert "Back" not in texts and "Expire" not in texts, texts
        assert "Retour" in texts, texts
        await pilot.press("escape", "L", "L")
        await pilot.pause()
        assert i18n.get_language() == "en"
        await pilot.press("S")
        await pilot.pause()
        assert "Back" in footer_texts(app) and "Retour" not in footer_texts(app)
