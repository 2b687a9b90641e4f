"""``alerttui record`` against the real stack, then ``alerttui replay`` on what it wrote: the
recording holds the snapshots as they arrived (alerts posted mid-way appear from a frame on),
it is bounded in size, a torn end is reported and skipped, and the replay shows exactly each
recorded frame, steps with [ ] { }, and cannot write anything."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alerttui.recordings import read_recording
from alerttui.replay import ReplayApp, replay_settings
from alerttui.widgets.alert_table import AlertTable
from alerttui.widgets.timeline import Timeline
from tests.conftest import make_alert, post_alerts, stack_config

pytestmark = pytest.mark.stack


def frames_in(path: Path) -> int:
    try:
        return len(read_recording(path).frames)
    except Exception:
        return 0


def start_recorder(config: Path, out: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    env.pop("ALERTTUI_CONFIG", None)
    return subprocess.Popen([sys.executable, "-m", "alerttui", "record", "--config", str(config), "--output",
                             str(out), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def wait(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.fixture(scope="module")
def recorded(stack, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A recording of two tenants: A fires from the start, B is posted after a few frames."""
    tmp = tmp_path_factory.mktemp("rec")
    first, second = "rec1" + os.urandom(3).hex(), "rec2" + os.urandom(3).hex()
    am = stack.alertmanager_urls[0]
    post_alerts(am, [make_alert("RecordedA", first, "critical", annotations={"summary": "[red]not markup[/red]"})])
    config = tmp / "config.toml"
    config.write_text(stack_config(stack, [{"id": "one", "test_id": first}, {"id": "two", "test_id": second}])
                      + f'[audit]\npath = "{tmp / "audit.jsonl"}"\n')
    out = tmp / "incident.rec.gz"
    proc = start_recorder(config, out)
    try:
        wait(lambda: frames_in(out) >= 4)
        post_alerts(am, [make_alert("RecordedB", second, "warning")])
        wait(lambda: any(f.snapshot.alerts for f in read_recording(out).frames if f.snapshot.tenant == "two"))
        wait(lambda: frames_in(out) >= 12)
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "snapshots recorded" in err
    return out, config, tmp


def test_the_recording_holds_the_snapshots_as_they_arrived(recorded) -> None:  # type: ignore[no-untyped-def]
    out, _config, tmp = recorded
    rec = read_recording(out)
    assert rec.problem is None and len(rec.frames) >= 12
    assert [t["id"] for t in rec.header["tenants"]] == ["one", "two"]
    times = [f.at for f in rec.frames]
    assert times == sorted(times)
    two = [bool(f.snapshot.alerts) for f in rec.frames if f.snapshot.tenant == "two"]
    assert not two[0] and two[-1] and two == sorted(two)  # B appears from one frame on, and stays
    names = {a.alertname for f in rec.frames for a in f.snapshot.alerts.values()}
    assert names == {"RecordedA", "RecordedB"}
    raw = gzip.decompress(out.read_bytes())
    assert len(out.read_bytes()) < len(raw) / 3  # compressed
    assert not (tmp / "audit.jsonl").exists()  # the recorder writes nothing else
    # A second recorder never overwrites a recording.
    again = subprocess.run([sys.executable, "-m", "alerttui", "record", "--config", str(_config), "--output",
                            str(out)], capture_output=True, text=True, timeout=30)
    assert again.returncode == 2 and "never overwritten" in again.stderr


def test_bounded_size_and_a_torn_end(recorded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out, config, _tmp = recorded
    small = tmp_path / "small.rec.gz"
    proc = start_recorder(config, small, "--max-size", "2KB", "--duration", "60s")
    _o, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "--max-size" in err, err
    assert small.stat().st_size < 2048 + 64 * 1024  # the bound, plus at most one frame
    # A recorder killed mid-write: the frames before the tear are kept, the tear is reported.
    data = out.read_bytes()
    torn = tmp_path / "torn.rec.gz"
    torn.write_bytes(data[: len(data) * 2 // 3])
    rec = read_recording(torn)
    assert 0 < len(rec.frames) < len(read_recording(out).frames) and rec.problem
    garbage = tmp_path / "garbage.rec.gz"
    garbage.write_bytes(b"not a recording")
    bad = subprocess.run([sys.executable, "-m", "alerttui", "replay", str(garbage)], capture_output=True, text=True,
                         timeout=30, env={**os.environ, "LC_ALL": "C"})
    assert bad.returncode == 2 and "not an alerttui recording" in bad.stderr and "Traceback" not in bad.stderr


async def test_replay_shows_exactly_what_was_recorded_and_writes_nothing(recorded, tmp_path,
                                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out, _config, _tmp = recorded
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    rec = read_recording(out)
    app = ReplayApp(rec, replay_settings(rec, "en"))
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.dashboard.query_one(AlertTable)

        async def check(position: int) -> None:
            await pilot.pause()
            await pilot.pause(0.05)
            assert app.position == position
            want = {a.key: a for s in app.view_at(position).values() for a in s.alerts.values()}
            assert {a.key: a for a in table.alerts.values()} == want  # the very alerts recorded
            timeline = app.dashboard.query_one(Timeline)
            assert f"frame {position + 1}/{len(rec.frames)}" in timeline.plain
            assert app.clock() == rec.frames[position].at

        await check(0)
        await pilot.press("right_square_bracket")
        await check(1)
        await pilot.press("right_curly_bracket")
        await check(11)
        await pilot.press("left_square_bracket")
        await check(10)
        for _n in range(len(rec.frames) // 10 + 1):
            await pilot.press("right_curly_bracket")
        await check(len(rec.frames) - 1)  # the last, not beyond
        assert {a.alertname for a in table.alerts.values()} == {"RecordedA", "RecordedB"}
        for _n in range(len(rec.frames) // 10 + 1):
            await pilot.press("left_curly_bracket")
        await check(0)
        assert "RecordedB" not in {a.alertname for a in table.alerts.values()}
        # Read-only: no silence, ack or forward is offered or done.
        for key in ("s", "a", "f"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is app.dashboard
        assert not app.may("silence", "one") and not app.may("ack", None)
        await pilot.press("q")
    assert not (tmp_path / "state").exists()
