"""Secrets come only from an environment variable (``*_env``) or a file (``*_file``), never
inline in the TOML. These helpers read them into ``SecretStr`` for the models' validators;
their errors name the key and the variable or path, never the secret itself."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import SecretStr

from alerttui.i18n import _


def read_secret_file(path: str, field: str) -> SecretStr:
    try:
        return SecretStr(Path(path).expanduser().read_text(encoding="utf-8").strip())
    except OSError as exc:
        raise ValueError(_("{field}: cannot read {path}: {reason}").format(
            field=field, path=path, reason=exc.strerror or type(exc).__name__)) from None


def read_secret_env(name: str, field: str) -> SecretStr:
    value = os.environ.get(name)
    if value is None:
        raise ValueError(_("{field}: environment variable {name} is not set").format(field=field, name=name))
    return SecretStr(value)


def resolve_secret(env: str | None, file: str | None, what: str) -> SecretStr | None:
    if env and file:
        raise ValueError(_("set only one of {what}_env and {what}_file").format(what=what))
    if env:
        return read_secret_env(env, f"{what}_env")
    if file:
        return read_secret_file(file, f"{what}_file")
    return None
