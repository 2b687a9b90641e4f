"""The alert table's model: a sorted index kept incrementally must always equal the rows
sorted from scratch, whatever the churn (hypothesis), small or large."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from alerttui.widgets.table_model import AlertRows, Row
from tests.ui.factory import alert


def row(key: str, severity: int, started: float) -> Row:
    return Row(alert("X"), (key,), (severity, started, key), False)


def reference(rows: dict[str, Row]) -> list[str]:
    return [r.order[2] for r in sorted(rows.values(), key=lambda r: r.order)]


def apply_batch(model: AlertRows, truth: dict[str, Row], batch) -> None:  # type: ignore[no-untyped-def]
    """One round of puts and removes, to the model and to the reference alike."""
    put: dict[str, Row] = {}
    remove: set[str] = set()
    for op, k, sev, started in batch:
        key = f"k{k}"
        if op == "put":
            put[key] = row(key, sev, started)
            remove.discard(key)
        else:
            remove.add(key)
            put.pop(key, None)
    model.apply(put.items(), remove)
    truth.update(put)
    for key in remove:
        truth.pop(key, None)


ops = st.lists(st.tuples(st.sampled_from(["put", "remove"]), st.integers(0, 60), st.integers(0, 5),
                         st.floats(0, 1000, allow_nan=False)), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(ops, min_size=1, max_size=12))
def test_the_index_equals_a_sort_from_scratch(rounds) -> None:  # type: ignore[no-untyped-def]
    model, truth = AlertRows(), {}
    for batch in rounds:
        apply_batch(model, truth, batch)
        assert list(model) == reference(truth)
        assert len(model) == len(truth)
        for i, key in enumerate(model):
            assert model.index_of(key) == i and model.key_at(i) == key


def test_ten_thousand_rows_churn_small_and_large() -> None:
    """A poll (100 changes in 10,000, the incremental path) and a filter (half go, the
    rebuild path), many times over, against the reference."""
    rng = random.Random(7)
    model, truth = AlertRows(), {}
    first = {f"a{i}": row(f"a{i}", rng.randrange(6), rng.random() * 1e6) for i in range(10_000)}
    model.apply(first.items(), ())
    truth.update(first)
    for round_ in range(30):
        keys = list(truth)
        if round_ % 10 == 9:  # a filter keystroke: half the rows leave
            gone = set(rng.sample(keys, len(keys) // 2))
            put: dict[str, Row] = {}
        else:
            gone = set(rng.sample(keys, 30))
            put = {k: row(k, rng.randrange(6), rng.random() * 1e6) for k in rng.sample(keys, 40) if k not in gone}
            put |= {f"n{round_}-{i}": row(f"n{round_}-{i}", rng.randrange(6), rng.random() * 1e6) for i in range(30)}
        model.apply(put.items(), gone)
        for k in gone:
            truth.pop(k)
        truth.update(put)
        assert list(model) == reference(truth)


def test_index_of_a_missing_key_is_none() -> None:
    model = AlertRows()
    model.apply([("a", row("a", 1, 1.0))], ())
    assert model.index_of("b") is None
    model.apply((), ["a", "not-there"])
    assert len(model) == 0 and model.index_of("a") is None


def keeps(mod: int):  # type: ignore[no-untyped-def]
    return lambda r: int(r.order[2][1:].split("-")[0].lstrip("x") or 0) % mod == 0


filters = st.sampled_from([None, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12])  # more than VIEWS_KEPT


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(ops, filters), min_size=1, max_size=12))
def test_the_filtered_view_equals_a_filter_of_the_sorted_rows(rounds) -> None:  # type: ignore[no-untyped-def]
    """Churn and filter changes interleaved (narrowing 2 -> 6 and 3 -> 6, widening back):
    the view is always exactly the reference rows, sorted, that the filter keeps."""
    model, truth = AlertRows(), {}
    current = None
    for batch, mod in rounds:
        apply_batch(model, truth, batch)
        narrowing = current is not None and mod is not None and mod % current == 0
        model.set_predicate(keeps(mod) if mod else None, narrowing=narrowing, key=mod)  # views kept, reused
        current = mod
        want = [k for k in reference(truth) if mod is None or keeps(mod)(truth[k])]
        assert list(model) == want
        assert len(model) == len(want) and model.total == len(truth)
        for i, key in enumerate(model):
            assert model.index_of(key) == i and key in model
        for key in truth.keys() - set(want):
            assert model.index_of(key) is None and key not in model


def test_a_row_that_changes_in_place_is_filtered_again() -> None:
    """Same key and place (same severity and start), other content: the filter looks again."""
    model = AlertRows()
    model.set_predicate(lambda r: r.plain == ("keep",))
    a = Row(alert("X"), ("keep",), (1, 1.0, "a"), False)
    model.apply([("a", a)], ())
    assert list(model) == ["a"]
    model.apply([("a", Row(alert("X"), ("drop",), (1, 1.0, "a"), False))], ())
    assert list(model) == [] and model.total == 1
    model.apply([("a", Row(alert("X"), ("keep",), (1, 1.0, "a"), False))], ())
    assert list(model) == ["a"]


NAMES = ["DiskFull", "HighCPU", "web_latency", "Ünïcode", "disk-io"]
FILTER_TEXTS = ["", "disk", "DISK", "d", "web", "severity=critical", 'severity!="warning"', "team=~\"d.*\"",
                "team!~\"web\"", "missing=\"\"", "severity=critical disk", "ünï", "tenant=acme io", "x y"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(["critical", "warning", "info"]),
                          st.sampled_from(["db", "web", "dev", ""]), st.sampled_from(["acme", "globex"])),
                min_size=0, max_size=40),
       st.sampled_from(FILTER_TEXTS))
def test_the_bulk_select_keeps_exactly_what_the_filter_matches(specs, text) -> None:  # type: ignore[no-untyped-def]
    from alerttui.domain.filtering import parse_filter
    from alerttui.widgets.table_model import select_rows

    f = parse_filter(text)
    rows = {}
    for i, (name, sev, team, tenant) in enumerate(specs):
        a = alert(name, tenant=tenant, severity=sev, minutes_ago=i, team=team, n=str(i))
        rows[a.key] = Row(a, None, a.sort_key(), False)
    source = sorted(r.order for r in rows.values())
    want = [o for o in source if f.matches(rows[o[2]].alert)]
    assert select_rows(rows, source, f.matchers, f.words) == want


def test_views_stay_right_through_large_and_small_churn() -> None:
    """Two filters' views kept while rows churn, by 30 (each view updated) and by half the
    table (the rebuild: views other than the current one are dropped, then made again)."""
    rng = random.Random(11)
    model, truth = AlertRows(), {}
    first = {f"k{i}": row(f"k{i}", rng.randrange(6), rng.random() * 1e6) for i in range(4_000)}
    model.apply(first.items(), ())
    truth.update(first)
    for round_ in range(20):
        mod = (2, 3)[round_ % 2]
        model.set_predicate(keeps(mod), key=mod)
        keys = list(truth)
        gone = set(rng.sample(keys, len(keys) // 2 if round_ % 5 == 4 else 30))
        put = {k: row(k, rng.randrange(6), rng.random() * 1e6) for k in rng.sample(keys, 40) if k not in gone}
        put |= {f"k{10_000 + round_ * 100 + i}": row(f"k{10_000 + round_ * 100 + i}", 1, float(i)) for i in range(30)}
        model.apply(put.items(), gone)
        for k in gone:
            truth.pop(k)
        truth.update(put)
        for check in (mod, (2, 3)[(round_ + 1) % 2]):
            model.set_predicate(keeps(check), key=check)
            assert list(model) == [k for k in reference(truth) if keeps(check)(truth[k])], (round_, check)
