"""The dashboard's `/` filter: Alertmanager matchers, free text, or both.

``severity="critical" disk`` keeps critical alerts whose labels or annotations contain
"disk" (case-insensitive). Text that starts like a matcher but does not parse is an error
(the caller keeps the previous filter and shows the reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alerttui.domain.matchers import Matcher, parse_matchers
from alerttui.domain.models import Alert

_MATCHER_START = re.compile(r"\{|[A-Za-z_][A-Za-z0-9_]*\s*(=~|!~|!=|=)")
_TOKEN = re.compile(r'\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*\s*(?:=~|!~|!=|=)\s*(?:"(?:\\.|[^"\\])*"?|[^\s,]*)|\S+')


@dataclass(frozen=True)
class AlertFilter:
    text: str = ""
    matchers: tuple[Matcher, ...] = ()
    words: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.matchers or self.words)

    def matches(self, alert: Alert) -> bool:
        labels = alert.labels
        for m in self.matchers:
            if not m.matches(labels):
                return False
        if self.words:
            haystack = _haystack(alert)
            return all(w in haystack for w in self.words)
        return True


_HAYSTACKS: dict[int, tuple[Alert, str]] = {}


def _haystack(alert: Alert) -> str:
    """Memoised per ``Alert`` object (they are frozen): each keystroke in the filter box
    matches every alert again, 10,000 of them in a big installation. Keyed by ``id()`` with
    the object kept alongside, so a recycled id is never mistaken for the old alert."""
    hit = _HAYSTACKS.get(id(alert))
    if hit is not None and hit[0] is alert:
        return hit[1]
    parts = [*alert.labels.values(), *alert.annotations.values(), *alert.labels.keys(), alert.tenant]
    text = "\x00".join(parts).casefold()
    if len(_HAYSTACKS) >= 50_000:  # the alerts of a few polls of a big installation; then start over
        _HAYSTACKS.clear()
    _HAYSTACKS[id(alert)] = (alert, text)
    return text


def parse_filter(text: str) -> AlertFilter:
    """Raises MatcherError for a malformed matcher; free words never fail."""
    matchers: list[Matcher] = []
    words: list[str] = []
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if _MATCHER_START.match(token):
            matchers.extend(parse_matchers(token))
        else:
            words.append(token.strip(",").casefold())
    return AlertFilter(text=text.strip(), matchers=tuple(matchers), words=tuple(w for w in words if w))
