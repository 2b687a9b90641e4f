"""Locale-aware formatting through ``alerttui.i18n`` in en, fr and de, in several time zones:
dates and times (with the zone shown), relative ages, durations, numbers, the metric panes'
units, and plurals of real msgids from the compiled catalogues.

The expected strings are what babel (CLDR) produces. French groups thousands with a narrow
no-break space (U+202F) and German with a dot; both use a decimal comma.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from alerttui import i18n
from alerttui.i18n import _, ngettext
from alerttui.widgets.metric_pane import format_value

NNBSP = "\u202f"  # babel's thousands separator in French, and before AM/PM in English
NBSP = "\u00a0"
WINTER = datetime(2026, 11, 24, 3, 0, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 14, 30, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")
    i18n.set_timezone("local")


def use(language: str, tz: str = "UTC") -> None:
    i18n.set_language(language)
    i18n.set_timezone(tz)


# -- dates and times ----------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "tz", "expected"), [
    ("en", "UTC", f"Nov 24, 2026, 3:00:00{NNBSP}AM UTC"),
    ("en", "Europe/Paris", f"Nov 24, 2026, 4:00:00{NNBSP}AM CET"),
    ("en", "America/New_York", f"Nov 23, 2026, 10:00:00{NNBSP}PM EST"),
    ("fr", "UTC", "24 nov. 2026, 03:00:00 UTC"),
    ("fr", "Europe/Paris", "24 nov. 2026, 04:00:00 CET"),
    ("fr", "America/New_York", "23 nov. 2026, 22:00:00 EST"),
    ("de", "UTC", "24.11.2026, 03:00:00 UTC"),
    ("de", "Europe/Paris", "24.11.2026, 04:00:00 CET"),
    ("de", "America/New_York", "23.11.2026, 22:00:00 EST"),
])
def test_datetime_in_the_display_zone(language: str, tz: str, expected: str) -> None:
    use(language, tz)
    assert i18n.fmt_datetime(WINTER) == expected


@pytest.mark.parametrize(("language", "tz", "expected"), [
    ("en", "Europe/Paris", f"7/1/26, 4:30{NNBSP}PM CEST"),
    ("en", "America/New_York", f"7/1/26, 10:30{NNBSP}AM EDT"),
    ("fr", "Europe/Paris", "01/07/2026 16:30 CEST"),
    ("fr", "America/New_York", "01/07/2026 10:30 EDT"),
    ("de", "Europe/Paris", "01.07.26, 16:30 CEST"),
    ("de", "America/New_York", "01.07.26, 10:30 EDT"),
])
def test_short_datetime_in_summer_time(language: str, tz: str, expected: str) -> None:
    use(language, tz)
    assert i18n.fmt_datetime(SUMMER, "short") == expected


def test_explicit_zone_wins_over_the_display_zone() -> None:
    use("de", "America/New_York")
    assert i18n.fmt_datetime(WINTER, tz=UTC) == "24.11.2026, 03:00:00 UTC"
    assert i18n.fmt_datetime(WINTER, tz=ZoneInfo("Europe/Paris")) == "24.11.2026, 04:00:00 CET"
    assert i18n.fmt_datetime(WINTER) == "23.11.2026, 22:00:00 EST"


def test_the_zone_changes_the_date_not_only_the_hour() -> None:
    """03:00 UTC is still the previous evening in New York."""
    use("fr", "UTC")
    assert i18n.fmt_datetime(WINTER).startswith("24 nov.")
    i18n.set_timezone("America/New_York")
    assert i18n.fmt_datetime(WINTER).startswith("23 nov.")


# -- relative ages and durations -----------------------------------------------------------------

@pytest.mark.parametrize(("language", "expected"), [
    ("en", ("5 minutes ago", "2 hours ago", "1 day ago", "3 days ago")),
    ("fr", ("il y a 5 minutes", "il y a 2 heures", "il y a 1 jour", "il y a 3 jours")),
    ("de", ("vor 5 Minuten", "vor 2 Stunden", "vor 1 Tag", "vor 3 Tagen")),
])
def test_relative_age(language: str, expected: tuple[str, ...]) -> None:
    use(language)
    ages = (timedelta(minutes=5), timedelta(hours=2), timedelta(days=1), timedelta(days=3))
    assert tuple(i18n.fmt_age(a) for a in ages) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ("4s", "42m", "2h", "3d")),
    ("fr", ("4s", "42min", "2h", "3j")),
    ("de", ("4 s", "42 min", "2 h", "3 T")),
])
def test_short_age_for_table_cells(language: str, expected: tuple[str, ...]) -> None:
    use(language)
    ages = (timedelta(seconds=4), timedelta(minutes=42), timedelta(hours=2), timedelta(days=3))
    assert tuple(i18n.fmt_age_short(a) for a in ages) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ("0s", "59s", "1m", "60m", "2h", "1d", "2w", "2mo", "2y")),
    ("fr", ("0s", "59s", "1min", "60min", "2h", "1j", "2sem.", "2m.", "2a")),
    ("de", ("0 s", "59 s", "1 min", "60 min", "2 h", "1 T", "2 W", "2 M", "2 J")),
])
def test_short_age_every_unit(language: str, expected: tuple[str, ...]) -> None:
    """Every unit of the table, and the edges where the unit changes: 3599 s is still 60
    minutes (it is less than one hour), 5400 s rounds half to even (2 h)."""
    use(language)
    seconds = (0, 59, 60, 3599, 5400, 86400, 14 * 86400, 60 * 86400, 2 * 365 * 86400)
    assert tuple(i18n.fmt_age_short(timedelta(seconds=s)) for s in seconds) == expected


def test_short_age_needs_no_cldr_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compact ages come from our own table, so no babel release can change them (babel 2.19
    turned German "2 Std." into "2h" and broke the table): they never call into babel."""
    import babel.dates

    def forbidden(*args: object, **kwargs: object) -> str:
        raise AssertionError("fmt_age_short must not use CLDR's formats")

    monkeypatch.setattr(babel.dates, "format_timedelta", forbidden)
    monkeypatch.setattr(i18n, "format_timedelta", forbidden)
    for language in i18n.LANGUAGES:
        use(language)
        i18n._AGES.clear()
        assert i18n.fmt_age_short(timedelta(hours=2)) in ("2h", "2 h")


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_short_age_fits_the_age_column(language: str) -> None:
    """The alert table's age column is 6 cells at 80 columns; CLDR's narrow German
    ("31 Sek.") did not fit and lost its unit on screen."""
    from alerttui.widgets.alert_table import column_widths

    use(language)
    width = column_widths(80)["age"]
    seconds = [*range(0, 120), *range(120, 7200, 60), *range(7200, 86400 * 3, 3600),
               *range(86400 * 3, 86400 * 800, 86400)]
    too_long = {i18n.fmt_age_short(timedelta(seconds=s)) for s in seconds} - {""}
    assert not {t for t in too_long if len(t) > width}


