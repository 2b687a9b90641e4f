"""One exception tree for every backend. Messages carry the backend URL (credentials
stripped) and the status, never a secret or a header."""

from __future__ import annotations

import base64
import contextlib
import time
from collections.abc import Iterable, Mapping
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit

from alerttui.i18n import _


def redact_url(url: str) -> str:
    """Drop any ``user:password@`` and the query string from a URL before showing it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid url>"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class BackendError(Exception):
    """A backend call failed. ``url`` is redacted; ``reason`` is short and human."""

    kind = "error"

    def __init__(self, url: str, reason: str) -> None:
        self.url = redact_url(url)
        self.reason = reason
        super().__init__(f"{self.url}: {reason}")


class Unreachable(BackendError):
    kind = "unreachable"


class Timeout(BackendError):
    kind = "timeout"


class HTTPStatusError(BackendError):
    kind = "http"

    def __init__(self, url: str, status: int, body: str = "", secrets: Iterable[str] = (),
                 retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait (429, 503), if it did
        self.body_excerpt = _excerpt(scrub(body, secrets))
        reason = _("HTTP {status}").format(status=status)
        if self.body_excerpt:
            reason += f": {self.body_excerpt}"
        super().__init__(url, reason)


class BadResponse(BackendError):
    kind = "bad-response"


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """A ``Retry-After`` header in seconds: delta-seconds or an HTTP date; None if absent or
    unreadable (a garbage header must not stall polling)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN, inf
        return None
    return max(0.0, seconds)


def credentials(headers: Mapping[str, str], auth: tuple[str, str] | None = None) -> tuple[str, ...]:
    """The secrets a request carried (``Authorization`` value, its token, a basic-auth
    password), for :func:`scrub`: a server may echo them back in an error page."""
    found: list[str] = []
    if auth is not None:
        found += [auth[1], base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()]
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    if value:
        scheme, _sep, token = value.partition(" ")
        found += [value, token.strip()]
        if scheme.lower() == "basic":
            with contextlib.suppress(ValueError):
                found.append(base64.b64decode(token.strip(), validate=True).decode().partition(":")[2])
    return tuple(s for s in found if s)


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced (longest first)."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _excerpt(body: str, limit: int = 200) -> str:
    text = " ".join(body.split())
    text = "".join(ch for ch in text if ch.isprintable())
    return text if len(text) <= limit else text[: limit - 1] + "…"
