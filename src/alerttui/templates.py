"""User templates for Slack messages: Jinja2 in a sandbox, every value escaped for Slack
mrkdwn (``&``, ``<``, ``>``), so alert text can never become a mention or a link.
Templates are compiled when the config is loaded: a broken one fails ``check-config``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup


def slack_escape(text: object) -> str:
    """Slack's three control characters, so ``<!channel>`` arrives as plain text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _SlackMarkup(Markup):
    """Markupsafe's type with Slack's escaping instead of HTML's."""

    @classmethod
    def escape(cls, s: Any) -> Markup:  # type: ignore[override]
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(slack_escape(s))


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else _SlackMarkup(slack_escape("" if value is None else value))


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, finalize=_finalize,
                               trim_blocks=True, lstrip_blocks=True)
    return env


class TemplateProblem(ValueError):
    pass


def compile_template(path: str) -> Any:
    """Read and compile a template file; raises TemplateProblem naming the line."""
    try:
        source = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateProblem(f"cannot read {path}: {exc.strerror}") from None
    try:
        return environment().from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{path}: line {exc.lineno}: {exc.message}") from None


def render(template: Any, context: dict[str, Any]) -> str:
    try:
        return str(template.render(**context))
    except TemplateError as exc:
        raise TemplateProblem(str(exc)) from None
