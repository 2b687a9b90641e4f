"""Reading a config file: TOML into ``Settings``, every problem (missing file, not UTF-8,
bad TOML, pydantic ValidationErrors) turned into a ``ConfigError`` whose lines each say
"file: field.path: what is expected"."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alerttui.config.models import Settings
from alerttui.i18n import _


class ConfigError(Exception):
    """Bad config: ``problems`` are one line each, already naming file and field."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems))


def field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _describe(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return _("unknown key (check the spelling; the README's Config section lists every key)")
    if kind == "string_pattern_mismatch" and err.get("loc", ())[-1:] == ("id",):
        return _("expected lowercase letters, digits and '-' (like \"acme-prod\"), got {value!r}").format(
            value=err.get("input"))
    if kind == "literal_error":
        return _("expected one of {choices}, got {value!r}").format(
            choices=err.get("ctx", {}).get("expected", ""), value=err.get("input"))
    if kind == "missing":
        return _("required key is missing")
    msg = str(err.get("msg", ""))
    return msg.removeprefix("Value error, ")


def validation_problems(path: Path, exc: ValidationError) -> list[str]:
    return [f"{path}: {field_path(tuple(e['loc']))}: {_describe(dict(e))}" for e in exc.errors()]


def parse_settings(data: dict[str, Any], path: Path) -> Settings:
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(path, validation_problems(path, exc)) from None
    settings._source = path
    return settings


def load_settings(path: Path) -> Settings:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, [_("{path}: no such file (pass --config PATH or set ALERTTUI_CONFIG)")
                                 .format(path=path)]) from None
    except OSError as exc:
        raise ConfigError(path, [f"{path}: {exc.strerror}"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(path, [_("{path}: not UTF-8 text (byte {pos})").format(path=path, pos=exc.start)]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [_("{path}: invalid TOML: {reason}").format(path=path, reason=exc)]) from None
    return parse_settings(data, path)
