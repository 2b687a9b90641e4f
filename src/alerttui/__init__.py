"""alerttui: a terminal dashboard for on-call staff."""

__version__ = "0.1.0"
