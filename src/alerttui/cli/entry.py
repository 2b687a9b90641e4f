"""Command line (DESIGN.md section 3, a contract). Exit codes: 0 ok, 1 a backend or runtime
failure, 2 bad usage or config, 3 refused by policy. Never a traceback for a user error.

The parser is built after the language is chosen, so ``--help`` is translated, argparse's
own words included (the usage prefix, section titles, ``-h``, its error messages).

Lazy on purpose: each command module adds its own parser and imports only the standard
library, i18n and paths at module level; its ``run`` imports the config models, clients
and the rest. So ``--version`` and ``--help`` load none of them, a command loads what it
uses (no Textual, no Slack for ``alerts``), and only the dashboard loads Textual. Not even
asyncio or sqlite3 is imported to build the parser. (``--version`` alone never gets here:
``alerttui.cli.main`` answers it before importing this module.)"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from alerttui import __version__, i18n
from alerttui.cli import (
    ack,
    alerts,
    audit,
    check_config,
    demo,
    forward,
    history,
    incidents,
    outbox,
    record,
    report,
    silence,
    watch,
)
from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_USAGE, UsageError
from alerttui.cli.parser import Parser, Subparsers, add_common, argparse_translated
from alerttui.i18n import _
from alerttui.paths import default_config_path

if TYPE_CHECKING:
    from alerttui.config import Settings


class Command(Protocol):
    """A command module: ``add_parser`` at parser building, ``run`` when it is the command."""

    def add_parser(self, sub: Subparsers) -> None: ...

    def run(self, args: argparse.Namespace, settings: Settings) -> int: ...


# In the order of ``--help``; ``demo`` (no config) last.
COMMANDS: dict[str, Command] = {
    "check-config": check_config, "alerts": alerts, "incidents": incidents, "history": history,
    "report": report,
    "record": record,
    "silence": silence, "ack": ack,
    "audit": audit,
    "forward": forward, "outbox": outbox, "watch": watch,
}


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="alerttui", description=_("A terminal dashboard for on-call staff."))
    parser.add_argument("--version", action="version", version=f"alerttui {__version__}",
                        help=_("show the version and exit"))
    add_common(parser)
    parser.add_argument("--kiosk", action="store_true", help=_("read-only wall display"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser,
                                title=_("commands"))
    for command in COMMANDS.values():
        command.add_parser(sub)
    record.add_replay_parser(sub)
    demo.add_parser(sub)
    return parser


def _setup_language(lang: str | None, settings: Settings | None = None) -> None:
    chosen = lang or (settings.ui.language if settings else None) or i18n.language_from_env() or "en"
    i18n.set_language(chosen)
    if settings is not None:
        i18n.set_timezone(settings.ui.timezone)


def load(args: argparse.Namespace) -> Settings:
    from alerttui.config import load_settings

    path = args.config or default_config_path()
    settings = load_settings(path)
    if getattr(args, "tenant", None):
        try:
            settings.tenant(args.tenant)
        except KeyError:
            known = ", ".join(t.id for t in settings.tenants)
            raise UsageError(_("--tenant: no tenant {id!r} in {path} (known: {known})").format(
                id=args.tenant, path=path, known=known)) from None
    return settings


def _early_language(argv: list[str]) -> str | None:
    """``--lang`` wherever it is on the line (before or after the command)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in i18n.LANGUAGES:
            return value
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Pick the language before building the parser so --help is translated too.
    _setup_language(_early_language(argv))
    with argparse_translated():
        args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except UsageError as exc:
        print(f"alerttui: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # ``alerttui audit | head``: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BACKEND
    except _storage_errors() as exc:  # the audit log or the outbox cannot be written
        print(_("alerttui: {error}").format(error=exc), file=sys.stderr)
        return EXIT_BACKEND


def _storage_errors() -> tuple[type[Exception], ...]:
    """OSError, and ``sqlite3.Error`` if sqlite3 was imported (by the outbox): there is no
    sqlite3 error without it, and importing it only for this clause would slow --help."""
    sqlite3 = sys.modules.get("sqlite3")
    return (OSError, sqlite3.Error) if sqlite3 is not None else (OSError,)


def _dispatch(args: argparse.Namespace) -> int:
    from alerttui.config import ConfigError  # here, not at the top: --version and --help never need it

    try:
        return _run(args)
    except ConfigError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        return demo.run(args)
    if args.command == "replay":  # a recording needs no config: it holds what the replay shows
        return record.run_replay(args)
    settings = load(args)
    _setup_language(args.lang, settings)
    if args.command is not None:
        return COMMANDS[args.command].run(args, settings)
    from alerttui.app import run_app

    return run_app(settings, tenant=args.tenant, kiosk=args.kiosk)
