"""Durations (``30s``, ``2h30m``, ``500ms``) and ``parse_until`` (duration, time of day,
date), with clear messages for invalid input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alerttui.durations import format_duration, parse_datetime, parse_duration, parse_until

EXPECTED = "expected a duration like 30s, 15m or 2h30m"


@pytest.mark.parametrize(("text", "expected"), [
    ("30s", timedelta(seconds=30)),
    ("15m", timedelta(minutes=15)),
    ("2h30m", timedelta(hours=2, minutes=30)),
    ("1d", timedelta(days=1)),
    ("1w", timedelta(weeks=1)),
    ("500ms", timedelta(milliseconds=500)),
    ("1m500ms", timedelta(minutes=1, milliseconds=500)),
    ("1h1ms", timedelta(hours=1, milliseconds=1)),
    ("0s", timedelta(0)),
    ("  45s  ", timedelta(seconds=45)),
    ("90m", timedelta(minutes=90)),  # not normalised, just added up
    ("1h1h", timedelta(hours=2)),
])
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["abc", "10", "5 m", "1.5h", "-5m", "1y", "1H", "h", "2h30", "m5", "1h 30m"])
def test_parse_duration_invalid_says_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_duration(text)
    assert EXPECTED in str(info.value)
    assert repr(text) in str(info.value)  # quotes what was given


@pytest.mark.parametrize("text", ["", "   "])
def test_parse_duration_empty(text: str) -> None:
    with pytest.raises(ValueError, match="got an empty string"):
        parse_duration(text)


@pytest.mark.parametrize("text", [
    "999999999999d", "99999999999999w", "1" * 40 + "s", "9" * 400 + "ms", "1" * 5000 + "s",
])
def test_parse_duration_too_long_is_a_value_error(text: str) -> None:
    """timedelta (and float) raise OverflowError, which pydantic does not turn into a config
    error: ``refresh = "999999999999d"`` crashed ``load_settings`` with a traceback."""
    with pytest.raises(ValueError, match="too long") as info:
        parse_duration(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(("delta", "text"), [
    (timedelta(0), "0s"),
    (timedelta(seconds=30), "30s"),
    (timedelta(seconds=9000), "2h30m"),
    (timedelta(days=1, hours=1, minutes=1, seconds=1), "1d1h1m1s"),
    (timedelta(weeks=2), "14d"),
    (timedelta(seconds=59, milliseconds=999), "59s"),  # whole seconds only
])
def test_format_duration(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text


@given(st.integers(min_value=0, max_value=10**9))
def test_format_parse_round_trip(seconds: int) -> None:
    delta = timedelta(seconds=seconds)
    text = format_duration(delta)
    assert parse_duration(text) == delta
    assert text == "0s" or text[0] != "0"


@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["ms", "s", "m", "h", "d", "w"])),
                min_size=1, max_size=5))
def test_parse_adds_up_the_parts(parts: list[tuple[int, str]]) -> None:
    size = {"ms": timedelta(milliseconds=1), "s": timedelta(seconds=1), "m": timedelta(minutes=1),
            "h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
    text = "".join(f"{n}{unit}" for n, unit in parts)
    expected = sum((n * size[unit] for n, unit in parts), timedelta())
    assert parse_duration(text) == expected  # exact: counted in whole milliseconds


# -- parse_until --------------------------------------------------------------------------

NOW = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)  # 17:00 in Paris (CET)
PARIS = ZoneInfo("Europe/Paris")


def test_until_duration_from_now() -> None:
    assert parse_until("2h30m", NOW, PARIS) == NOW + timedelta(hours=2, minutes=30)


def test_until_time_of_day_is_the_next_one_in_the_zone() -> None:
    assert parse_until("18:30", NOW, PARIS) == datetime(2026, 3, 10, 17, 30, tzinfo=UTC)
    # 09:00 has passed today in Paris: tomorrow's.
    assert parse_until("09:00", NOW, PARIS) == datetime(2026, 3, 11, 8, 0, tzinfo=UTC)
    # Exactly now is not in the future either.
    assert parse_until("17:00", NOW, PARIS) == datetime(2026, 3, 11, 16, 0, tzinfo=UTC)


def test_until_date_and_time() -> None:
    assert parse_until("2026-11-25 09:00", NOW, PARIS) == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert parse_until("2026-11-25T09:00", NOW, PARIS) == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    # An explicit offset wins over the zone.
    assert parse_until("2026-11-25T09:00+00:00", NOW, PARIS) == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert parse_until("2026-11-25 09:00", NOW, PARIS).tzinfo is UTC


@pytest.mark.parametrize(("text", "expect"), [
    ("", "expected a duration like 2h, a time like 18:30"),
    ("25:00", "expected a time like 18:30, got '25:00'"),
    ("12:61", "expected a time like 18:30, got '12:61'"),
    ("1:2:3", "expected a time like 18:30, got '1:2:3'"),
    ("ab:cd", "expected a time like 18:30, got 'ab:cd'"),
    ("tomorrow", "or a date like 2026-11-25 09:00, got 'tomorrow'"),
    ("2026-13-01 09:00", "got '2026-13-01 09:00'"),
])
def test_until_invalid(text: str, expect: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_until(text, NOW, PARIS)
    assert expect in str(info.value)


def test_parse_datetime_in_the_zone_unless_it_names_its_own() -> None:
    assert parse_datetime("2026-11-25 09:00", PARIS) == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert parse_datetime(" 2026-11-25T09:00Z ", PARIS) == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert parse_datetime("2026-11-25T09:00+02:00", PARIS) == datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    assert parse_datetime("2026-11-25", PARIS).tzinfo is UTC


@pytest.mark.parametrize("text", ["", " ", "tomorrow", "2026-13-01 09:00", "18:30:99"])
def test_parse_datetime_invalid(text: str) -> None:
    with pytest.raises(ValueError):
        parse_datetime(text, PARIS)
