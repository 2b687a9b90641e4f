"""Alertmanager matchers: parse and print ``=``, ``!=``, ``=~``, ``!~`` with quoting and escapes.

Accepts ``{a="b",c=~"d.*"}``, bare lists (``a="b", c=~"d.*"``) and unquoted values
(``severity=critical``), as amtool does. Regexes are anchored like Alertmanager's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class MatcherError(ValueError):
    """A matcher or matcher list that cannot be parsed; the message says where and why."""


class MatchType(StrEnum):
    EQUAL = "="
    NOT_EQUAL = "!="
    REGEX = "=~"
    NOT_REGEX = "!~"

    @property
    def is_regex(self) -> bool:
        return self in (MatchType.REGEX, MatchType.NOT_REGEX)

    @property
    def is_equal(self) -> bool:
        return self in (MatchType.EQUAL, MatchType.REGEX)


_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Order matters: two-character operators first.
_OPS = ("=~", "!~", "!=", "=")


@dataclass(frozen=True)
class Matcher:
    name: str
    type: MatchType
    value: str
    _regex: re.Pattern[str] | None = field(default=None, compare=False, repr=False, hash=False)

    def __post_init__(self) -> None:
        if not _NAME_RE.fullmatch(self.name):
            raise MatcherError(f"invalid label name {self.name!r}: expected letters, digits and _")
        if self.type.is_regex:
            try:
                compiled = re.compile(f"(?:{self.value})")
            except re.error:
                # Alertmanager (Go) accepts flags like "(?i)" inside its anchoring group;
                # Python only at the very start, so try the bare value (fullmatch anchors
                # it). Its error, if any, also gives positions in the value as written.
                try:
                    compiled = re.compile(self.value)
                except re.error as exc:
                    raise MatcherError(f"invalid regular expression in {self}: {exc}") from None
            object.__setattr__(self, "_regex", compiled)

    @classmethod
    def equal(cls, name: str, value: str) -> Matcher:
        return cls(name, MatchType.EQUAL, value)

    def matches(self, labels: Mapping[str, str]) -> bool:
        actual = labels.get(self.name, "")
        if self.type is MatchType.EQUAL:
            return actual == self.value
        if self.type is MatchType.NOT_EQUAL:
            return actual != self.value
        assert self._regex is not None
        hit = self._regex.fullmatch(actual) is not None
        return hit if self.type is MatchType.REGEX else not hit

    def __str__(self) -> str:
        return f"{self.name}{self.type.value}{quote(self.value)}"

    def to_api(self) -> dict[str, object]:
        """Alertmanager v2 API form."""
        return {"name": self.name, "value": self.value, "isRegex": self.type.is_regex,
                "isEqual": self.type.is_equal}

    @classmethod
    def from_api(cls, data: Mapping[str, object]) -> Matcher:
        is_regex = bool(data.get("isRegex"))
        is_equal = bool(data.get("isEqual", True))
        if is_regex:
            mtype = MatchType.REGEX if is_equal else MatchType.NOT_REGEX
        else:
            mtype = MatchType.EQUAL if is_equal else MatchType.NOT_EQUAL
        return cls(str(data["name"]), mtype, str(data["value"]))


def quote(value: str) -> str:
    out = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{out}"'


_UNQUOTED_STOP = set(',}{ \t\n"')


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, what: str) -> MatcherError:
        return MatcherError(f"{what} at position {self.pos + 1} in {self.text!r}")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def name(self) -> str:
        m = _NAME_RE.match(self.text, self.pos)
        if not m:
            raise self.error("expected a label name")
        self.pos = m.end()
        return m.group(0)

    def op(self) -> MatchType:
        for op in _OPS:
            if self.text.startswith(op, self.pos):
                self.pos += len(op)
                return MatchType(op)
        raise self.error("expected one of =, !=, =~, !~")

    def value(self) -> str:
        if self.peek() == '"':
            self.pos += 1
            out: list[str] = []
            while True:
                if self.pos >= len(self.text):
                    raise self.error("unterminated quoted value")
                ch = self.text[self.pos]
                if ch == "\\":
                    if self.pos + 1 >= len(self.text):
                        raise self.error("dangling escape")
                    nxt = self.text[self.pos + 1]
                    out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, "\\" + nxt))
                    self.pos += 2
                    continue
                if ch == '"':
                    self.pos += 1
                    return "".join(out)
                out.append(ch)
                self.pos += 1
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _UNQUOTED_STOP:
            self.pos += 1
        return self.text[start:self.pos]

    def matcher(self) -> Matcher:
        self.skip_space()
        name = self.name()
        self.skip_space()
        mtype = self.op()
        self.skip_space()
        value = self.value()
        return Matcher(name, mtype, value)


def parse_matcher(text: str) -> Matcher:
    """Exactly one matcher, e.g. ``severity=~"crit.*"``."""
    matchers = parse_matchers(text)
    if len(matchers) != 1:
        raise MatcherError(f"expected exactly one matcher in {text!r}")
    return matchers[0]


def parse_matchers(text: str) -> tuple[Matcher, ...]:
    """A matcher list: ``{a="b", c!="d"}`` or ``a="b" c!="d"``; empty braces give ()."""
    p = _Parser(text)
    p.skip_space()
    braced = p.peek() == "{"
    if braced:
        p.pos += 1
    result: list[Matcher] = []
    while True:
        p.skip_space()
        if p.pos >= len(p.text) or (braced and p.peek() == "}"):
            break
        result.append(p.matcher())
        p.skip_space()
        if p.peek() == ",":
            p.pos += 1
            continue
        if p.pos >= len(p.text) or (braced and p.peek() == "}"):
            break
        if _NAME_RE.match(p.text, p.pos):
            continue  # whitespace-separated list
        raise p.error("expected ',' or the end of the matcher list")
    if braced:
        if p.peek() != "}":
            raise p.error("expected '}'")
        p.pos += 1
        p.skip_space()
        if p.pos != len(p.text):
            raise p.error("unexpected text after '}'")
    if not result and not braced and text.strip():
        raise p.error("expected a matcher")
    return tuple(result)


def format_matchers(matchers: Iterable[Matcher]) -> str:
    return "{" + ", ".join(str(m) for m in matchers) + "}"


def matches_all(matchers: Iterable[Matcher], labels: Mapping[str, str]) -> bool:
    return all(m.matches(labels) for m in matchers)
