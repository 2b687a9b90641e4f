"""``sanitize.clean``: untrusted text (labels, annotations, backend errors) loses ANSI escapes
and control characters, keeps Rich markup as literal text, RTL scripts and emoji, and is
bounded in length."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from alerttui.sanitize import clean, truncate

ESC = "\x1b"


@pytest.mark.parametrize("text", [
    "[bold red]FIRE[/bold red]",
    "[link=https://evil.example]click[/link]",
    "[/]",
    "\\[escaped] [@click=app.quit]x[/]",
    ":warning: :fire:",
])
def test_rich_markup_stays_literal(text: str) -> None:
    out = clean(text)
    assert out == text  # clean does not touch markup...
    # ...and rendered as a Text (what the UI does) it shows exactly those characters.
    console = Console(width=200, color_system=None, record=True)
    console.print(Text(out), end="")
    assert console.export_text() == text


@pytest.mark.parametrize(("text", "expected"), [
    (f"{ESC}[31mred{ESC}[0m", "red"),
    (f"{ESC}[1;38;5;196mbold{ESC}[m plain", "bold plain"),
    (f"{ESC}[2J{ESC}[Hcleared", "cleared"),  # clear screen, cursor home
    (f"{ESC}]0;pwned title\x07after", "after"),  # OSC set title, BEL-terminated
    (f"{ESC}]8;;https://evil.example{ESC}\\link{ESC}]8;;{ESC}\\", "link"),  # OSC 8 hyperlink, ST-terminated
    (f"{ESC}]52;c;aGVsbG8=\x07clip", "clip"),  # OSC 52 clipboard write
    ("\x9b31mC1 CSI", "C1 CSI"),  # 8-bit CSI
    (f"{ESC}7saved{ESC}8", "saved"),  # DECSC/DECRC: no stray "7" and "8"
    (f"{ESC}(B{ESC}[mreset", "reset"),  # tput sgr0: no stray "(B"
    (f"{ESC}cafter reset", "after reset"),  # RIS, full terminal reset
    (f"{ESC}Pq#0;2;0;0;0{ESC}\\x", "x"),  # DCS (sixel) string up to ST
    (f"{ESC}_apc payload\x07y", "y"),  # APC string up to BEL
    (f"dangling {ESC}", "dangling "),
])
def test_ansi_escapes_removed(text: str, expected: str) -> None:
    out = clean(text)
    assert out == expected
    assert ESC not in out and "\x9b" not in out


@pytest.mark.parametrize(("text", "expected"), [
    ("a\x00b\x07c\x08d", "abcd"),  # NUL, BEL, backspace
    ("del\x7fete", "delete"),
    ("c1\x85\x90\x9fend", "c1end"),
    ("zero\u200bwidth", "zerowidth"),
    ("evil\u202egnp.exe", "evilgnp.exe"),  # right-to-left override (Trojan Source)
    ("iso\u2066late\u2069d", "isolated"),
    ("line\u2028sep", "linesep"),
    ("carriage\rreturn", "carriage return"),
])
def test_control_characters_stripped(text: str, expected: str) -> None:
    assert clean(text) == expected


def test_single_line_turns_breaks_and_tabs_into_spaces() -> None:
    assert clean("a\nb\r\nc\td") == "a b c d"


def test_multi_line_keeps_lines_and_expands_tabs() -> None:
    out = clean("first\r\nsecond\n\tindented\x07\n" + f"{ESC}[31mred{ESC}[0m", single_line=False)
    assert out == "first\nsecond\n    indented\nred"
    assert clean("a\rb", single_line=False) == "ab"


@pytest.mark.parametrize("text", [
    "שגיאה בשרת הראשי",  # Hebrew
    "خطأ في الخادم",  # Arabic
    "Überlast ошибка 警告 エラー",
    "🔥 disk full 💾 🚨",
    "✔️ ok ⚠️ warn",  # variation selector FE0F is kept
    "👍🏽 skin tone",
    "🇫🇷 flag",
    "é composed, e\u0301 decomposed",
])
def test_rtl_and_emoji_preserved(text: str) -> None:
    assert clean(text) == text
    assert clean(text, single_line=False) == text


def test_huge_strings_truncated() -> None:
    huge = "x" * 5_000_000
    out = clean(huge, 200)
    assert len(out) == 200
    assert out.endswith("…")
    assert out[:199] == "x" * 199


def test_truncation_counts_after_stripping() -> None:
    text = f"{ESC}[31m" * 100 + "short"
    assert clean(text, 10) == "short"


def test_no_limit_and_exact_fit() -> None:
    assert clean("abc", None) == "abc"
    assert clean("abc", 3) == "abc"
    assert clean("abcd", 3) == "ab…"
    assert truncate("abcd", 1) == "…"


def test_adversarial_escape_floods_are_handled() -> None:
    """Many unterminated sequences: stripped, and bounded after."""
    text = (f"{ESC}]" + "a" * 1000) * 200 + f"{ESC}[" + "0;" * 100_000
    out = clean(text, 50)
    assert ESC not in out
    assert len(out) <= 50


# Printable characters a terminal shows as themselves (no C0/C1, no bidi or zero-width).
_VISIBLE = st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))


EMOJI = "[\u2600-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]"
STRAY_ZWJ = re.compile(f"(?<!{EMOJI})\u200d|\u200d(?!{EMOJI})")


@given(st.text(max_size=200), st.integers(min_value=1, max_value=100))
def test_clean_output_has_no_escape_or_control(text: str, limit: int) -> None:
    out = clean(text, limit)
    assert len(out) <= limit
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u2028-\u202e\u2066-\u2069]", out)
    assert not STRAY_ZWJ.search(out)  # a joiner only inside an emoji
    multi = clean(text, single_line=False)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", multi)


@given(st.text(_VISIBLE, max_size=200))
def test_visible_text_is_unchanged(text: str) -> None:
    assert clean(text) == text


def test_the_zero_width_joiner_stays_inside_emoji_only() -> None:
    family, flag, job = "👨\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "👩🏽\u200d🚒"
    for emoji in (family, flag, job):
        assert clean(f"team {emoji} on call") == f"team {emoji} on call"
        assert clean(emoji, single_line=False) == emoji
    assert clean("ad\u200dmin") == "admin"  # a joiner that only hides something goes
    assert clean("\u200d👩") == "👩" and clean("👩\u200d") == "👩" and clean("👨\u200d\u200d👩") == "👨👩"
    assert "\u200d" not in clean(family, 2)  # cut inside the emoji: no joiner left before the …


@given(st.text(max_size=100))
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
