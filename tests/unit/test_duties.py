"""Who does the background duties: one watch per state directory, a watch before any
dashboard, a dashboard only while no watch runs. flock locks are per open file, so two
``Duties`` in one process contend as two processes would (the watch tests use processes)."""

from __future__ import annotations

import os
from pathlib import Path

from alerttui.duties import Duties


def test_a_second_watch_is_refused(tmp_path: Path) -> None:
    first, second = Duties(tmp_path, "watch"), Duties(tmp_path, "watch")
    assert first.claim_watch()
    assert not second.claim_watch()
    assert second.watch_lock.holder() == f"watch pid {os.getpid()}"
    first.release()
    assert second.claim_watch()  # free again once the first is gone
    second.release()


def test_the_first_dashboard_does_the_duties_until_a_watch_comes(tmp_path: Path) -> None:
    one, two = Duties(tmp_path, "dashboard"), Duties(tmp_path, "dashboard")
    assert one.reconcile() and one.mine
    assert not two.reconcile()  # one process at a time
    assert two.holder() == f"dashboard pid {os.getpid()}"

    watch = Duties(tmp_path, "watch")
    assert watch.claim_watch()
    assert not watch.reconcile()  # the dashboard still has them...
    assert not one.reconcile() and not one.mine  # ...and gives them up on its next check
    assert watch.reconcile() and watch.mine
    assert not two.reconcile()
    assert one.holder() == f"watch pid {os.getpid()}"

    watch.release()  # the watch stops: a dashboard takes over on its next check
    assert one.reconcile()
    assert one.holder() == ""
    one.release()
    two.release()


def test_a_dead_holder_frees_the_lock(tmp_path: Path) -> None:
    """The kernel drops a flock with its process (kill -9 too): a child takes the lock and dies."""
    pid = os.fork()
    if pid == 0:  # the child: take the watch lock and die without releasing it
        os._exit(0 if Duties(tmp_path, "watch").claim_watch() else 1)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0  # the child did hold it
    assert Duties(tmp_path, "watch").watch_lock.holder() == f"watch pid {pid}"  # and never released it
    assert Duties(tmp_path, "watch").claim_watch()
