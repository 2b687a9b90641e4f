"""Matchers: parse and print (``=``, ``!=``, ``=~``, ``!~``), quoting and escapes, braced and
bare lists, unicode, round trips (hypothesis), matching semantics, clear errors."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alerttui.domain import (
    Matcher,
    MatcherError,
    MatchType,
    format_matchers,
    matches_all,
    parse_matcher,
    parse_matchers,
)
from alerttui.domain.matchers import quote

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,20}", fullmatch=True)
# Any text, unicode included (no surrogates: they are not valid in TOML nor JSON).
values = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
# Regex values that compile: literal text escaped, optionally with a wildcard tail.
regex_values = st.builds(lambda v, tail: re.escape(v) + tail, values, st.sampled_from(["", ".*", "|x", "[0-9]+"]))


@st.composite
def matchers(draw: st.DrawFn) -> Matcher:
    mtype = draw(st.sampled_from(list(MatchType)))
    value = draw(regex_values if mtype.is_regex else values)
    return Matcher(draw(names), mtype, value)


# -- parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name", "mtype", "value"), [
    ('severity="critical"', "severity", MatchType.EQUAL, "critical"),
    ('severity!="info"', "severity", MatchType.NOT_EQUAL, "info"),
    ('severity=~"crit.*"', "severity", MatchType.REGEX, "crit.*"),
    ('severity!~"info|none"', "severity", MatchType.NOT_REGEX, "info|none"),
    ("severity=critical", "severity", MatchType.EQUAL, "critical"),  # unquoted, as amtool
    ("  job  !=  node  ", "job", MatchType.NOT_EQUAL, "node"),
    ('a=""', "a", MatchType.EQUAL, ""),
    ("a=", "a", MatchType.EQUAL, ""),
    ('_x9="v"', "_x9", MatchType.EQUAL, "v"),
])
def test_parse_each_operator(text: str, name: str, mtype: MatchType, value: str) -> None:
    m = parse_matcher(text)
    assert (m.name, m.type, m.value) == (name, mtype, value)


@pytest.mark.parametrize(("text", "value"), [
    (r'a="say \"hi\""', 'say "hi"'),
    (r'a="back\\slash"', "back\\slash"),
    (r'a="line\nbreak"', "line\nbreak"),
    (r'a="tab\there"', "tab\there"),
    (r'a="keep\d"', r"keep\d"),  # unknown escapes stay as written (regex classes)
    (r'a="\\\""', '\\"'),
    ('a="comma, brace} and = signs"', "comma, brace} and = signs"),
])
def test_parse_escapes(text: str, value: str) -> None:
    assert parse_matcher(text).value == value


def test_print_quotes_and_escapes() -> None:
    m = Matcher("a", MatchType.EQUAL, 'x"y\\z\nw')
    assert str(m) == r'a="x\"y\\z\nw"'
    assert quote("") == '""'
    assert str(Matcher("b", MatchType.NOT_REGEX, "x.*")) == 'b!~"x.*"'


def test_braced_and_bare_lists() -> None:
    expected = (Matcher("a", MatchType.EQUAL, "b"), Matcher("c", MatchType.REGEX, "d.*"))
    assert parse_matchers('{a="b",c=~"d.*"}') == expected
    assert parse_matchers(' { a = "b" , c =~ "d.*" } ') == expected
    assert parse_matchers('a="b", c=~"d.*"') == expected
    assert parse_matchers('a="b" c=~"d.*"') == expected  # whitespace-separated, as amtool
    assert parse_matchers('{a="b",c=~"d.*",}') == expected  # trailing comma
    assert parse_matchers("{}") == ()
    assert parse_matchers("") == ()
    assert parse_matchers("   ") == ()


def test_unicode_label_values() -> None:
    for value in ["Überlast", "ошибка", "警告", "🔥 on fire", "שגיאה בשרת", "مرحبا"]:
        m = parse_matcher(f'summary="{value}"')
        assert m.value == value
        assert parse_matcher(str(m)) == m
        assert m.matches({"summary": value})


def test_format_matchers_braces() -> None:
    ms = parse_matchers('a="b", c!="d"')
    assert format_matchers(ms) == '{a="b", c!="d"}'
    assert format_matchers([]) == "{}"


# -- round trips --------------------------------------------------------------------------


@given(matchers())
def test_round_trip_one(m: Matcher) -> None:
    assert parse_matcher(str(m)) == m


@given(st.lists(matchers(), max_size=6))
def test_round_trip_list(ms: list[Matcher]) -> None:
    text = format_matchers(ms)
    assert parse_matchers(text) == tuple(ms)
    # The same list without braces parses the same.
    assert parse_matchers(text[1:-1]) == tuple(ms)


@given(matchers())
def test_api_form_round_trip(m: Matcher) -> None:
    api = m.to_api()
    assert api["isRegex"] is m.type.is_regex
    assert api["isEqual"] is m.type.is_equal
    assert Matcher.from_api(api) == m


@given(names, values)
def test_equal_matches_exactly_its_value(name: str, value: str) -> None:
    m = Matcher.equal(name, value)
    assert m.matches({name: value})
    assert not m.matches({name: value + "x"})
    assert Matcher(name, MatchType.NOT_EQUAL, value).matches({name: value + "x"})


@given(names, values)
def test_escaped_regex_matches_the_literal_only(name: str, value: str) -> None:
    m = Matcher(name, MatchType.REGEX, re.escape(value))
    assert m.matches({name: value})
    assert not m.matches({name: value + "x"})  # anchored at the end
    assert not m.matches({name: "x" + value})  # and at the start
    assert not Matcher(name, MatchType.NOT_REGEX, re.escape(value)).matches({name: value})


# -- matching -----------------------------------------------------------------------------


def test_regex_is_anchored_like_alertmanager() -> None:
    m = parse_matcher('severity=~"crit"')
    assert m.matches({"severity": "crit"})
    assert not m.matches({"severity": "critical"})
    assert not m.matches({"severity": "subcrit"})
    # Alternation is anchored as a whole: ^(?:a|b)$
    alt = parse_matcher('x=~"a|b"')
    assert alt.matches({"x": "b"})
    assert not alt.matches({"x": "ab"})


def test_missing_label_is_the_empty_string() -> None:
    assert parse_matcher('team=""').matches({})
    assert parse_matcher('team!="sre"').matches({})
    assert not parse_matcher('team="sre"').matches({})
    assert parse_matcher('team=~".*"').matches({})
    assert parse_matcher('team!~".+"').matches({})


def test_case_insensitive_flag_is_accepted() -> None:
    """Alertmanager accepts Go's ``(?i)``; Python 3.11 refused it inside the anchoring
    group ("global flags not at the start")."""
    m = parse_matcher('severity=~"(?i)crit.*"')
    assert m.matches({"severity": "CRITICAL"})
    assert m.matches({"severity": "critical"})
    assert not m.matches({"severity": "warning"})
    assert not parse_matcher('severity!~"(?i)crit.*"').matches({"severity": "Critical"})


def test_matches_all() -> None:
    ms = parse_matchers('{tenant="acme", severity=~"critical|error", team!="qa"}')
    assert matches_all(ms, {"tenant": "acme", "severity": "error", "team": "sre"})
    assert not matches_all(ms, {"tenant": "acme", "severity": "warning"})
    assert not matches_all(ms, {"tenant": "acme", "severity": "error", "team": "qa"})
    assert matches_all((), {"anything": "x"})


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ['a=~"("', 'job=~"[a-"', 'x!~"*oops"'])
def test_invalid_regex_names_the_matcher(text: str) -> None:
    with pytest.raises(MatcherError) as info:
        parse_matcher(text)
    message = str(info.value)
    assert "invalid regular expression" in message
    assert text in message  # the matcher as written, operator and value


def test_invalid_regex_position_is_in_the_value() -> None:
    with pytest.raises(MatcherError, match="at position 2"):
        Matcher("a", MatchType.REGEX, "ab(")


@pytest.mark.parametrize(("text", "expect"), [
    ('="x"', "expected a label name"),
    ('9a="x"', "expected a label name"),
    ('a~"x"', "expected one of =, !=, =~, !~"),
    ('a="unterminated', "unterminated quoted value"),
    ('a="dangling\\', "dangling escape"),
    ('{a="b"', "expected '}'"),
    ('{a="b"} extra', "unexpected text after '}'"),
    ('a="b";c="d"', "expected ',' or the end"),
    ("{a=\"b\" ,, c=\"d\"}", "expected a label name"),
])
def test_syntax_errors_say_where(text: str, expect: str) -> None:
    with pytest.raises(MatcherError) as info:
        parse_matchers(text)
    message = str(info.value)
    assert expect in message
    assert "at position" in message
    assert repr(text) in message


def test_parse_matcher_wants_exactly_one() -> None:
    with pytest.raises(MatcherError, match="exactly one"):
        parse_matcher('a="b", c="d"')
    with pytest.raises(MatcherError, match="exactly one"):
        parse_matcher("{}")


def test_invalid_label_name_on_construction() -> None:
    with pytest.raises(MatcherError, match="invalid label name 'bad-name'"):
        Matcher("bad-name", MatchType.EQUAL, "x")


def test_matchers_are_values() -> None:
    a = parse_matcher('a=~"x.*"')
    b = Matcher("a", MatchType.REGEX, "x.*")
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != Matcher("a", MatchType.NOT_REGEX, "x.*")
