"""Translations that must fit the layout: footer binding labels stay short, and column headers
are no wider than their columns at 80 cells. A DataTable header that is too wide is cut with
no ellipsis, so "Alertes" in a 6-cell column would read "Alerte".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.binding import Binding

from alerttui import i18n
from alerttui.app import AlerttuiApp
from alerttui.bindings import current
from alerttui.screens.alert_detail import AlertDetailScreen
from alerttui.screens.dashboard import DashboardScreen
from alerttui.screens.silences import WIDTHS
from alerttui.screens.silences import column_labels as silence_labels
from alerttui.widgets.alert_table import column_labels, column_widths

FOOTER_MAX = 11  # cells per footer label, as English "New silence"; the 80-column footer already cuts English after "Help"
SILENCES_COMMENT_MIN = 10  # the silences table's comment column is never narrower
FOOTER_SCREENS = (AlerttuiApp, DashboardScreen, AlertDetailScreen)


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def shown(cls: type) -> list[Binding]:
    return [b for b in cls.BINDINGS if isinstance(b, Binding) and b.show and b.description]


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_footer_labels_are_short(language: str) -> None:
    from alerttui.screens.silences import SilencesScreen

    i18n.set_language(language)
    long = {current(b).description for cls in (*FOOTER_SCREENS, SilencesScreen) for b in shown(cls)
            if len(current(b).description) > FOOTER_MAX}
    assert not long


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_alert_table_headers_fit_at_80_columns(language: str) -> None:
    i18n.set_language(language)
    widths = column_widths(80)
    too_wide = {key: label for key, label in column_labels().items() if len(label) > widths[key]}
    assert not too_wide


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_silences_headers_fit(language: str) -> None:
    i18n.set_language(language)
    widths = {**WIDTHS, "comment": SILENCES_COMMENT_MIN}
    too_wide = {key: label for key, label in silence_labels().items() if len(label) > widths[key]}
    assert not too_wide


@pytest.mark.parametrize("language", ["fr", "de"])
def test_silence_states_fit_their_column(language: str) -> None:
    from alerttui.domain import SilenceState
    from alerttui.screens.silences import state_label

    i18n.set_language(language)
    assert all(len(state_label(s)) <= WIDTHS["state"] for s in SilenceState)


@pytest.mark.parametrize("language", ["fr", "de"])
def test_footer_labels_differ_within_a_screen(language: str) -> None:
    """Two actions with one label would be ambiguous (de: "Beenden" is Quit, so Expire is "Aufheben")."""
    from alerttui.screens.silences import SilencesScreen

    i18n.set_language(language)
    for cls in (DashboardScreen, AlertDetailScreen, SilencesScreen):
        labels = [current(b).description for b in [*shown(cls), *shown(AlerttuiApp)]]
        assert len(labels) == len(set(labels)), (cls.__name__, labels)