def test_short_age_never_negative() -> None:
    use("de")
    assert i18n.fmt_age_short(timedelta(seconds=-30)) == i18n.fmt_age_short(timedelta(0))


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ("2 hours", "15 minutes", "1 day")),
    ("fr", (f"2{NBSP}heures", "15 minutes", f"1{NBSP}jour")),  # CLDR: no-break space only for some units
    ("de", ("2 Stunden", "15 Minuten", "1 Tag")),
])
def test_duration(language: str, expected: tuple[str, ...]) -> None:
    use(language)
    durations = (timedelta(hours=2), timedelta(minutes=15), timedelta(days=1))
    assert tuple(i18n.fmt_duration(d) for d in durations) == expected


# -- numbers and units ----------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "expected"), [
    ("en", ("1,234.5", "1,234,567.89", "0.3", "1,235")),
    ("fr", (f"1{NNBSP}234,5", f"1{NNBSP}234{NNBSP}567,89", "0,3", f"1{NNBSP}235")),
    ("de", ("1.234,5", "1.234.567,89", "0,3", "1.235")),
])
def test_numbers(language: str, expected: tuple[str, ...]) -> None:
    use(language)
    got = (i18n.fmt_number(1234.5), i18n.fmt_number(1234567.891, 2), i18n.fmt_number(0.26),
           i18n.fmt_number(1234.6, 0))
    assert got == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["512 B", "1.5 KiB", "3.0 GiB", "1.0 TiB"]),
    ("fr", ["512 B", "1,5 KiB", "3,0 GiB", "1,0 TiB"]),
    ("de", ["512 B", "1,5 KiB", "3,0 GiB", "1,0 TiB"]),
])
def test_bytes(language: str, expected: list[str]) -> None:
    use(language)
    assert [format_value(v, "bytes") for v in (512, 1536, 3.2e9, 1024.0**4)] == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["81.0 %", "97.3 %", "140.0 ms", "2.50 s", "12,345.6/s", "1,234,567"]),
    ("fr", ["81,0 %", "97,3 %", "140,0 ms", "2,50 s", f"12{NNBSP}345,6/s", f"1{NNBSP}234{NNBSP}567"]),
    ("de", ["81,0 %", "97,3 %", "140,0 ms", "2,50 s", "12.345,6/s", "1.234.567"]),
])
def test_metric_units(language: str, expected: list[str]) -> None:
    use(language)
    values = [(81.04, "percent"), (0.973, "ratio"), (0.14, "seconds"), (2.5, "seconds"), (12345.6, "ops"),
              (1234567, "none")]
    assert [format_value(v, u) for v, u in values] == expected


