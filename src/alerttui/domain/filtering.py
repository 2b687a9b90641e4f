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

    def matches(self, alert: Alert, haystack: str | None = None) -> bool:
        """Whether ``alert`` passes; ``haystack``: its ``haystack_of`` when the caller keeps
        it (the table does, per row: each keystroke tests every alert again)."""
        labels = alert.labels
        for m in self.matchers:
            if not m.matches(labels):
                return False
        if self.words:
            hay = haystack_of(alert) if haystack is None else haystack
            for w in self.words:
                if w not in hay:
                    return False
        return True

    def narrows(self, previous: AlertFilter) -> bool:
        """True if this filter keeps no alert that ``previous`` drops: every matcher of
        ``previous`` is still here and each of its words is inside one of these words
        (typing onto the end of the filter). Then only what ``previous`` kept needs testing."""
        if not previous.active:
            return True
        if not set(previous.matchers) <= set(self.matchers):
            return False
        return all(any(old in new for new in self.words) for old in previous.words)


def haystack_of(alert: Alert) -> str:
    """What the filter's words search: label values, annotation values, label names and the
    tenant, case-folded."""
    parts = [*alert.labels.values(), *alert.annotations.values(), *alert.labels.keys(), alert.tenant]
    return "\x00".join(parts).casefold()


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
