"""Which route (channel or webhook) an alert goes to: the first that matches."""

from __future__ import annotations

from alerttui.config import SlackConfig, SlackRoute
from alerttui.domain import Alert, matches_all


def route_for(slack: SlackConfig, alert: Alert) -> SlackRoute | None:
    severity = alert.labels.get("severity", "")
    for route in slack.routes:
        if route.tenants and alert.tenant not in route.tenants:
            continue
        if route.severities and severity not in route.severities:
            continue
        if not matches_all(route.parsed_matchers, alert.labels):
            continue
        return route
    return None


def mention_for(route: SlackRoute, alert: Alert) -> str | None:
    """``<!here>``/``<!channel>`` only for the route's mention severities (critical by default)."""
    if route.mention == "none" or alert.labels.get("severity", "") not in route.mention_severities:
        return None
    return f"<!{route.mention}>"
