"""Where things live (platformdirs). Nothing is created at import time."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "alerttui"


def default_config_path() -> Path:
    env = os.environ.get("ALERTTUI_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP))
