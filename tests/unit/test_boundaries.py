"""The architecture's import boundaries (DESIGN.md section 1), checked on the source:
the I/O and domain layers never import Textual; screens and widgets never import an HTTP
or Slack client (the UI never does I/O)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "alerttui"

RULES = {
    "domain": {"textual", "httpx", "requests", "slack_sdk", "prometheus_api_client", "alerttui.clients",
               "alerttui.polling", "alerttui.operations", "alerttui.screens", "alerttui.widgets", "alerttui.app"},
    "clients": {"textual", "alerttui.screens", "alerttui.widgets", "alerttui.app", "alerttui.polling"},
    "polling": {"textual", "alerttui.screens", "alerttui.widgets", "alerttui.app"},
    "operations": {"textual", "alerttui.screens", "alerttui.widgets", "alerttui.app"},
    "screens": {"httpx", "requests", "slack_sdk", "prometheus_api_client", "alerttui.clients"},
    "widgets": {"httpx", "requests", "slack_sdk", "prometheus_api_client", "alerttui.clients",
                "alerttui.polling", "alerttui.operations"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def violations(package: str) -> list[str]:
    banned = RULES[package]
    out = []
    for path in sorted((SRC / package).rglob("*.py")):
        for module in imported_modules(path):
            if any(module == b or module.startswith(b + ".") for b in banned):
                out.append(f"{path.relative_to(SRC)} imports {module}")
    return out


@pytest.mark.parametrize("package", sorted(RULES))
def test_import_boundary(package: str) -> None:
    if not (SRC / package).is_dir():
        pytest.skip(f"{package}/ does not exist yet")
    assert violations(package) == []


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import httpx\nfrom textual.app import App\n")
    assert imported_modules(bad) == {"httpx", "textual.app"}
