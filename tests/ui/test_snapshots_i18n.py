"""SVG snapshots of the key screens in French and German at 80x24 (fixed data and clock), so
that a translation that does not fit (a cut footer label, a header wider than its column)
shows up in review.

The CLI sets the language before the UI modules are imported, so bindings start out
translated. Here the modules are already imported, so the fixture re-translates the
screens' class bindings, and puts English back afterwards for the other tests.

Update after an intended change with:
    .venv/bin/python -m pytest tests/ui/test_snapshots_i18n.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from alerttui import i18n
from alerttui.app import AlerttuiApp
from alerttui.bindings import current
from alerttui.screens.alert_detail import AlertDetailScreen
from alerttui.screens.confirm_modal import ConfirmModal
from alerttui.screens.dashboard import DashboardScreen
from alerttui.screens.forward_modal import ForwardModal
from alerttui.screens.help import HelpScreen
from alerttui.screens.silence_modal import SilenceModal
from alerttui.screens.silences import SilencesScreen

from .factory import make_app
from .test_snapshots import _dashboard, _details, _help, _silence_modal, _silences, _tenant

CLASSES = (AlerttuiApp, DashboardScreen, AlertDetailScreen, SilencesScreen, SilenceModal, HelpScreen,
           ConfirmModal, ForwardModal)


def use_language(language: str) -> None:
    """Switch the language as if the app had been started in it: the class bindings too."""
    i18n.set_language(language)
    for cls in CLASSES:
        merged = cls._merged_bindings
        if merged is None:
            continue
        for bindings in merged.key_to_bindings.values():
            bindings[:] = [current(b) for b in bindings]


@pytest.fixture
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    use_language(request.param)
    yield request.param
    use_language("en")


VIEWS = {"dashboard": _dashboard, "tenant": _tenant, "details": _details, "silence_modal": _silence_modal, "help": _help,
         "silences": _silences}


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("language", ["fr", "de"], indirect=True)
def test_screen_i18n(snap_compare, language: str, view: str) -> None:  # type: ignore[no-untyped-def]
    assert i18n.get_language() == language
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=VIEWS[view])


def test_language_restored() -> None:
    """The fixture leaves English behind (other snapshot tests rely on it)."""
    assert i18n.get_language() == "en"
    assert {b.description for bs in DashboardScreen._merged_bindings.key_to_bindings.values()  # type: ignore[union-attr]
            for b in bs if b.id == "silence"} == {"Silence"}
