"""Append-only audit log: one JSON line per attempted action, fsynced, never a secret.

A crash mid-write can at worst leave a torn last line; ``read`` skips it, so every earlier
record stays readable, and the next append starts on a fresh line.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alerttui.domain.serialize import from_iso, to_iso
from alerttui.paths import state_dir
from alerttui.privacy import NONE as NO_REDACTION
from alerttui.privacy import Redactor


def default_audit_path() -> Path:
    return state_dir() / "audit.jsonl"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


class AuditLog:
    def __init__(self, path: Path | None = None, redactor: Redactor = NO_REDACTION) -> None:
        self.path = path or default_audit_path()
        self.redactor = redactor  # [privacy] redact: the record's copies of alert data masked
        self.torn: list[int] = []  # line numbers the last records() could not read
        self.os_user = _os_user()
        self.host = socket.gethostname()

    def append(self, *, operator: str, tenant: str, action: str, target: str, result: str,
               parameters: dict[str, Any] | None = None, error: str | None = None,
               silence_id: str | None = None, now: datetime | None = None) -> dict[str, Any]:
        record = {
            "time": to_iso((now or datetime.now(UTC)).astimezone(UTC)),
            "operator": operator,
            "os_user": self.os_user,
            "host": self.host,
            "tenant": tenant,
            "action": action,
            "target": target,
            "parameters": self.redactor.data(parameters or {}),
            "result": result,
            "error": self.redactor.text(error) if error else error,
            "silence_id": silence_id,
        }
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = self._open_locked()
        try:
            if os.fstat(fd).st_size > 0 and not self._ends_with_newline():
                line = "\n" + line  # a torn last line from a crash: start ours on a fresh line
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)  # and the lock with it
        return record

    def _open_locked(self) -> int:
        """The log open for appending, locked against a prune: if a prune replaced the file
        while this waited for the lock, the new file is opened instead (else the record would
        go to the old one, unlinked)."""
        while True:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                if os.fstat(fd).st_ino == os.stat(self.path).st_ino:
                    return fd
            except FileNotFoundError:
                pass
            os.close(fd)

    def prune(self, older_than: datetime) -> tuple[int, int]:
        """Keep only the records from ``older_than`` on (and those whose time cannot be read:
        deleting what one cannot date is not this command's call); torn lines go. The file is
        rewritten beside itself and renamed over, under the appenders' lock, so a record is
        never lost. Returns (kept, removed)."""
        if not self.path.exists():
            return 0, 0
        fd = self._open_locked()
        try:
            kept: list[bytes] = []
            removed = 0
            with self.path.open("rb") as f:
                for raw in f:
                    try:
                        record = json.loads(raw)
                        when = from_iso(record.get("time")) if isinstance(record, dict) else None
                    except ValueError:
                        removed += 1  # a torn line: no record to keep
                        continue
                    if when is not None and when < older_than:
                        removed += 1
                        continue
                    kept.append(raw if raw.endswith(b"\n") else raw + b"\n")
            tmp = self.path.with_name(f".{self.path.name}.prune")
            with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
                out.writelines(kept)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
            return len(kept), removed
        finally:
            os.close(fd)

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as f:
            f.seek(-1, os.SEEK_END)
            return f.read(1) == b"\n"

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record, in order. A line that is not a record (torn by a crash mid-write,
        kill -9 or a full disk) is skipped and its number kept in ``torn`` for the reader
        to report; every other line stays readable."""
        self.torn: list[int] = []
        if not self.path.exists():
            return
        with self.path.open("rb") as f:
            for number, raw in enumerate(f, 1):
                try:
                    record = json.loads(raw)
                except ValueError:
                    if raw.strip():
                        self.torn.append(number)
                    continue
                if isinstance(record, dict):
                    yield record
                else:
                    self.torn.append(number)

    def read(self, tenant: str | None = None, since: datetime | None = None,
             target: str | None = None) -> list[dict[str, Any]]:
        out = []
        for r in self.records():
            if tenant and r.get("tenant") != tenant:
                continue
            if target and target not in (r.get("target"), r.get("silence_id")):
                continue
            if since is not None:
                try:
                    when = from_iso(r.get("time"))
                except ValueError:
                    continue
                if when is None or when < since:
                    continue
            out.append(r)
        return out
