"""One exception tree for every backend. Messages carry the backend URL (credentials
stripped) and the status, never a secret or a header."""

from __future__ import annotations

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

    def __init__(self, url: str, status: int, body: str = "") -> None:
        self.status = status
        self.body_excerpt = _excerpt(body)
        reason = _("HTTP {status}").format(status=status)
        if self.body_excerpt:
            reason += f": {self.body_excerpt}"
        super().__init__(url, reason)


class BadResponse(BackendError):
    kind = "bad-response"


def _excerpt(body: str, limit: int = 200) -> str:
    text = " ".join(body.split())
    text = "".join(ch for ch in text if ch.isprintable())
    return text if len(text) <= limit else text[: limit - 1] + "…"
