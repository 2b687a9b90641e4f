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


ops = st.lists(st.tuples(st.sampled_from(["put", "remove"]), st.integers(0, 60), st.integers(0, 5),
                         st.floats(0, 1000, allow_nan=False)), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(ops, min_size=1, max_size=12))
def test_the_index_equals_a_sort_from_scratch(rounds) -> None:  # type: ignore[no-untyped-def]
    model, truth = AlertRows(), {}
    for batch in rounds:
        put, remove = {}, set()
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
