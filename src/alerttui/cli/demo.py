"""``alerttui demo``: the dashboard on a real local Prometheus + Alertmanager stack (no config)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from alerttui import i18n
from alerttui.i18n import _

if TYPE_CHECKING:
    from alerttui.cli.parser import Subparsers


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("demo", help=_("run the dashboard on a real local Prometheus + Alertmanager stack"),
                       description=_("Run the dashboard on a real local Prometheus + Alertmanager stack."))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                   help=_("language of the interface"))
    p.add_argument("--kiosk", action="store_true", default=argparse.SUPPRESS, help=_("read-only wall display"))


def run(args: argparse.Namespace) -> int:
    from alerttui.demo.run import run_demo

    return run_demo(lang=args.lang, kiosk=args.kiosk)
