"""A poll hands on the previous poll's Alert objects for the alerts that did not change, so
the table and the engine see them unchanged by identity and look only at what changed."""

from __future__ import annotations

from dataclasses import replace

from alerttui.polling.fetch import reuse_unchanged
from tests.ui.factory import alert


def test_unchanged_alerts_keep_their_object_changed_ones_do_not() -> None:
    a, b, c = alert("A"), alert("B"), alert("C")
    old = {x.fingerprint: x for x in (a, b, c)}
    b2 = replace(b, annotations={"summary": "changed"})
    new = {a.fingerprint: replace(a), b.fingerprint: b2, c.fingerprint: replace(c)}  # new objects, as parsed
    out = reuse_unchanged(old, new)
    assert out[a.fingerprint] is a and out[c.fingerprint] is c
    assert out[b.fingerprint] is b2
    assert out is not old


def test_nothing_changed_gives_the_previous_dict_and_a_removal_does_not() -> None:
    a, b = alert("A"), alert("B")
    old = {a.fingerprint: a, b.fingerprint: b}
    assert reuse_unchanged(old, {a.fingerprint: replace(a), b.fingerprint: replace(b)}) is old
    fewer = reuse_unchanged(old, {a.fingerprint: replace(a)})
    assert fewer is not old and list(fewer) == [a.fingerprint] and fewer[a.fingerprint] is a
    more = reuse_unchanged({a.fingerprint: a}, {a.fingerprint: replace(a), b.fingerprint: b})
    assert more[a.fingerprint] is a and b.fingerprint in more
