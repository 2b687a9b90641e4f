"""The durable outbox: every Slack write is stored (SQLite, WAL, synchronous=FULL) before it
is sent and marked sent only once Slack accepted it, so nothing is lost when Slack or the
network is down or alerttui is killed. Threads (channel + ts of each forwarded alert) live
here too, so replies and root updates follow the alert across restarts.

No secret is stored: a webhook item names its route; the URL is looked up at send time.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alerttui import database
from alerttui.forwarding import claims
from alerttui.paths import state_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    tenant TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    route TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,              -- post | reply | update | upload | webhook
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',   -- pending | sent | failed
    last_error TEXT,
    sent_at REAL,
    operator TEXT NOT NULL DEFAULT '',
    claimed_until REAL               -- a sender's lease: another process keeps off until then
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (status, next_at);
CREATE TABLE IF NOT EXISTS threads (
    tenant TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    channel TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    ts TEXT NOT NULL,
    route TEXT NOT NULL,
    status TEXT NOT NULL,            -- firing | acknowledged | silenced | resolved
    forwarded_at REAL NOT NULL,
    alert TEXT NOT NULL,             -- the alert as forwarded (JSON), to re-render the root
    PRIMARY KEY (tenant, fingerprint, channel)
);
-- An escalation cycle of an incident: from when it needed someone until it was acknowledged,
-- silenced or resolved. Its steps are outbox items with dedup_key "escalation:<id>:<start>:<n>".
CREATE TABLE IF NOT EXISTS escalation_cycles (
    incident TEXT NOT NULL,
    started_at REAL NOT NULL,
    stopped_at REAL,
    reason TEXT,
    PRIMARY KEY (incident, started_at)
);
-- This outbox's own facts: its uid (each message sent carries "<uid>:<item id>" in its
-- Slack metadata, so that a message whose send was cut short can be found in Slack).
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Things done once only, however often they are asked for (a redelivered Slack envelope,
-- a click seen twice, a notice): the key and when it was first seen.
CREATE TABLE IF NOT EXISTS once (
    key TEXT PRIMARY KEY,
    at REAL NOT NULL
);
"""


def default_outbox_path() -> Path:
    return state_dir() / "outbox.sqlite3"


@dataclass(frozen=True)
class Item:
    id: int
    created_at: float
    tenant: str
    fingerprint: str
    route: str
    channel: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    next_at: float
    status: str
    last_error: str | None
    operator: str


@dataclass(frozen=True)
class Claim:
    """An item taken for sending: its key in Slack's metadata, and since when an earlier
    send of it is in doubt (None: no earlier send may have reached Slack)."""

    item_id: int
    key: str
    in_doubt_since: float | None


@dataclass(frozen=True)
class Thread:
    tenant: str
    fingerprint: str
    channel: str
    channel_id: str
    ts: str
    route: str
    status: str
    forwarded_at: float
    alert: dict[str, Any]


