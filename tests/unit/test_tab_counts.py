"""The tabs' counts by severity, kept from poll to poll by looking only at what changed, must
equal a count from scratch whatever the churn (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from alerttui.polling.fetch import reuse_unchanged
from alerttui.widgets.tenant_tabs import counts, recount
from tests.ui.factory import alert, snapshot

spec = st.tuples(st.integers(0, 30), st.sampled_from(["critical", "error", "warning", "info", ""]),
                 st.booleans(), st.integers(0, 2))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(spec, max_size=30), min_size=1, max_size=8))
def test_recount_equals_a_count_from_scratch(polls) -> None:  # type: ignore[no-untyped-def]
    previous = snapshot("acme", [])
    kept = counts(previous)
    for poll in polls:
        alerts = {}
        for n, sev, silenced, version in poll:
            a = alert(f"A{n}", severity=sev, silenced_by=("s1",) if silenced else (), summary=f"v{version}")
            alerts[a.fingerprint] = a
        new = replace(previous, alerts=reuse_unchanged(previous.alerts, alerts))
        kept = recount(kept, previous, new)
        assert kept == counts(new)
        previous = new
