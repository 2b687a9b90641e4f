"""The command line: ``main`` is the ``alerttui`` console script (the commands: entry.py).

``alerttui --version`` alone is answered here, before the parser (and i18n, Babel, asyncio,
the command modules) is imported: it prints what argparse's ``version`` action prints, and
exits the same way (``SystemExit(0)``). Everything else goes to ``entry.main``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from alerttui import __version__

        sys.stdout.write(f"alerttui {__version__}\n")
        raise SystemExit(0)
    from alerttui.cli.entry import main as run

    return run(args)


__all__ = ["main"]
