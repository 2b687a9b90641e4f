"""The command line: ``main`` is the ``alerttui`` console script (see entry.py)."""

from alerttui.cli.entry import main

__all__ = ["main"]
