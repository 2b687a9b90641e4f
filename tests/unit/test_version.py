"""``alerttui --version`` prints the package's version: the constant ``alerttui.__version__``
(no importlib.metadata at start-up) must be what the installed metadata and pyproject.toml
say. Its fast path (``alerttui.cli.main``, before the parser is built) answers exactly as
argparse's ``version`` action does, which still answers ``--version`` among other options."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import alerttui

ROOT = Path(__file__).resolve().parents[2]


def test_version_constant_is_the_package_metadata_version() -> None:
    assert alerttui.__version__ == importlib.metadata.version("alerttui")


def test_version_constant_is_pyproject_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert alerttui.__version__ == project["version"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alerttui", *args], capture_output=True, text=True, timeout=60)


def test_fast_path_answers_as_argparse_does() -> None:
    fast = run("--version")
    parsed = run("--lang", "en", "--version")  # not the fast path: through the parser
    assert fast.returncode == parsed.returncode == 0
    assert fast.stdout == parsed.stdout == f"alerttui {importlib.metadata.version('alerttui')}\n"
    assert fast.stderr == parsed.stderr == ""


def test_fast_path_in_process_exits_like_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    from alerttui.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"alerttui {alerttui.__version__}\n"


def test_version_imports_neither_the_parser_nor_i18n() -> None:
    code = ("import sys, runpy\nsys.argv = ['alerttui', '--version']\n"
            "try:\n    runpy.run_module('alerttui', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('alerttui.cli.entry', 'alerttui.i18n', 'babel', 'asyncio', 'argparse', "
            "'importlib.metadata') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"alerttui {alerttui.__version__}", "[]"]
