"""The top-level comparison of an alert expression: found outside brackets and strings, the
number as the threshold; anything else falls back to the whole expression."""

from __future__ import annotations

import pytest

from alerttui.domain.promql import split_comparison


@pytest.mark.parametrize(("expr", "lhs", "op", "threshold"), [
    ("demo:api_p95_seconds > 0.25", "demo:api_p95_seconds", ">", 0.25),
    ('avg(rate(x{code=~"5..", a!="b>c"}[5m])) * 100 >= 5', 'avg(rate(x{code=~"5..", a!="b>c"}[5m])) * 100', ">=", 5.0),
    ("up == 0", "up", "==", 0.0),
    ("node_filesystem_avail_bytes / node_filesystem_size_bytes < bool 0.1",
     "node_filesystem_avail_bytes / node_filesystem_size_bytes", "<", 0.1),
    ("sum by (job) (rate(errors_total[5m])) > 1e3", "sum by (job) (rate(errors_total[5m]))", ">", 1000.0),
])
def test_split(expr: str, lhs: str, op: str, threshold: float) -> None:
    found = split_comparison(expr)
    assert found is not None and (found.lhs, found.op, found.threshold) == (lhs, op, threshold)


@pytest.mark.parametrize("expr", [
    "absent(up)",                                   # no comparison
    "a > 1 and b < 2",                              # a set operation: the whole thing
    "rate(x[5m]) > on(job) group_left avg(y)",      # not a number on the right
    'count(x{le=">1"})',                            # inside a string
    "(a > 1)",                                      # not at the top level
])
def test_fallback(expr: str) -> None:
    assert split_comparison(expr) is None


def test_fires() -> None:
    c = split_comparison("x > 0.25")
    assert c is not None and c.fires(0.3) and not c.fires(0.25)
