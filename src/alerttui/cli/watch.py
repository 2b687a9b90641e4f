"""``alerttui watch``: the engine with no screen, for a service manager (see alerttui.watch)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from alerttui.cli.parser import add_common
from alerttui.i18n import _

if TYPE_CHECKING:
    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("watch", help=_("run headless: poll, follow Slack threads, drain the outbox, extend acks"),
                       description=_("Run the engine with no screen, for a service manager: poll every tenant, "
                                     "follow Slack threads to resolution, drain the outbox and extend acks. One "
                                     "line per event on stderr. Stops cleanly on SIGTERM or SIGINT (exit 0); "
                                     "exit 1 if it cannot start (another watch runs on the same state "
                                     "directory). A dashboard started meanwhile leaves these duties to it."))
    add_common(p, tenant=False, sub=True)
    p.add_argument("--log-format", choices=("text", "json"), default="text",
                   help=_("one line per event: text (default) or JSON"))


def run(args: argparse.Namespace, settings: Settings) -> int:
    from alerttui.watch import run_watch

    return run_watch(settings, log_format=args.log_format)
