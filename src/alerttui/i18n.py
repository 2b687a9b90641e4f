"""Translations and locale-aware formatting (gettext catalogues via babel).

Every user-facing string goes through ``_()`` (or ``ngettext``). The active language can be
switched at runtime; ``_()`` looks it up at call time. ``N_()`` marks a string for
extraction where it must be translated later (at display time).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, format_timedelta
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "alerttui"
LANGUAGES: tuple[str, ...] = ("en", "fr", "de")
DEFAULT_LANGUAGE = "en"

_translations: NullTranslations = NullTranslations()
_language: str = DEFAULT_LANGUAGE
_tz: tzinfo | None = None


def _load(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(LOCALES_DIR), [language], DOMAIN)


def set_language(language: str) -> None:
    """Make ``language`` (one of LANGUAGES) the active one for ``_()`` and formatting."""
    global _translations, _language
    if language not in LANGUAGES:
        raise ValueError(language)
    _translations = _load(language)
    _language = language


def get_language() -> str:
    return _language


def language_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The first supported language named by LC_ALL, LC_MESSAGES or LANG (``fr_FR.UTF-8`` -> ``fr``)."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        code = value.split(".")[0].split("@")[0].split("_")[0].lower()
        if code in LANGUAGES:
            return code
        if code not in ("", "c", "posix"):
            return None
    return None


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark for extraction only; translate later with ``_()``."""
    return message


# -- time zone ---------------------------------------------------------------------------

def set_timezone(name: str) -> None:
    """``local`` or an IANA name (validated by config)."""
    global _tz
    _tz = None if name == "local" else ZoneInfo(name)


def local_tz() -> tzinfo:
    if _tz is not None:
        return _tz
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else UTC


# -- formatting ----------------------------------------------------------------------------

def locale() -> Locale:
    return Locale.parse(_language)


def fmt_datetime(value: datetime, fmt: str = "medium", tz: tzinfo | None = None) -> str:
    """Date and time in the active locale and time zone, with the zone shown."""
    zone = tz or local_tz()
    text = format_datetime(value, format=fmt, tzinfo=zone, locale=_language)
    abbr = value.astimezone(zone).tzname() or ""
    return f"{text} {abbr}".strip()


def fmt_age(delta: timedelta) -> str:
    """A relative age: "5 minutes ago" / "il y a 5 minutes" / "vor 5 Minuten"."""
    return format_timedelta(-delta, add_direction=True, locale=_language, threshold=1.0)


def fmt_duration(delta: timedelta) -> str:
    return format_timedelta(delta, locale=_language, threshold=1.0)


def fmt_number(value: float, digits: int = 1) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=_language)


# Compact ages for table cells, from our own table: CLDR's narrow forms change between
# babel releases (2.19 turned German "2 Std." into "2h"), and a table cell cannot follow
# them. English "mo" for months: CLDR's "2m" reads as two minutes. German uses the unit
# symbols German engineers write (CLDR's "31 Sek." did not fit the 6-cell age column).
AGE_UNITS: tuple[tuple[str, int], ...] = (
    ("year", 365 * 86400), ("month", 30 * 86400), ("week", 7 * 86400), ("day", 86400),
    ("hour", 3600), ("minute", 60), ("second", 1),
)
AGE_FORMATS: dict[str, dict[str, str]] = {
    "en": {"year": "{n}y", "month": "{n}mo", "week": "{n}w", "day": "{n}d", "hour": "{n}h",
           "minute": "{n}m", "second": "{n}s"},
    "fr": {"year": "{n}a", "month": "{n}m.", "week": "{n}sem.", "day": "{n}j", "hour": "{n}h",
           "minute": "{n}min", "second": "{n}s"},
    "de": {"year": "{n} J", "month": "{n} M", "week": "{n} W", "day": "{n} T", "hour": "{n} h",
           "minute": "{n} min", "second": "{n} s"},
}


def age_unit(seconds: int) -> tuple[str, int]:
    """The largest unit of which ``seconds`` holds at least one, and the rounded count of it
    (``5400`` -> ``("hour", 2)``, half to even as babel rounds; never 0 but for 0 seconds)."""
    for unit, per in AGE_UNITS:
        if seconds >= per:
            return unit, max(1, round(seconds / per))
    return "second", 0


def fmt_age_short(delta: timedelta) -> str:
    """A compact age for table cells: ``5m``, ``2h``, ``3d`` (``5 min`` in German).

    Memoised by (language, unit, count): the alert table formats one per row."""
    seconds = max(0, delta.days * 86400 + delta.seconds)
    unit, count = age_unit(seconds)
    key = (_language, unit, count)
    text = _AGES.get(key)
    if text is None:
        text = AGE_FORMATS[_language][unit].format(n=count)
        if len(_AGES) > 4096:
            _AGES.clear()
        _AGES[key] = text
    return text


_AGES: dict[tuple[str, str, int], str] = {}


_catalogues: dict[str, NullTranslations] = {}


def translator(language: str) -> NullTranslations:
    """A catalogue for ``language`` that does not change the active UI language (Slack
    messages use the tenant's language, whatever the operator's screen shows)."""
    if language not in _catalogues:
        _catalogues[language] = _load(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    return _catalogues[language]
