"""Command line (DESIGN.md section 3, a contract). Exit codes: 0 ok, 1 a backend or runtime
failure, 2 bad usage or config, 3 refused by policy. Never a traceback for a user error."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from alerttui import __version__, i18n
from alerttui.config import ConfigError, Settings, load_settings
from alerttui.i18n import _
from alerttui.paths import default_config_path

EXIT_OK, EXIT_BACKEND, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {_('error')}: {message}\n")


def _common(p: argparse.ArgumentParser, tenant: bool = True) -> None:
    p.add_argument("--config", metavar="PATH", type=Path,
                   help=_("config file (default: $ALERTTUI_CONFIG, else {path})").format(
                       path=default_config_path()))
    if tenant:
        p.add_argument("--tenant", metavar="ID", help=_("only this tenant"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the interface"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="alerttui", description=_("A terminal dashboard for on-call staff."))
    parser.add_argument("--version", action="version", version=f"alerttui {__version__}")
    _common(parser)
    parser.add_argument("--kiosk", action="store_true", help=_("read-only wall display"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    p = sub.add_parser("check-config", help=_("validate the config; print tenants and backends"))
    _common(p, tenant=False)
    p = sub.add_parser("alerts", help=_("print the deduplicated, tenant-scoped alert list"))
    _common(p)
    p.add_argument("--filter", metavar="M", action="append", default=[],
                   help=_('Alertmanager matchers, e.g. \'severity="critical"\' (repeatable)'))
    p.add_argument("--format", choices=("table", "json"), default="table")
    p = sub.add_parser("demo", help=_("run the dashboard on a real local Prometheus + Alertmanager stack"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the interface"))
    p.add_argument("--kiosk", action="store_true", help=_("read-only wall display"))
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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Pick the language before building the parser so --help is translated too.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=i18n.LANGUAGES)
    known, _rest = early.parse_known_args(argv)
    _setup_language(known.lang)
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


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "demo":
        from alerttui.demo.run import run_demo

        return run_demo(lang=args.lang, kiosk=args.kiosk)
    settings = load(args)
    _setup_language(args.lang, settings)
    if args.command == "check-config":
        from alerttui.cli_check import print_check

        print_check(settings)
        return EXIT_OK
    if args.command == "alerts":
        from alerttui.cli_alerts import run_alerts

        return asyncio.run(run_alerts(settings, tenant=args.tenant, filters=args.filter, fmt=args.format))
    from alerttui.app import run_app

    return run_app(settings, tenant=args.tenant, kiosk=args.kiosk)


def dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)
