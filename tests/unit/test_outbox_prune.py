"""The outbox forgets sent messages after a while (their text is alert data, and the file
must not grow without end), but never a pending or failed one, a thread, or an escalation
step's dedup key (which keeps the step from being sent twice while its incident lasts)."""

from __future__ import annotations

import time

from alerttui.forwarding.outbox import Outbox


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
