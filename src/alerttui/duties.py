"""Who does the background duties (Slack threads, the outbox, ack extension) for one state
directory: exactly one process at a time, a ``watch`` before any dashboard.

Two advisory locks (``flock``) in the state directory, released by the kernel when their
process dies, even by ``kill -9``:

- ``watch.lock``: held by an ``alerttui watch`` for its whole life. A second watch cannot
  take it and refuses to start; a dashboard probes it to know a watch runs.
- ``duties.lock``: held by whoever does the duties now. A dashboard takes it only while no
  watch runs, and gives it up as soon as one does; the watch waits for it.

Each lock file holds a line saying who holds it (``watch pid 4242``), for messages.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class Lock:
    """One ``flock`` on ``path``: ``try_acquire`` never blocks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self, who: str) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{who}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.ftruncate(fd, 0)
            os.close(fd)  # closing the descriptor drops the flock

    def taken_by_other(self) -> bool:
        """Whether another holder has it now (a shared probe, released at once)."""
        if self._fd is not None:
            return False
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)  # also drops the probe's shared lock
        return False

    def holder(self) -> str:
        """Who wrote the lock file last (``watch pid 4242``), or ""."""
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""


class Duties:
    """The duty locks of one state directory, seen from one process (``role``: ``watch``
    or ``dashboard``)."""

    def __init__(self, state_dir: Path, role: str) -> None:
        self.role = role
        self.who = f"{role} pid {os.getpid()}"
        self.watch_lock = Lock(state_dir / "watch.lock")
        self.duty_lock = Lock(state_dir / "duties.lock")

    @property
    def mine(self) -> bool:
        return self.duty_lock.held

    def claim_watch(self) -> bool:
        """A watch's first step: False if another watch runs (on this state directory)."""
        return self.watch_lock.try_acquire(self.who)

    def reconcile(self) -> bool:
        """Take or give up the duties as the rules say; True while this process has them.
        A watch takes them as soon as they are free; a dashboard only while no watch runs."""
        if self.role != "watch" and self.watch_lock.taken_by_other():
            self.duty_lock.release()
            return False
        return self.duty_lock.try_acquire(self.who)

    def holder(self) -> str:
        """Who has the duties, when it is not this process ("watch pid 4242")."""
        return "" if self.mine else self.duty_lock.holder()

    def release(self) -> None:
        self.duty_lock.release()
        self.watch_lock.release()