class Outbox:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_outbox_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = database.connect(self.path, synchronous="FULL")
        self._db.row_factory = sqlite3.Row
        self._db.executescript(SCHEMA)
        columns = {r["name"] for r in self._db.execute("PRAGMA table_info(outbox)")}
        if "claimed_until" not in columns:  # an outbox written before leases existed
            self._db.execute("ALTER TABLE outbox ADD COLUMN claimed_until REAL")
        if "dedup_key" not in columns:  # an outbox written before escalation
            self._db.execute("ALTER TABLE outbox ADD COLUMN dedup_key TEXT")
        if "claimed_by" not in columns:  # an outbox written before sends could be in doubt
            # claimed_by: the sender holding the lease (forwarding.claims); in_doubt_since:
            # a send whose outcome is unknown started then (the sender died or timed out).
            self._db.execute("ALTER TABLE outbox ADD COLUMN claimed_by TEXT")
            self._db.execute("ALTER TABLE outbox ADD COLUMN in_doubt_since REAL")
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('uid', ?)", (secrets.token_hex(8),))
        self.uid = str(self._db.execute("SELECT value FROM meta WHERE key = 'uid'").fetchone()[0])
        # The exactly-once rule for what must go out once whoever asks (two processes, a
        # restart between recording and sending): a second item with the same key is refused.
        self._db.execute("CREATE UNIQUE INDEX IF NOT EXISTS outbox_dedup ON outbox (dedup_key)"
                         " WHERE dedup_key IS NOT NULL")
        with suppress(OSError):
            self.path.chmod(0o600)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- the queue ------------------------------------------------------------------------------

    def enqueue(self, *, tenant: str, fingerprint: str, route: str, channel: str, kind: str,
                payload: dict[str, Any], operator: str = "", now: float | None = None,
                dedup_key: str | None = None) -> int:
        """Store an item to send; its id. With ``dedup_key``: 0 if an item with that key
        was ever enqueued (by this process or another), and nothing is stored."""
        now = time.time() if now is None else now
        with self._tx() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO outbox (created_at, tenant, fingerprint, route, channel, kind, payload, next_at,"
                " operator, dedup_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (now, tenant, fingerprint, route, channel, kind, json.dumps(payload), now, operator, dedup_key))
            return int(cur.lastrowid or 0) if cur.rowcount == 1 else 0

    def dedup_keys(self, prefix: str) -> set[str]:
        """The dedup keys enqueued that start with ``prefix``."""
        rows = self._db.execute("SELECT dedup_key FROM outbox WHERE dedup_key >= ? AND dedup_key < ?",
                                (prefix, prefix + "\U0010ffff")).fetchall()
        return {r[0] for r in rows}

    # -- escalation cycles and once-only keys ------------------------------------------------------

    def open_cycle(self, incident: str) -> tuple[float, float | None] | None:
        """The incident's latest escalation cycle: (started_at, stopped_at), or None."""
        row = self._db.execute("SELECT started_at, stopped_at FROM escalation_cycles WHERE incident = ?"
                               " ORDER BY started_at DESC LIMIT 1", (incident,)).fetchone()
        return (float(row[0]), None if row[1] is None else float(row[1])) if row else None

    def start_cycle(self, incident: str, started_at: float) -> float:
        """Start a cycle unless one is running (another process may have): its start."""
        with self._tx() as db:
            row = db.execute("SELECT started_at FROM escalation_cycles WHERE incident = ? AND stopped_at IS NULL",
                             (incident,)).fetchone()
            if row is not None:
                return float(row[0])
            db.execute("INSERT OR IGNORE INTO escalation_cycles (incident, started_at) VALUES (?, ?)",
                       (incident, started_at))
            return started_at

    def stop_cycle(self, incident: str, now: float, reason: str) -> float | None:
        """Stop the running cycle; its start, or None if none was running."""
        with self._tx() as db:
            row = db.execute("SELECT started_at FROM escalation_cycles WHERE incident = ? AND stopped_at IS NULL",
                             (incident,)).fetchone()
            if row is None:
                return None
            db.execute("UPDATE escalation_cycles SET stopped_at = ?, reason = ? WHERE incident = ? AND started_at = ?",
                       (now, reason, incident, row[0]))
            return float(row[0])

    def once(self, key: str, now: float | None = None) -> bool:
        """True the first time ``key`` is asked for, in any process; False ever after."""
        with self._tx() as db:
            cur = db.execute("INSERT OR IGNORE INTO once (key, at) VALUES (?, ?)",
                             (key, time.time() if now is None else now))
            return cur.rowcount == 1

    def prune(self, older_than: float) -> int:
        """Forget once-only keys, stopped cycles and sent messages older than ``older_than``
        (epoch s): a sent message's text (alert data) is not kept for ever, and the file does
        not grow without end. Pending and failed messages, the threads and every message with
        a dedup key (an escalation step: its key is what keeps it from being sent twice, for
        as long as its incident lasts) are kept. Returns the number of sent messages deleted."""
        with self._tx() as db:
            db.execute("DELETE FROM once WHERE at < ?", (older_than,))
            db.execute("DELETE FROM escalation_cycles WHERE stopped_at IS NOT NULL AND stopped_at < ?", (older_than,))
            cur = db.execute("DELETE FROM outbox WHERE status = 'sent' AND sent_at < ? AND dedup_key IS NULL", (older_than,))
            return cur.rowcount

    def _gone_senders(self, now: float) -> list[str]:
        """The senders holding live leases that are known to have ended (killed, crashed)."""
        owners = self._db.execute("SELECT DISTINCT claimed_by FROM outbox WHERE status = 'pending'"
                                  " AND claimed_until > ? AND claimed_by IS NOT NULL", (now,)).fetchall()
        return [r[0] for r in owners if claims.gone(r[0])]

    def due(self, now: float | None = None, limit: int = 100) -> list[Item]:
        """The oldest ``limit`` due items of each channel, so a backlog in one channel never
        hides another channel's items from the worker. Items another sender holds are not
        due, unless that sender has ended."""
        now = time.time() if now is None else now
        gone = self._gone_senders(now)
        rows = self._db.execute(
            "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY channel ORDER BY id) AS rn FROM outbox"
            " WHERE status = 'pending' AND next_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?"
            " OR claimed_by IN (SELECT value FROM json_each(?)))) WHERE rn <= ? ORDER BY id",
            (now, now, json.dumps(gone), limit)).fetchall()
        return [_item(r) for r in rows]

    def claim(self, item_id: int, now: float, lease: float) -> Claim | None:
        """Take the item for sending, unless another living sender holds it (the dashboard
        and ``alerttui outbox --send`` may drain the same outbox at once). A sender that dies
        mid-send loses its claim when the lease ends or, on this host, as soon as another
        sender sees it gone. None when not taken."""
        with self._tx() as db:
            row = db.execute("SELECT claimed_until, claimed_by, in_doubt_since FROM outbox"
                             " WHERE id = ? AND status = 'pending'", (item_id,)).fetchone()
            if row is None:
                return None
            until, owner, doubt = row
            if until is not None and until > now and not claims.gone(owner):
                return None
            db.execute("UPDATE outbox SET claimed_until = ?, claimed_by = ? WHERE id = ?",
                       (now + lease, claims.me(), item_id))
            return Claim(item_id, f"{self.uid}:{item_id}", None if doubt is None else float(doubt))

    def mark_attempt(self, item_id: int, now: float) -> None:
        """A send of the item is about to start: until it is known to have failed or
        succeeded, the item is in doubt (the next sender looks for it in Slack first)."""
        with self._tx() as db:
            db.execute("UPDATE outbox SET in_doubt_since = COALESCE(in_doubt_since, ?) WHERE id = ?", (now, item_id))

    def counts(self) -> tuple[int, int]:
        """(pending, failed), on a connection of its own: callable from a worker thread."""
        db = sqlite3.connect(self.path, timeout=5.0)
        try:
            rows = dict(db.execute("SELECT status, COUNT(*) FROM outbox WHERE status IN ('pending', 'failed')"
                                   " GROUP BY status").fetchall())
        finally:
            db.close()
        return int(rows.get("pending", 0)), int(rows.get("failed", 0))

    def pending(self) -> list[Item]:
        rows = self._db.execute("SELECT * FROM outbox WHERE status IN ('pending', 'failed') ORDER BY id").fetchall()
        return [_item(r) for r in rows]

    def items(self, status: str | None = None) -> list[Item]:
        if status:
            rows = self._db.execute("SELECT * FROM outbox WHERE status = ? ORDER BY id", (status,)).fetchall()
        else:
            rows = self._db.execute("SELECT * FROM outbox ORDER BY id").fetchall()
        return [_item(r) for r in rows]

    def last_id(self) -> int:
        """The newest item's id (0 if none): ``items_after`` it finds what is enqueued next."""
        row = self._db.execute("SELECT MAX(id) FROM outbox").fetchone()
        return int(row[0] or 0)

    def items_after(self, item_id: int, fingerprint: str | None = None) -> list[Item]:
        """Items newer than ``item_id`` (of one alert, with ``fingerprint``), oldest first."""
        sql, args = "SELECT * FROM outbox WHERE id > ?", [item_id]
        if fingerprint is not None:
            sql, args = sql + " AND fingerprint = ?", [*args, fingerprint]
        return [_item(r) for r in self._db.execute(sql + " ORDER BY id", args).fetchall()]

    def next_due(self, after: float | None = None) -> float | None:
        """When the next pending item is due (only those due after ``after``, if given)."""
        sql, args = "SELECT MIN(next_at) FROM outbox WHERE status = 'pending'", ()
        if after is not None:
            sql, args = sql + " AND next_at > ?", (after,)
        row = self._db.execute(sql, args).fetchone()
        return float(row[0]) if row and row[0] is not None else None

    def superseded(self, item_id: int, tenant: str, fingerprint: str, channel: str, kind: str) -> bool:
        """Whether a later item of this kind for the same alert and channel exists (not failed)."""
        row = self._db.execute(
            "SELECT 1 FROM outbox WHERE tenant = ? AND fingerprint = ? AND channel = ? AND kind = ? AND id > ?"
            " AND status != 'failed' LIMIT 1", (tenant, fingerprint, channel, kind, item_id)).fetchone()
        return row is not None

    def mark_sent(self, item_id: int, now: float | None = None) -> None:
        with self._tx() as db:
            db.execute("UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, claimed_until = NULL,"
                       " claimed_by = NULL, in_doubt_since = NULL WHERE id = ?",
                       (time.time() if now is None else now, item_id))

    def mark_retry(self, item_id: int, error: str, next_at: float, give_up: bool, in_doubt: bool = False) -> None:
        """The send failed; ``in_doubt``: it may have reached Slack all the same (no answer)."""
        with self._tx() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_at = ?, status = ?,"
                       " claimed_until = NULL, claimed_by = NULL,"
                       " in_doubt_since = CASE WHEN ? THEN in_doubt_since END WHERE id = ?",
                       (error[:500], next_at, "failed" if give_up else "pending", in_doubt, item_id))

    def defer(self, item_id: int, next_at: float) -> None:
        """Not an attempt (e.g. its thread's root is not sent yet): just later."""
        with self._tx() as db:
            db.execute("UPDATE outbox SET next_at = ?, claimed_until = NULL, claimed_by = NULL WHERE id = ?",
                       (next_at, item_id))

    def hurry(self, now: float) -> None:
        """Every pending item due ``now``, its backoff skipped; claims are left alone (an item
        another sender is sending stays its)."""
        with self._tx() as db:
            db.execute("UPDATE outbox SET next_at = ? WHERE status = 'pending' AND next_at > ?", (now, now))

    def retry_failed(self) -> int:
        with self._tx() as db:
            cur = db.execute("UPDATE outbox SET status = 'pending', next_at = ?, attempts = 0 WHERE status = 'failed'",
                             (time.time(),))
            return cur.rowcount

    def last_forward(self, tenant: str, fingerprint: str, channel: str) -> float | None:
        row = self._db.execute(
            "SELECT MAX(created_at) FROM outbox WHERE tenant = ? AND fingerprint = ? AND channel = ? "
            "AND kind IN ('post', 'webhook')", (tenant, fingerprint, channel)).fetchone()
        return float(row[0]) if row and row[0] is not None else None

    # -- threads -------------------------------------------------------------------------------

    def save_thread(self, t: Thread) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO threads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (t.tenant, t.fingerprint, t.channel, t.channel_id, t.ts, t.route, t.status, t.forwarded_at,
                        json.dumps(t.alert)))

    def threads(self, tenant: str | None = None, fingerprint: str | None = None,
                open_only: bool = False) -> list[Thread]:
        sql, args = "SELECT * FROM threads WHERE 1=1", []
        if tenant:
            sql += " AND tenant = ?"
            args.append(tenant)
        if fingerprint:
            sql += " AND fingerprint = ?"
            args.append(fingerprint)
        if open_only:
            sql += " AND status != 'resolved'"
        return [Thread(r["tenant"], r["fingerprint"], r["channel"], r["channel_id"], r["ts"], r["route"], r["status"],
                       r["forwarded_at"], json.loads(r["alert"])) for r in self._db.execute(sql, args).fetchall()]

    def channel_id(self, channel: str) -> str:
        """Slack's id for ``channel`` (a name or an id), as a post there answered; else as is."""
        row = self._db.execute("SELECT channel_id FROM threads WHERE channel = ? LIMIT 1", (channel,)).fetchone()
        return str(row[0]) if row else channel

    def set_thread_status(self, tenant: str, fingerprint: str, channel: str, status: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE threads SET status = ? WHERE tenant = ? AND fingerprint = ? AND channel = ?",
                       (status, tenant, fingerprint, channel))


def _item(r: sqlite3.Row) -> Item:
    return Item(r["id"], r["created_at"], r["tenant"], r["fingerprint"], r["route"], r["channel"], r["kind"],
                json.loads(r["payload"]), r["attempts"], r["next_at"], r["status"], r["last_error"], r["operator"])
