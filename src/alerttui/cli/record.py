"""``alerttui record`` and ``alerttui replay``: record the tenants' snapshots as they arrive
(for a post-mortem), and show a recording on a read-only dashboard."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK, EXIT_USAGE, UsageError
from alerttui.cli.parser import add_common
from alerttui.i18n import _, ngettext

if TYPE_CHECKING:
    from datetime import timedelta

    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings
    from alerttui.recordings import Recorder

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*$", re.IGNORECASE)
DEFAULT_MAX = "100MB"


def parse_size(text: str) -> int:
    m = _SIZE.match(text)
    if not m or float(m.group(1)) <= 0:
        raise UsageError(_("--max-size: expected a size like 50MB or 1GB, got {text!r}").format(text=text))
    return int(float(m.group(1)) * {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[m.group(2).upper()])


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("record", help=_("record the tenants' alerts, silences and panels as they arrive"),
                       description=_("Poll the tenants as the dashboard does and write every snapshot as it "
                                     "arrives to FILE (gzip-compressed, bounded in size), for a post-mortem: "
                                     "alerttui replay FILE shows it. Stops at Ctrl-C, SIGTERM, --duration or "
                                     "--max-size; what was recorded is kept. Writes nothing anywhere else."))
    add_common(p, sub=True)
    p.add_argument("--output", metavar="FILE", type=Path, required=True,
                   help=_("the recording to create (never overwritten)"))
    p.add_argument("--max-size", metavar=_("SIZE"), default=DEFAULT_MAX,
                   help=_("stop when the file reaches this size (default: {size})").format(size=DEFAULT_MAX))
    p.add_argument("--duration", metavar=_("DURATION"), help=_("stop after this long (default: until stopped)"))


def add_replay_parser(sub: Subparsers) -> None:
    p = sub.add_parser("replay", help=_("a read-only dashboard on a recording"),
                       description=_("The dashboard on a recording made with alerttui record, read-only: [ and ] "
                                     "step one snapshot, { and } ten. Nothing can be "
                                     "written from a replay. Needs no config."))
    p.add_argument("file", metavar="FILE", type=Path, help=_("the recording"))
    p.add_argument("--at", metavar="N", type=int, default=0,
                   help=_("start at frame N (1 is the first, -1 the last; default: the first)"))
    p.add_argument("--lang", choices=("en", "fr", "de"), default=None, help=_("language of the interface"))


def header(settings: Settings, tenants: list[str]) -> dict[str, Any]:
    """What a replay needs of the config: names, languages and panels; no URL, no secret."""
    from alerttui import __version__
    from alerttui.domain import utcnow

    return {"alerttui": __version__, "started": utcnow().isoformat(), "tenants": [
        {"id": t.id, "name": t.name, "language": t.language,
         "panels": [p.model_dump(mode="json", exclude_defaults=True) for p in t.panels]}
        for t in (settings.tenant(tid) for tid in tenants)]}


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio
    import sys

    from alerttui.durations import parse_duration
    from alerttui.recordings import Recorder

    max_bytes = parse_size(args.max_size)
    duration = None
    if args.duration:
        try:
            duration = parse_duration(args.duration)
        except ValueError:
            raise UsageError(_("--duration: expected a duration like 30m or 2h, got {text!r}").format(
                text=args.duration)) from None
    tenants = [args.tenant] if args.tenant else [t.id for t in settings.tenants]
    try:
        recorder = Recorder(args.output, header(settings, tenants), max_bytes, settings.privacy.redactor)
    except FileExistsError:
        raise UsageError(_("--output: {path} exists; a recording is never overwritten").format(
            path=args.output)) from None
    print(ngettext("recording {n} tenant to {path}; Ctrl-C stops", "recording {n} tenants to {path}; Ctrl-C stops",
                   len(tenants)).format(n=len(tenants), path=args.output), file=sys.stderr)
    try:
        code = asyncio.run(_record(settings, tenants, recorder, duration))
    finally:
        recorder.close()
    print(ngettext("{frames} snapshot recorded in {path} ({size} KiB)",
                   "{frames} snapshots recorded in {path} ({size} KiB)", recorder.frames).format(
        frames=recorder.frames, path=args.output, size=args.output.stat().st_size // 1024), file=sys.stderr)
    return code


async def _record(settings: Settings, tenants: list[str], recorder: Recorder, duration: timedelta | None) -> int:
    import asyncio
    import contextlib
    import signal
    import sys

    from alerttui.domain import Snapshot
    from alerttui.engine import build_engine
    from alerttui.recordings import RecordingFull

    engine = build_engine(settings, tenants=tenants, polling=True, slack=False, respond=False, kiosk=True)
    stop = asyncio.Event()
    full: list[bool] = []

    def arrived(snapshot: Snapshot) -> None:
        if stop.is_set():
            return
        try:
            recorder.add(snapshot, engine.clock())
        except RecordingFull:
            full.append(True)
            stop.set()

    engine.subscribe(arrived)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    runner = asyncio.create_task(engine.run(), name="engine")
    try:
        waiter = asyncio.create_task(stop.wait())
        done, _pending = await asyncio.wait({runner, waiter}, timeout=duration.total_seconds() if duration else None,
                                            return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if runner in done:
            print(_("alerttui: the engine stopped: {error}").format(error=runner.exception()), file=sys.stderr)
            return EXIT_BACKEND
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
    finally:
        await engine.aclose()
    if full:
        print(_("the recording reached --max-size: stopped"), file=sys.stderr)
    return EXIT_OK


def run_replay(args: argparse.Namespace) -> int:
    import sys

    from alerttui import i18n
    from alerttui.config import ConfigError
    from alerttui.recordings import RecordingError, read_recording
    from alerttui.sanitize import clean

    try:
        recording = read_recording(args.file)
    except FileNotFoundError:
        raise UsageError(_("{path}: no such file").format(path=args.file)) from None
    except (RecordingError, OSError) as exc:
        print(_("alerttui: {path}: {error}").format(path=args.file, error=clean(str(exc), 300)), file=sys.stderr)
        return EXIT_USAGE
    if not recording.frames:
        print(_("alerttui: {path}: the recording holds no snapshot").format(path=args.file), file=sys.stderr)
        return EXIT_USAGE
    from alerttui.replay import replay_settings
    from alerttui.replay import run_replay as run_app

    try:
        settings = replay_settings(recording, args.lang)
    except ConfigError as exc:
        print(_("alerttui: {path}: the recording's tenants cannot be read: {error}").format(
            path=args.file, error=clean("; ".join(exc.problems), 300)), file=sys.stderr)
        return EXIT_USAGE
    if args.lang:
        i18n.set_language(args.lang)
    start = args.at - 1 if args.at > 0 else args.at
    return run_app(recording, settings, start)
