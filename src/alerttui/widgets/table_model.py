"""The alert table's model, with no Textual in it: the rows it holds (keyed by alert key), an
index of all of them sorted by ``Alert.sort_key()`` (severity, then the oldest first, then
the key), and the filter as a view: a second sorted index of the rows the filter keeps.

A poll changes a few rows out of many: each insert, move or removal is a ``bisect`` in each
index (O(log n) comparisons, one memmove), and only the changed rows are tested against the
filter. A change that touches a large part of the table rebuilds the index with one sort
instead, which is cheaper than that many single moves. A new filter walks the sorted rows
once and keeps those it matches (no sort); a narrower one (a key typed onto the end of the
filter) walks only what the last one kept. The widget asks for row ``i`` (``key_at``) only
for the lines it draws, and for the position of the row under the cursor (``index_of``)."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from alerttui.domain import Alert
from alerttui.domain.filtering import haystack_of
from alerttui.domain.matchers import Matcher, MatchType

Order = tuple[int, float, str]  # Alert.sort_key(): its last item is the alert's key


@dataclass(eq=False, slots=True)
class Row:
    alert: Alert
    plain: tuple[str, ...] | None  # the cells' texts, to see what changed (None: not yet needed)
    order: Order
    new: bool
    cells: list[Any] | None = None  # rendered cells, built when first drawn
    hay: str | None = None  # the text the filter's words search, made when first needed

    def haystack(self) -> str:
        if self.hay is None:
            self.hay = haystack_of(self.alert)
        return self.hay


Predicate = Callable[[Row], bool]
Select = Callable[[list[Order]], list[Order]]  # the rows (sorted) a filter keeps, in bulk
VIEWS_KEPT = 8  # filters whose views are kept up to date: a backspace finds its view ready


@dataclass(eq=False)
class _View:
    predicate: Predicate
    select: Select | None
    index: list[Order]  # the rows it keeps, sorted

    def compute(self, source: list[Order], rows: dict[str, Row]) -> None:
        if self.select is not None:
            self.index = self.select(source)
        else:
            predicate = self.predicate
            self.index = [order for order in source if predicate(rows[order[2]])]

    def update(self, row: Row, old: Order | None) -> None:
        """``row`` was put (``old``: its previous place, None if it is new)."""
        index = self.index
        if old is not None and old != row.order:
            _drop(index, old)
        keep = self.predicate(row)
        i = bisect_left(index, row.order)
        shown = i < len(index) and index[i] == row.order
        if shown and not keep:
            del index[i]
        elif keep and not shown:
            index.insert(i, row.order)


class AlertRows:
    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}  # every row held, shown by the filter or not
        self._all: list[Order] = []  # every row, sorted
        self._by_tenant: dict[str, set[str]] = {}
        # The filter's view and those of the last few filters, most recent last, each kept up
        # to date as rows change (a poll costs a bisect per changed row in each).
        self._views: dict[Hashable, _View] = {}
        self._view: _View | None = None  # None: no filter, every row shown

    @property
    def _index(self) -> list[Order]:
        return self._all if self._view is None else self._view.index

    @property
    def predicate(self) -> Predicate | None:
        return None if self._view is None else self._view.predicate

    def tenant_keys(self, tenant: str) -> set[str]:
        """The keys of ``tenant``'s rows, shown or not (a poll replaces only those)."""
        return self._by_tenant.get(tenant, set())

    def __len__(self) -> int:
        """The rows shown (the filter keeps)."""
        return len(self._index)

    @property
    def total(self) -> int:
        """The rows held, shown or not."""
        return len(self._all)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.index_of(key) is not None

    def __iter__(self) -> Iterator[str]:
        """The shown keys, in display order."""
        return (order[2] for order in self._index)

    def key_at(self, index: int) -> str:
        return self._index[index][2]

    def index_of(self, key: str) -> int | None:
        """The shown position of ``key``'s row (None: not held, or filtered out)."""
        row = self.rows.get(key)
        if row is None:
            return None
        index = self._index
        i = bisect_left(index, row.order)
        return i if i < len(index) and index[i] == row.order else None

    def apply(self, put: Iterable[tuple[str, Row]], remove: Iterable[str]) -> None:
        """Add or replace rows (``put``) and drop rows (``remove``), keeping the index and
        the filters' views sorted and up to date."""
        put, remove = list(put), [k for k in remove if k in self.rows]
        for key in remove:
            self._by_tenant[self.rows[key].alert.tenant].discard(key)
        for key, row in put:
            self._by_tenant.setdefault(row.alert.tenant, set()).add(key)
        moving = sum(1 for key, row in put if key not in self.rows or self.rows[key].order != row.order)
        if moving + len(remove) > max(64, len(self._all) // 8):
            leaving = {self.rows[key].order for key in remove}
            leaving |= {self.rows[key].order for key, row in put if key in self.rows
                        and self.rows[key].order != row.order}
            arriving = [row.order for key, row in put if key not in self.rows or self.rows[key].order != row.order]
            for key in remove:
                del self.rows[key]
            self.rows.update(put)
            # What stays is one sorted run and what arrives is appended: Timsort merges the two
            # in about n + k log k comparisons (a tenant's first poll into a full table).
            kept = [order for order in self._all if order not in leaving] if leaving else self._all
            kept.extend(arriving)
            kept.sort()
            self._all = kept
            # Many rows changed: only the current filter's view is worth computing again.
            self._views = {k: v for k, v in self._views.items() if v is self._view}
            if self._view is not None:
                self._view.compute(self._all, self.rows)
            return
        views = list(self._views.values())
        for key in remove:
            order = self.rows.pop(key).order
            _drop(self._all, order)
            for view in views:
                _drop(view.index, order)
        for key, row in put:
            old = self.rows.get(key)
            self.rows[key] = row
            previous = old.order if old is not None else None
            if previous != row.order:
                if previous is not None:
                    _drop(self._all, previous)
                insort(self._all, row.order)
            for view in views:
                view.update(row, previous)

    def set_predicate(self, predicate: Predicate | None, narrowing: bool = False,
                      select: Select | None = None, key: Hashable | None = None) -> None:
        """Show only the rows ``predicate`` keeps (None: every row). ``key`` names the filter
        (equal keys, equal filters): a filter shown lately has its view ready. ``narrowing``:
        it keeps no row the current one drops (a longer word, one more matcher), so only the
        rows shown now are tested. ``select``: the same test over many rows at once, faster
        than ``predicate`` row by row (``select_rows``); it must keep exactly what
        ``predicate`` keeps."""
        if predicate is None:
            self._view = None
            return
        if key is not None and key in self._views:
            view = self._views.pop(key)
        else:
            source = self._index if narrowing and self._view is not None else self._all
            view = _View(predicate, select, [])
            view.compute(source, self.rows)
        self._views[key if key is not None else object()] = view
        self._view = view
        while len(self._views) > VIEWS_KEPT:
            del self._views[next(iter(self._views))]

    def clear(self) -> None:
        """Drop every row (the filter stays)."""
        self.rows.clear()
        self._all = []
        for view in self._views.values():
            view.index = []
        self._by_tenant.clear()


def select_rows(rows: dict[str, Row], source: list[Order], matchers: Sequence[Matcher],
                words: Sequence[str]) -> list[Order]:
    """The rows of ``source`` (kept in order) whose labels ``matchers`` match and whose
    haystack holds every one of ``words``: ``AlertFilter.matches``, one pass per matcher
    and per word over what is left, each a comprehension with no call per row for the
    common cases (100,000 rows in a few tens of ms)."""
    out = source
    for m in matchers:
        name, value = m.name, m.value
        if m.type is MatchType.EQUAL:
            out = [o for o in out if rows[o[2]].alert.labels.get(name, "") == value]
        elif m.type is MatchType.NOT_EQUAL:
            out = [o for o in out if rows[o[2]].alert.labels.get(name, "") != value]
        else:
            out = [o for o in out if m.matches(rows[o[2]].alert.labels)]
    for word in words:  # each row's haystack is made once, when first searched, and kept
        out = [o for o in out if word in (rows[o[2]].hay or rows[o[2]].haystack())]
    return out if out is not source else list(source)


def _drop(index: list[Order], order: Order) -> None:
    i = bisect_left(index, order)
    if i < len(index) and index[i] == order:
        del index[i]
