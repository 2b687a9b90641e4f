"""Notices (``App.notify``) on the dashboard reuse a few widgets instead of Textual's toasts,
which are mounted per message and removed when they expire: Textual keeps every removed
widget's rendered lines for a long while (textual#6665), and the soak's dashboard, showing a
notice every 30 s (a silence ending while its alert still fires), grew with them."""

from __future__ import annotations

from textual.widget import Widget

from alerttui.widgets.notices import Notices

from .factory import feed, make_app


def widgets(app) -> set[int]:  # type: ignore[no-untyped-def]
    """Every widget on the screen, by identity (toasts included: their rack is the screen's child)."""
    return {id(w) for w in app.screen.walk_children(Widget, with_self=True)}


async def test_many_notices_make_no_widgets_and_show_the_newest_last() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:  # Textual's toasts would show
        feed(app)
        await pilot.pause()
        before = widgets(app)
        for n in range(30):
            app.notify(f"notice {n}", timeout=30)
            await pilot.pause()
        await pilot.pause(0.2)
        assert widgets(app) == before  # the same widgets: none made, none removed
        notices = app.dashboard.query_one(Notices)
        assert notices.shown() == [f"notice {n}" for n in range(26, 30)]  # the slots: the newest, oldest first
        screen = app.export_screenshot().replace("&#160;", " ")  # the SVG writes spaces so
        assert "notice 29" in screen
        assert "2/2 tenants healthy" in screen  # what is beside the notices still shows


async def test_a_notice_is_literal_unless_markup_and_goes_when_its_time_is_up() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        app.notify("[b]Churn17[/b] on t08 <!channel> \x1b[31m", markup=False, severity="warning", timeout=0.3)
        app.notify("[b]bold[/b] words", title="Slack", timeout=30)
        await pilot.pause()
        notices = app.dashboard.query_one(Notices)
        shown = notices.shown()
        assert shown[0].startswith("[b]Churn17[/b] on t08 <!channel>")  # as sent, not interpreted
        assert shown[1] == "Slack\nbold words"
        assert notices.display
        await pilot.pause(0.6)
        assert notices.shown() == ["Slack\nbold words"]
        app.dashboard.query_one(Notices).query("Notice").last().dismiss()  # as a click does
        await pilot.pause()
        assert notices.shown() == [] and not notices.display  # no room taken when nothing is shown


async def test_notices_from_a_worker_thread_arrive() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        import threading

        thread = threading.Thread(target=app.notify, args=("from a thread",), kwargs={"timeout": 30})
        thread.start()
        while thread.is_alive():
            await pilot.pause(0.05)
        await pilot.pause()
        assert app.dashboard.query_one(Notices).shown() == ["from a thread"]
