"""The README's Config section documents every key the config models accept, so a user can
set up everything from it and the two never drift (issue 9: `[slack]` was missing, so nobody
could set up forwarding from the README)."""

from __future__ import annotations

import re
import tomllib
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from alerttui.config import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def config_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Config\n")
    end = text.find("\n## ", start + 1)
    return text[start: end if end != -1 else len(text)]


def _models(annotation: object) -> list[type[BaseModel]]:
    """The config models inside a field's type (``list[Panel]``, ``HTTPConfig | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def every_key(model: type[BaseModel] = Settings, path: str = "") -> list[tuple[str, str]]:
    """(table path, key) for every field of every model reachable from Settings."""
    out: list[tuple[str, str]] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        out.append((path, key))
        for sub in _models(field.annotation):
            out.extend(every_key(sub, f"{path}.{key}" if path else key))
    return out


def documented(section: str, table: str, key: str) -> bool:
    """``key = …`` (at a line's start, in an inline table, or commented out), or for a table
    its header ``[table.key]`` / ``[[table.key]]`` (commented out too)."""
    full = f"{table}.{key}" if table else key
    return bool(re.search(rf"(^|[\s{{,#]){re.escape(key)}\s*=", section, re.M)
                or re.search(rf"\[\[?{re.escape(full)}\]\]?", section))


def test_the_walk_sees_every_model() -> None:
    """The walk really reaches nested models (else the test below could pass on nothing)."""
    keys = set(every_key())
    assert ("slack.routes", "mention_severities") in keys
    assert ("tenants.alertmanager.http.basic_auth", "password_file") in keys
    assert ("tenants.panels", "crit") in keys
    assert len(keys) > 60


@pytest.mark.parametrize(("table", "key"), sorted(set(every_key())))
def test_every_config_key_is_in_the_readme(table: str, key: str) -> None:
    assert documented(config_section(), table, key), (
        f"README.md's Config section does not document {table + '.' if table else ''}{key}")


@pytest.mark.parametrize("table", ["ui", "ack", "audit", "tenants", "tenants.http", "tenants.alertmanager",
                                   "tenants.prometheus", "tenants.panels", "slack", "slack.routes"])
def test_every_table_has_an_example(table: str) -> None:
    assert re.search(rf"^#?\s*\[\[?{re.escape(table)}\]\]?", config_section(), re.M), (
        f"README.md's Config section has no [{table}] example")


def test_the_examples_are_valid_toml() -> None:
    """What a user copies from the README parses (and only uses keys that exist: strict models)."""
    blocks = re.findall(r"```toml\n(.*?)```", config_section(), re.S)
    assert len(blocks) >= 2
    for block in blocks:
        tomllib.loads(block)
