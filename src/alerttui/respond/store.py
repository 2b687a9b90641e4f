"""The incidents' memory (``respond.sqlite3`` in the state directory): each incident's id,
key, start, member fingerprints and resolution, so a restart or a second process finds the
same incident with the same id. Written only when membership changes or an incident
resolves, not on every poll."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from alerttui import database
from alerttui.domain.incidents import KEEP_RESOLVED, IncidentRecord

SCHEMA = """
CREATE TABLE IF NOT EXISTS incidents (
    id TEXT NOT NULL,
    tenant TEXT NOT NULL,
    key TEXT NOT NULL,              -- JSON [[label, value], ...]
    started_at REAL NOT NULL,
    fingerprints TEXT NOT NULL,     -- JSON list
    resolved_at REAL,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS incidents_open ON incidents (resolved_at);
"""
FORGET_AFTER = 7 * 86400.0  # resolved incidents older than this are deleted (at start, then hourly)
FORGET_EVERY = 3600.0


class IncidentStore:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        self._next_forget = 0.0
        path.parent.mkdir(parents=True, exist_ok=True)
        # synchronous NORMAL: losing the last save costs an id, not a page
        self._db = database.connect(path, synchronous="NORMAL", timeout=10.0)
        self._db.executescript(SCHEMA)
        with suppress(OSError):
            path.chmod(0o600)
        self._forget()

    def _forget(self) -> None:
        """Resolved incidents older than FORGET_AFTER go: at start, then at most hourly (a
        dashboard or watch running for weeks would otherwise keep them all on disk)."""
        now = self.clock()
        if now < self._next_forget:
            return
        self._next_forget = now + FORGET_EVERY
        self._db.execute("DELETE FROM incidents WHERE resolved_at IS NOT NULL AND resolved_at < ?",
                         (now - FORGET_AFTER,))

    def load(self, now: datetime | None = None) -> list[IncidentRecord]:
        """Open incidents, and those resolved recently enough to be shown."""
        since = (now or datetime.now(UTC)) - KEEP_RESOLVED
        rows = self._db.execute("SELECT id, tenant, key, started_at, fingerprints, resolved_at FROM incidents"
                                " WHERE resolved_at IS NULL OR resolved_at >= ?", (since.timestamp(),)).fetchall()
        return [IncidentRecord(r[0], r[1], tuple((k, v) for k, v in json.loads(r[2])),
                               datetime.fromtimestamp(r[3], UTC), frozenset(json.loads(r[4])),
                               None if r[5] is None else datetime.fromtimestamp(r[5], UTC)) for r in rows]

    def save(self, records: list[IncidentRecord]) -> None:
        if not records:
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(
                "INSERT OR REPLACE INTO incidents VALUES (?, ?, ?, ?, ?, ?)",
                [(r.id, r.tenant, json.dumps([list(p) for p in r.key]), r.started_at.timestamp(),
                  json.dumps(sorted(r.fingerprints)), None if r.resolved_at is None else r.resolved_at.timestamp())
                 for r in records])
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        self._forget()

    def close(self) -> None:
        self._db.close()
