"""Recording files: a header, then each tenant's snapshots as they arrived, one JSON line
each, gzip-compressed and flushed after every line (a recorder killed mid-way leaves every
frame before the last readable; the torn end is reported and skipped).

The header names the tenants, their display names, languages and panels (what a replay needs
to lay the dashboard out); never a URL's credentials, a token or anything from the config's
secrets: a recording is meant to be handed to the post-mortem."""

from __future__ import annotations

import gzip
import json
import os
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from alerttui.domain import Snapshot
from alerttui.domain.recording import RecordingError, encode, snapshot_from
from alerttui.privacy import NONE as NO_REDACTION
from alerttui.privacy import Redactor

FORMAT = "alerttui-recording"
VERSION = 1


class RecordingFull(Exception):
    """The file reached its size bound: the recording stops there (what is in it is kept)."""


class Recorder:
    def __init__(self, path: Path, header: dict[str, Any], max_bytes: int, redactor: Redactor = NO_REDACTION) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.redactor = redactor  # [privacy] redact: a recording is a file that gets shared
        self.frames = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._raw: BinaryIO = open(path, "xb")  # noqa: SIM115 - closed in close(); never overwrite a recording
        os.chmod(path, 0o600)  # alert data: the operator's, not the machine's
        self._gz = gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0)
        self._line({"format": FORMAT, "version": VERSION, **header})

    @property
    def size(self) -> int:
        return self._raw.tell()

    def _line(self, data: dict[str, Any]) -> None:
        self._gz.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
        self._gz.flush()  # Z_SYNC_FLUSH: everything so far can be decompressed
        self._raw.flush()

    def add(self, snapshot: Snapshot, at: datetime) -> None:
        if self.size >= self.max_bytes:
            raise RecordingFull(self.path)
        self._line({"at": at.isoformat(), "snapshot": encode(self.redactor.snapshot(snapshot))})
        self.frames += 1

    def close(self) -> None:
        self._gz.close()
        self._raw.close()


@dataclass(frozen=True)
class Frame:
    at: datetime
    snapshot: Snapshot


@dataclass(frozen=True)
class Recording:
    header: dict[str, Any]
    frames: tuple[Frame, ...]
    problem: str | None = None  # a torn or unreadable end, reported and skipped


def read_recording(path: Path, max_frames: int = 1_000_000) -> Recording:
    """Every readable frame; raises RecordingError if the file is not a recording at all."""
    frames: list[Frame] = []
    problem: str | None = None
    header: dict[str, Any] | None = None
    try:
        with gzip.open(path, "rb") as f:
            try:
                for n, raw in enumerate(f):
                    if not raw.endswith(b"\n"):
                        problem = f"line {n + 1}: torn (the recorder stopped mid-write); skipped"
                        break
                    try:
                        data = json.loads(raw)
                        if header is None:
                            if not isinstance(data, dict) or data.get("format") != FORMAT:
                                raise RecordingError("not an alerttui recording")
                            if data.get("version") != VERSION:
                                raise RecordingError(f"recording version {data.get('version')!r}: this alerttui "
                                                     f"reads version {VERSION}")
                            header = data
                            continue
                        frames.append(Frame(datetime.fromisoformat(data["at"]), snapshot_from(data["snapshot"])))
                    except (ValueError, KeyError, TypeError) as exc:
                        if header is None:
                            raise RecordingError(str(exc)) from None
                        problem = f"line {n + 1}: unreadable ({exc}); skipped, and what follows"
                        break
                    if len(frames) >= max_frames:
                        problem = f"more than {max_frames} frames: the rest is not read"
                        break
            except (EOFError, zlib.error) as exc:
                problem = f"the file ends early ({exc}): the frames before are kept"
    except gzip.BadGzipFile:
        raise RecordingError("not an alerttui recording (not gzip)") from None
    if header is None:
        raise RecordingError("not an alerttui recording (empty)")
    return Recording(header, tuple(frames), problem)
