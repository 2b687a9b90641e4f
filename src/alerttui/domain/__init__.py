"""Pure, frozen domain objects. No I/O, no Textual."""

from alerttui.domain.matchers import (
    Matcher,
    MatcherError,
    MatchType,
    format_matchers,
    matches_all,
    parse_matcher,
    parse_matchers,
)
from alerttui.domain.models import (
    ACK_PREFIX,
    Alert,
    AlertState,
    BackendHealth,
    Diff,
    MetricSeries,
    Silence,
    SilenceState,
    Snapshot,
    diff,
    utcnow,
)
from alerttui.domain.severity import Severity

__all__ = [
    "ACK_PREFIX", "Alert", "AlertState", "BackendHealth", "Diff", "MatchType", "Matcher",
    "MatcherError", "MetricSeries", "Severity", "Silence", "SilenceState", "Snapshot", "diff",
    "format_matchers", "matches_all", "parse_matcher", "parse_matchers", "utcnow",
]
