"""SQLite files of the state directory (the outbox, the incidents): opened the same way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# A checkpoint every 256 pages (1 MB at 4 kB) instead of SQLite's 1000, and the write-ahead
# log cut back to 1 MB after one: written on every poll under churn, it would otherwise stay
# at its largest size (4 MB and more) for the life of the file.
WAL_PAGES = 256
WAL_BYTES = 1 << 20
# Each connection's page cache at most 512 KiB (SQLite's default is 2 MB): a store written on
# every poll touches new pages all the time, and its cache would grow to the limit over the
# first hour of a dashboard's life. The hot pages (the trees' upper levels, the newest rows)
# fit; anything else is one read away in the kernel's file cache.
CACHE_KIB = 512


def connect(path: Path, synchronous: str, timeout: float = 5.0) -> sqlite3.Connection:
    """``path`` in WAL mode, autocommit (callers open their own transactions), usable from a
    worker thread, with ``synchronous`` (FULL where a lost write loses a message)."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=timeout)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={synchronous}")
    db.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES}")
    db.execute(f"PRAGMA journal_size_limit={WAL_BYTES}")
    db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    return db
