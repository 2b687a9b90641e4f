"""What import-linter (the contracts in pyproject.toml, run by scripts/test.sh) cannot say:
screens reach the app only through the typed face (``face.face_of``), never ``getattr``
on it, so a missing permission check fails closed instead of open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "alerttui"
UI = [SRC / "screens", SRC / "widgets", SRC / "commands.py"]

GETATTR_APP = re.compile(r"getattr\(\s*self\.app\b")
# Textual's private modules and the DataTable internals the old alert table wrote into.
PRIVATE = re.compile(r"\btextual\._|\._(data|row_locations|update_count|updated_cells)\b|TwoWayDict")


def python_files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in ([root] if root.is_file() else root.rglob("*.py")))


def offenders(pattern: re.Pattern[str], files: list[Path], root: Path = SRC) -> list[str]:
    return [f"{p.relative_to(root)}:{n}: {line.strip()}" for p in files
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]


def test_screens_use_the_typed_face_not_getattr() -> None:
    assert offenders(GETATTR_APP, python_files(*UI)) == []


@pytest.mark.parametrize("line", ['loader = getattr(self.app, "expression_series", None)',
                                  "gate = getattr( self.app, 'may')"])
def test_the_check_catches_getattr_on_the_app(tmp_path: Path, line: str) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(line + "\n")
    assert len(offenders(GETATTR_APP, [bad], tmp_path)) == 1


def test_no_private_textual_internals() -> None:
    """The alert table is our own Line-API widget: nothing reaches into Textual's privates,
    which the next release may rename without a word."""
    assert offenders(PRIVATE, python_files(SRC)) == []


@pytest.mark.parametrize("line", ["from textual._two_way_dict import TwoWayDict", "self._data[row] = cells",
                                  "self._row_locations = x"])
def test_the_private_check_catches_them(tmp_path: Path, line: str) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(line + "\n")
    assert len(offenders(PRIVATE, [bad], tmp_path)) == 1


def test_a_screen_in_a_bare_app_gets_the_closed_face() -> None:
    """Fail closed: an app that is no Face (a screen mounted alone) may do nothing."""
    from textual.app import App

    from alerttui.face import CLOSED, face_of

    class Bare:
        app = App()

    face = face_of(Bare())
    assert face is CLOSED
    assert not any(face.may(a, t) for a in ("silence", "ack", "forward", "expire", "edit", "new")
                   for t in (None, "acme"))
