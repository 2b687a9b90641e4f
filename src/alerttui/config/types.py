"""The building blocks every config model shares: the strict base model (unknown keys are
errors, values are frozen) and the annotated field types: durations written as strings,
http(s) URLs that never echo a password, and the allowed languages, roles and units."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from alerttui.domain.matchers import MatcherError, parse_matchers
from alerttui.durations import parse_duration
from alerttui.i18n import _


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise ValueError(_("expected a duration string like \"30s\", \"15m\" or \"2h30m\""))
    return parse_duration(value)


Duration = Annotated[timedelta, BeforeValidator(_duration)]


def _matchers(values: list[str]) -> list[str]:
    for text in values:
        try:
            parse_matchers(text)
        except MatcherError as exc:
            raise ValueError(str(exc)) from None
    return values


# Alertmanager matcher strings (``'team="db"'``, ``'severity=~"crit|warn"'``), each checked.
Matchers = Annotated[list[str], AfterValidator(_matchers)]
Language = Literal["en", "fr", "de"]
Role = Literal["viewer", "responder", "admin"]
Unit = Literal["percent", "bytes", "seconds", "ratio", "ops", "none"]


_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)?.*@", re.DOTALL)


def _shown(value: str) -> str:
    """``value`` as an error may quote it: without anything up to its last ``@`` (user
    info, i.e. a password), whether or not the rest parses as a URL."""
    return _USERINFO.sub(lambda m: f"{m.group(1) or ''}***@", value)


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    shown = _shown(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(_("expected an http:// or https:// URL, got {value!r}").format(value=shown))
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise ValueError(_("expected a port between 1 and 65535 in {value!r}").format(value=shown)) from None
    if parts.username or parts.password:
        raise ValueError(_("put credentials in basic_auth or bearer_token_env/_file, not in the URL")) from None
    if parts.query or parts.fragment:
        raise ValueError(_("expected a URL without query or fragment, got {value!r}").format(value=shown))
    return value.rstrip("/")


Url = Annotated[str, BeforeValidator(lambda v: _check_url(v) if isinstance(v, str) else v)]
