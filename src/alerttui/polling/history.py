"""Reading alert history from the tenant's Prometheus: one range query of
``present_over_time(ALERTS{alertstate="firing"}[step])`` with the tenant's scope matchers (and an alert name), at a
step that keeps under Prometheus's 11,000 points per series."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from alerttui.domain import Matcher
from alerttui.domain.history import AlertHistory, identity, intervals_from

if TYPE_CHECKING:  # requests and prometheus-api-client only where Prometheus is asked
    from alerttui.clients.prometheus import PrometheusClient

MAX_POINTS = 11_000
MIN_STEP = timedelta(minutes=1)  # rules are evaluated every 15 s to 1 min: finer adds nothing


def history_step(since: datetime, until: datetime) -> timedelta:
    needed = math.ceil((until - since).total_seconds() / MAX_POINTS)
    return max(MIN_STEP, timedelta(seconds=needed))


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def selector(scope: Sequence[Matcher], alertname: str | None) -> str:
    parts = ['alertstate="firing"']
    if alertname:
        parts.append(f'alertname="{_quote(alertname)}"')
    parts += [f'{m.name}{m.type.value}"{_quote(m.value)}"' for m in scope]
    return "ALERTS{" + ", ".join(parts) + "}"


async def fetch_history(prom: PrometheusClient, scope: Sequence[Matcher], since: datetime, until: datetime,
                        alertname: str | None = None) -> list[AlertHistory]:
    """Every alert that fired in [since, until], most firing time first."""
    step = history_step(since, until)
    seconds = f"{int(step.total_seconds())}s"
    # present_over_time over one step, not the bare series: a point means "a sample in this
    # step", so an interval ends at its last sample even where no staleness marker was
    # written (a restart of Prometheus, backfilled data), not 5 minutes of lookback later.
    query = f"present_over_time({selector(scope, alertname)}[{seconds}])"
    result = await prom.query_range(query, since, until, seconds)
    merged: dict[tuple[tuple[str, str], ...], list[float]] = {}
    for series in result:
        labels = {str(k): str(v) for k, v in (series.get("metric") or {}).items()}
        times = [float(v[0]) for v in series.get("values") or []]
        merged.setdefault(identity(labels), []).extend(times)
    out = [AlertHistory(dict(key), intervals_from(sorted(times), step, until), since, until)
           for key, times in merged.items()]
    return sorted(out, key=lambda h: (-h.total().total_seconds(), h.alertname))
