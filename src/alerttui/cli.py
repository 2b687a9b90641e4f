"""Command line (DESIGN.md section 3, a contract). Exit codes: 0 ok, 1 a backend or runtime
failure, 2 bad usage or config, 3 refused by policy. Never a traceback for a user error.

The parser is built after the language is chosen, so ``--help`` is translated, argparse's
own words included (the usage prefix, section titles, ``-h``, its error messages)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from alerttui import __version__, i18n
from alerttui.config import ConfigError, Settings, load_settings
from alerttui.i18n import N_, _
from alerttui.paths import default_config_path

EXIT_OK, EXIT_BACKEND, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3

# argparse's own messages (Python 3.11+), marked for extraction: while parsing they go
# through our catalogue instead of argparse's gettext domain.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"), N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"), N_("one of the arguments %s is required"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


class UsageError(Exception):
    pass


@contextmanager
def argparse_translated() -> Iterator[None]:
    """argparse looks its words up in a module global at call time: point it at ours."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("show this help message and exit"))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {_('error')}: {message}\n")


def _common(p: argparse.ArgumentParser, tenant: bool = True, sub: bool = False) -> None:
    # In a subcommand, an option left out keeps what was given before the command
    # (``alerttui --tenant acme silence list``): argparse would otherwise reset it.
    default: Any = argparse.SUPPRESS if sub else None
    p.add_argument("--config", metavar="PATH", type=Path, default=default,
                   help=_("config file (default: $ALERTTUI_CONFIG, else {path})").format(
                       path=default_config_path()))
    if tenant:
        p.add_argument("--tenant", metavar="ID", default=default, help=_("only this tenant"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=default, help=_("language of the interface"))


def _write_options(p: argparse.ArgumentParser) -> None:
    """Options of the commands that change something: they act on one tenant."""
    _common(p, tenant=False, sub=True)
    p.add_argument("--tenant", metavar="ID", default=argparse.SUPPRESS,
                   help=_("the tenant to act on (required when the config has several)"))
    p.add_argument("--kiosk", action="store_true", default=argparse.SUPPRESS,
                   help=_("read-only: refuse (exit 3), as the wall display does"))


def _format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help=_("output format (default: table)"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="alerttui", description=_("A terminal dashboard for on-call staff."))
    parser.add_argument("--version", action="version", version=f"alerttui {__version__}",
                        help=_("show the version and exit"))
    _common(parser)
    parser.add_argument("--kiosk", action="store_true", help=_("read-only wall display"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser,
                                title=_("commands"))
    p = sub.add_parser("check-config", help=_("validate the config; print tenants and backends"),
                       description=_("Validate the config (Slack templates included); print tenants and backends."))
    _common(p, tenant=False, sub=True)
    p = sub.add_parser("alerts", help=_("print the deduplicated, tenant-scoped alert list"),
                       description=_("Print the deduplicated, tenant-scoped alert list."))
    _common(p, sub=True)
    p.add_argument("--filter", metavar="M", action="append", default=[],
                   help=_('Alertmanager matchers, e.g. \'severity="critical"\' (repeatable)'))
    _format(p)

    from alerttui.cli_ops import add_ops_commands
    from alerttui.cli_outbox import add_outbox_commands

    add_ops_commands(sub, _common, _write_options, _format)
    add_outbox_commands(sub, _common, _write_options, _format)

    p = sub.add_parser("demo", help=_("run the dashboard on a real local Prometheus + Alertmanager stack"),
                       description=_("Run the dashboard on a real local Prometheus + Alertmanager stack."))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                   help=_("language of the interface"))
    p.add_argument("--kiosk", action="store_true", default=argparse.SUPPRESS, help=_("read-only wall display"))
    return parser


def _setup_language(lang: str | None, settings: Settings | None = None) -> None:
    chosen = lang or (settings.ui.language if settings else None) or i18n.language_from_env() or "en"
    i18n.set_language(chosen)
    if settings is not None:
        i18n.set_timezone(settings.ui.timezone)


def load(args: argparse.Namespace) -> Settings:
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
    except ConfigError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(f"alerttui: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # ``alerttui audit | head``: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BACKEND
    except (OSError, sqlite3.Error) as exc:  # the audit log or the outbox cannot be written
        print(_("alerttui: {error}").format(error=exc), file=sys.stderr)
        return EXIT_BACKEND


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "demo":
        from alerttui.demo.run import run_demo

        return run_demo(lang=args.lang, kiosk=args.kiosk)
    settings = load(args)
    _setup_language(args.lang, settings)
    if args.command == "check-config":
        from alerttui.cli_check import print_check
        from alerttui.cli_outbox import check_templates

        problems = check_templates(settings)
        if problems:
            for line in problems:
                print(line, file=sys.stderr)
            return EXIT_USAGE
        print_check(settings)
        return EXIT_OK
    if args.command == "alerts":
        from alerttui.cli_alerts import run_alerts

        return asyncio.run(run_alerts(settings, tenant=args.tenant, filters=args.filter, fmt=args.format))
    if args.command in ("silence", "ack", "audit"):
        from alerttui.cli_ops import run_ops

        return run_ops(args, settings)
    if args.command in ("forward", "outbox"):
        from alerttui.cli_outbox import run_outbox

        return run_outbox(args, settings)
    from alerttui.app import run_app

    return run_app(settings, tenant=args.tenant, kiosk=args.kiosk)


def dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)
