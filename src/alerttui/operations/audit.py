"""Append-only audit log: one JSON line per attempted action, fsynced, never a secret.

A crash mid-write can at worst leave a torn last line; ``read`` skips it, so every earlier
record stays readable, and the next append starts on a fresh line.
"""

from __future__ import annotations

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


def default_audit_path() -> Path:
    return state_dir() / "audit.jsonl"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


class AuditLog:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_audit_path()
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
            "parameters": parameters or {},
            "result": result,
            "error": error,
            "silence_id": silence_id,
        }
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size > 0 and not self._ends_with_newline():
                line = "\n" + line  # a torn last line from a crash: start ours on a fresh line
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        return record

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as f:
            f.seek(-1, os.SEEK_END)
            return f.read(1) == b"\n"

    def records(self) -> Iterator[dict[str, Any]]:
        if not self.path.exists():
            return
        with self.path.open("rb") as f:
            for raw in f:
                try:
                    record = json.loads(raw)
                except ValueError:
                    continue  # a torn line from a crash mid-write
                if isinstance(record, dict):
                    yield record

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
