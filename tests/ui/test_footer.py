"""The footer's keys do not outlive it being rebuilt (Textual's Footer kept every FooterKey
it ever showed, through a data binding's watcher: textual#6666; the soak's heap grew)."""

from __future__ import annotations

import gc

from .factory import feed, make_app


def footer_keys_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o).__name__ == "FooterKey")


async def test_rebuilding_the_footer_leaves_no_keys_behind() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        feed(app)
        await pilot.pause()
        dash = app.dashboard
        shown = len(dash.query("FooterKey"))
        assert shown >= 5
        for _ in range(30):  # as many rebuilds as a busy minute of polls used to cause
            dash.refresh_bindings()
            await pilot.pause()
        assert len(dash.query("FooterKey")) == shown
        assert footer_keys_alive() <= shown + 2, "old footer keys are still alive"
