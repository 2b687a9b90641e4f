"""Shared e2e fixtures."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


@pytest.fixture
def session(tmp_path: Path):  # type: ignore[no-untyped-def]
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed (scripts/bootstrap.sh installs it)")
    name = f"alerttui-e2e-{tmp_path.name[-8:]}"
    yield name
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, timeout=10)
