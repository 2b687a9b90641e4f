"""Who holds an outbox item while sending it, and whether that sender still lives.

A sender's claim on an item is a lease (another process keeps off until it ends) signed with
the sender's identity: host, pid and the process's start time (so a reused pid is not taken
for the sender). A claim whose sender is gone from this host (killed with -9, crashed) is
taken over at once instead of when its lease ends: after a restart, the message that was in
flight goes out, or is found already in Slack, without waiting a minute."""

from __future__ import annotations

import os
import socket
from functools import cache


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or "" where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return ""
    # The name (field 2) is in parentheses and may hold spaces: count fields after its end.
    fields = stat[stat.rfind(b")") + 2:].split()
    return fields[19].decode() if len(fields) > 19 else ""


@cache
def _host() -> str:
    return socket.gethostname()


def me() -> str:
    """This process's identity, as written in its claims."""
    pid = os.getpid()
    return f"{_host()}/{pid}/{_start_time(pid)}"


def gone(owner: str | None) -> bool:
    """Whether the process that wrote ``owner`` is known to have ended: on this host, no
    process has its pid, or one with another start time does. False when it cannot tell
    (another host, no /proc), so that only the lease frees its claims."""
    if not owner:
        return False
    host, _, rest = owner.partition("/")
    pid_text, _, started = rest.partition("/")
    if host != _host() or not pid_text.isdigit() or not started:
        return False
    now = _start_time(int(pid_text))
    if not now:  # no such process, or its stat unreadable: gone only if /proc says so
        return not os.path.exists(f"/proc/{pid_text}")
    return now != started
