"""The argparse plumbing of every command's parser: translated (argparse's own words
included), exit 2 on bad usage, and the options the commands share.

The parser is built for ``--version`` and ``--help`` too: this module and the command
modules import only the standard library, i18n and paths at module level."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeAlias

from alerttui import i18n
from alerttui.cli.exit_codes import EXIT_USAGE
from alerttui.i18n import N_, _
from alerttui.paths import default_config_path

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


@contextmanager
def argparse_translated() -> Iterator[None]:
    """argparse looks its words up in a module global at call time: point it at ours."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("show this help message and exit"))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {_('error')}: {message}\n")


# What a command module's ``add_parser(sub)`` adds its parser to.
Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"


def add_common(p: argparse.ArgumentParser, tenant: bool = True, sub: bool = False) -> None:
    # In a subcommand, an option left out keeps what was given before the command
    # (``alerttui --tenant acme silence list``): argparse would otherwise reset it.
    default: Any = argparse.SUPPRESS if sub else None
    p.add_argument("--config", metavar="PATH", type=Path, default=default,
                   help=_("config file (default: $ALERTTUI_CONFIG, else {path})").format(
                       path=default_config_path()))
    if tenant:
        p.add_argument("--tenant", metavar="ID", default=default, help=_("only this tenant"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=default, help=_("language of the interface"))


def add_write_options(p: argparse.ArgumentParser) -> None:
    """Options of the commands that change something: they act on one tenant."""
    add_common(p, tenant=False, sub=True)
    p.add_argument("--tenant", metavar="ID", default=argparse.SUPPRESS,
                   help=_("the tenant to act on (required when the config has several)"))
    p.add_argument("--kiosk", action="store_true", default=argparse.SUPPRESS,
                   help=_("read-only: refuse (exit 3), as the wall display does"))


def add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help=_("output format (default: table)"))
