"""The alert table's model, with no Textual in it: rows keyed by alert key and an index
sorted by ``Alert.sort_key()`` (severity, then the oldest first, then the key).

A poll changes a few rows out of many: each insert, move or removal is a ``bisect`` in the
sorted index (O(log n) comparisons, one memmove). A change that touches a large part of the
table (a filter keystroke, a tenant switch) rebuilds the index with one sort instead, which
is cheaper than that many single moves. The widget asks for row ``i`` (``key_at``) only
for the lines it draws, and for the position of the row under the cursor (``index_of``)."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from alerttui.domain import Alert

Order = tuple[int, float, str]  # Alert.sort_key(): its last item is the alert's key


@dataclass
class Row:
    alert: Alert
    plain: tuple[str, ...]  # the cells' texts, to see what changed
    order: Order
    new: bool
    cells: list[Any] | None = None  # rendered cells, built when first drawn


class AlertRows:
    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}
        self._index: list[Order] = []
        self._by_tenant: dict[str, set[str]] = {}

    def tenant_keys(self, tenant: str) -> set[str]:
        """The keys of ``tenant``'s rows (a poll replaces only those)."""
        return self._by_tenant.get(tenant, set())

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        return key in self.rows

    def __iter__(self) -> Iterator[str]:
        """Keys in display order."""
        return (order[2] for order in self._index)

    def key_at(self, index: int) -> str:
        return self._index[index][2]

    def index_of(self, key: str) -> int | None:
        row = self.rows.get(key)
        if row is None:
            return None
        i = bisect_left(self._index, row.order)
        return i if i < len(self._index) and self._index[i] == row.order else None

    def apply(self, put: Iterable[tuple[str, Row]], remove: Iterable[str]) -> None:
        """Add or replace rows (``put``) and drop rows (``remove``), keeping the index sorted."""
        put, remove = list(put), [k for k in remove if k in self.rows]
        for key in remove:
            self._by_tenant[self.rows[key].alert.tenant].discard(key)
        for key, row in put:
            self._by_tenant.setdefault(row.alert.tenant, set()).add(key)
        moving = sum(1 for key, row in put if key not in self.rows or self.rows[key].order != row.order)
        if moving + len(remove) > max(64, len(self._index) // 8):
            for key in remove:
                del self.rows[key]
            self.rows.update(put)
            self._index = sorted(row.order for row in self.rows.values())
            return
        for key in remove:
            self._drop(self.rows.pop(key).order)
        for key, row in put:
            old = self.rows.get(key)
            self.rows[key] = row
            if old is not None and old.order == row.order:
                continue
            if old is not None:
                self._drop(old.order)
            insort(self._index, row.order)

    def clear(self) -> None:
        self.rows.clear()
        self._index.clear()
        self._by_tenant.clear()

    def _drop(self, order: Order) -> None:
        i = bisect_left(self._index, order)
        if i < len(self._index) and self._index[i] == order:
            del self._index[i]
