"""The outbox forgets sent messages after a while (their text is alert data, and the file
must not grow without end), but never a pending or failed one, a thread, or an escalation
step's dedup key (which keeps the step from being sent twice while its incident lasts)."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alerttui.domain.incidents import IncidentRecord
from alerttui.forwarding.outbox import Outbox
from alerttui.respond.store import IncidentStore


def test_prune_forgets_old_sent_messages_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    box = Outbox(tmp_path / "outbox.sqlite3")
    now = time.time()
    week = 7 * 86400

    def item(fp: str, key: str | None = None) -> int:
        return box.enqueue(tenant="t", fingerprint=fp, route="r", channel="#c", kind="post",
                           payload={"text": fp}, now=now - 2 * week, dedup_key=key)

    old, step, pending, recent = item("old"), item("step", "esc:1:0"), item("pending"), item("recent")
    box.mark_sent(old, now - 8 * 86400)
    box.mark_sent(step, now - 8 * 86400)
    box.mark_sent(recent, now - 86400)
    box.once("click-1", now - 8 * 86400)
    assert box.prune(now - week) == 1
    left = {i.fingerprint for i in box.items()}
    assert left == {"step", "pending", "recent"}
    assert box.dedup_keys("esc:") == {"esc:1:0"}
    assert box.once("click-1", now)  # the old once-only key was forgotten too
    assert pending in {i.id for i in box.pending()}


def _wal(path: Path) -> int:
    return (path.parent / (path.name + "-wal")).stat().st_size


def test_the_outbox_write_ahead_log_stays_small_under_many_writes(tmp_path: Path) -> None:
    """Written on every poll under churn, the log grew to 3.7 MB in a 30-minute soak (and a
    WAL file never shrinks by itself): checkpoints every 1 MB and a size limit keep it at
    about 1 MB. 600 once-keys of 1 kB each: about 2,400 pages written."""
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path)
    for n in range(600):
        box.once(f"{n:04d}" + "k" * 1000)
    assert _wal(path) <= 1.1 * (1 << 20)


def test_the_incident_stores_write_ahead_log_stays_small_under_many_writes(tmp_path: Path) -> None:
    path = tmp_path / "respond.sqlite3"
    store = IncidentStore(path)
    start = datetime(2026, 12, 7, tzinfo=UTC)
    for n in range(1500):  # a poll's changed incident, with 40 members
        store.save([IncidentRecord(f"i{n % 50}", "t", (("alertname", f"A{n}"),), start,
                                   frozenset(f"{n:06d}{k:04d}" for k in range(40)))])
    assert _wal(path) <= 1.1 * (1 << 20)


def test_the_incident_store_forgets_old_resolved_incidents_while_it_runs(tmp_path: Path) -> None:
    """Not only at start: a dashboard or watch running for weeks deletes them hourly."""
    path = tmp_path / "respond.sqlite3"
    now = [datetime(2026, 12, 7, tzinfo=UTC).timestamp()]
    store = IncidentStore(path, clock=lambda: now[0])
    t0 = datetime.fromtimestamp(now[0], UTC)
    old = IncidentRecord("old", "t", (("alertname", "A"),), t0 - timedelta(days=9), frozenset({"f1"}),
                         resolved_at=t0 - timedelta(days=8))
    recent = IncidentRecord("recent", "t", (("alertname", "B"),), t0 - timedelta(days=2), frozenset({"f2"}),
                            resolved_at=t0 - timedelta(days=1))
    store.save([old, recent])

    def ids() -> set[str]:
        with sqlite3.connect(path) as db:
            return {r[0] for r in db.execute("SELECT id FROM incidents")}

    assert ids() == {"old", "recent"}  # within the hour: not yet
    now[0] += 3601
    store.save([IncidentRecord("open", "t", (("alertname", "C"),), t0, frozenset({"f3"}))])
    assert ids() == {"recent", "open"}


def _sqlite_memory_used() -> Callable[[], int]:
    """SQLite's own count of the bytes it holds in this process (page caches above all)."""
    name = ctypes.util.find_library("sqlite3")
    if name is None:
        pytest.skip("no libsqlite3 to ask")
    lib = ctypes.CDLL(name)
    lib.sqlite3_memory_used.restype = ctypes.c_int64
    return lambda: int(lib.sqlite3_memory_used())


def test_a_stores_page_cache_stays_small_under_many_writes(tmp_path: Path) -> None:
    """Written on every poll, a store touches new pages all the time, and SQLite keeps each in
    its page cache up to the cache's limit: 2 MB by default, reached in a soak's first half
    hour, so RSS grew with it. Each connection's cache is capped (CACHE_KIB); 4,000 incidents
    (a file of ~3.5 MB) then leave it well under 1 MB."""
    used = _sqlite_memory_used()
    gc.collect()
    before = used()
    store = IncidentStore(tmp_path / "respond.sqlite3")
    if used() <= before:
        pytest.skip("the sqlite3 module does not use the system's libsqlite3 (its counters are not these)")
    start = datetime(2026, 12, 7, tzinfo=UTC)
    for n in range(4000):
        store.save([IncidentRecord(f"i{n}", "t", (("alertname", f"A{n}"),), start,
                                   frozenset(f"{n:06d}{k:04d}" for k in range(40)))])
    assert len(store.load(start)) == 4000  # every page read once more
    grown = used() - before
    store.close()
    assert grown < (1 << 20), f"SQLite holds {grown / 1e6:.1f} MB for one store"