# -- plurals and translations from the compiled catalogues -------------------------------------------

MATCHES = ("Matches {n} current alert of {tenant}", "Matches {n} current alerts of {tenant}")


@pytest.mark.parametrize(("language", "n", "expected"), [
    ("en", 1, "Matches 1 current alert of ACME"),
    ("en", 2, "Matches 2 current alerts of ACME"),
    ("fr", 1, "Correspond à 1 alerte en cours de ACME"),
    ("fr", 2, "Correspond à 2 alertes en cours de ACME"),
    ("fr", 0, "Correspond à 0 alerte en cours de ACME"),  # French: 0 takes the singular
    ("de", 1, "Betrifft 1 aktuellen Alarm von ACME"),
    ("de", 2, "Betrifft 2 aktuelle Alarme von ACME"),
    ("de", 0, "Betrifft 0 aktuelle Alarme von ACME"),  # German: 0 takes the plural
])
def test_plural_alerts(language: str, n: int, expected: str) -> None:
    use(language)
    assert ngettext(*MATCHES, n).format(n=n, tenant="ACME") == expected


@pytest.mark.parametrize(("language", "one", "two"), [
    ("en", "Expire 1 silence?", "Expire 2 silences?"),
    ("fr", f"Faire expirer 1 silence{NBSP}?", f"Faire expirer 2 silences{NBSP}?"),
    ("de", "1 Stummschaltung aufheben?", "2 Stummschaltungen aufheben?"),
])
def test_plural_silences(language: str, one: str, two: str) -> None:
    use(language)
    msg = ("Expire {n} silence?", "Expire {n} silences?")
    assert ngettext(*msg, 1).format(n=1) == one
    assert ngettext(*msg, 2).format(n=2) == two


@pytest.mark.parametrize(("language", "words"), [
    ("fr", {"Quit": "Quitter", "Silence": "Silence", "Ack": "Acquitter", "acknowledged": "acquittée",
            "inhibited": "inhibée", "resolved": "résolue", "forward": "transférer", "Tenant {n}": "Locataire {n}"}),
    ("de", {"Quit": "Beenden", "Silence": "Stumm", "Ack": "Bestät.", "acknowledged": "bestätigt",
            "inhibited": "unterdrückt", "resolved": "behoben", "forward": "weiterleiten", "Tenant {n}": "Mandant {n}"}),
])
def test_glossary_words(language: str, words: dict[str, str]) -> None:
    use(language)
    assert {k: _(k) for k in words} == words


def test_french_no_break_space_before_colon_and_question_mark() -> None:
    use("fr")
    assert _("State: ") == f"État{NBSP}: "
    assert _("Already forwarded there {ago}. Send it again?").endswith(f"renvoyer{NBSP}?")
    assert _("Duration or end (e.g. 2h30m, 18:30, 2026-11-25 09:00)").count(NBSP) == 0  # not in 18:30


def test_slack_catalogue_independent_of_the_screen_language() -> None:
    """A tenant's Slack language does not follow the operator's screen (``translator``)."""
    use("fr")
    assert i18n.translator("de").gettext("resolved") == "behoben"
    assert i18n.translator("en").gettext("resolved") == "resolved"
    assert _("resolved") == "résolue"


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_short_age_memo_never_mixes_up_two_ages(language: str) -> None:
    """fmt_age_short caches by (language, unit, rounded value): a warm cache must give what a
    cold one gives, for every age."""
    use(language)
    seconds = [*range(0, 3 * 3600, 7), *range(3 * 3600, 90 * 86400, 3571)]
    cold = {}
    for s in seconds:
        i18n._AGES.clear()
        cold[s] = i18n.fmt_age_short(timedelta(seconds=s, microseconds=999_999))
    warm = {s: i18n.fmt_age_short(timedelta(seconds=s, microseconds=999_999)) for s in seconds}
    assert warm == cold
    assert len(set(cold.values())) > 100  # the ages really differ
