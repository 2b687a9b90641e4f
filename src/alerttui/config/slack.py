"""The ``[slack]`` table: the bot token or per-route incoming webhooks, rate limits and the
outbox, and the routes that pick a channel for an alert (first match wins). A route's
Jinja2 template is compiled, and so checked, when the config is loaded."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field, PrivateAttr, SecretStr, field_validator, model_validator

from alerttui.config.respond import SLACK_USER, SlackUser
from alerttui.config.secrets import resolve_secret
from alerttui.config.types import Duration, Matchers, Strict, Url
from alerttui.domain.matchers import Matcher, parse_matchers
from alerttui.i18n import _


class SlackRoute(Strict):
    """First matching route wins; a route with no tenants/severities/matchers matches all."""

    name: str = ""
    tenants: list[str] = Field(default_factory=list)
    severities: list[str] = Field(default_factory=list)
    matchers: Matchers = Field(default_factory=list)
    channel: str | None = None  # channel id or #name, for the Web API (bot token)
    webhook_url_env: str | None = None  # an incoming webhook instead (no updates possible)
    webhook_url_file: str | None = None
    mention: Literal["none", "here", "channel"] = "here"
    mention_severities: list[str] = Field(default_factory=lambda: ["critical"])
    template: str | None = None  # a Jinja2 file; compiled (and checked) at load time
    _webhook: SecretStr | None = PrivateAttr(default=None)

    @field_validator("template")
    @classmethod
    def _compile(cls, value: str | None) -> str | None:
        if value:
            from alerttui.templates import TemplateProblem, compile_template

            try:
                compile_template(value)
            except TemplateProblem as exc:
                raise ValueError(_("template: {reason}").format(reason=exc)) from None
        return value

    @model_validator(mode="after")
    def _target(self) -> SlackRoute:
        self._webhook = resolve_secret(self.webhook_url_env, self.webhook_url_file, "webhook_url")
        return self

    @property
    def webhook_url(self) -> SecretStr | None:
        return self._webhook

    @property
    def parsed_matchers(self) -> tuple[Matcher, ...]:
        return tuple(m for text in self.matchers for m in parse_matchers(text))

    @property
    def label(self) -> str:
        return self.name or self.channel or "webhook"


class SlackConfig(Strict):
    token_env: str | None = None  # a bot token (xoxb-...) for the Web API
    token_file: str | None = None
    base_url: Url | None = None  # override (tests, proxies); default Slack's
    rate: float = Field(default=1.0, gt=0, le=50)  # messages per second per channel
    burst: int = Field(default=3, ge=1, le=50)
    dedup_window: Duration = timedelta(minutes=10)  # same alert, same channel: ask first
    screenshot: bool = False  # attach the dashboard (SVG) to the thread
    outbox: str | None = None  # default: user_state_dir("alerttui")/outbox.sqlite3
    routes: list[SlackRoute] = Field(min_length=1)
    # An app-level token (xapp-..., scope connections:write) turns on the buttons in
    # forwarded messages; their clicks arrive over Socket Mode (no public URL needed).
    app_token_env: str | None = None
    app_token_file: str | None = None
    users: dict[str, SlackUser] = Field(default_factory=dict)  # Slack user id -> who acts
    _token: SecretStr | None = PrivateAttr(default=None)
    _app_token: SecretStr | None = PrivateAttr(default=None)

    @field_validator("users")
    @classmethod
    def _user_ids(cls, users: dict[str, SlackUser]) -> dict[str, SlackUser]:
        bad = [k for k in users if not SLACK_USER.match(k)]
        if bad:
            raise ValueError(_("expected Slack user ids like \"U012AB3CD\" as keys, got {ids}").format(
                ids=", ".join(map(repr, bad))))
        return users

    @model_validator(mode="after")
    def _check(self) -> SlackConfig:
        self._token = resolve_secret(self.token_env, self.token_file, "token")
        self._app_token = resolve_secret(self.app_token_env, self.app_token_file, "app_token")
        if self._app_token is not None:
            if not self._app_token.get_secret_value().startswith("xapp-"):
                raise ValueError(_("app_token: expected an app-level token (it starts with xapp-)"))
            if self._token is None:
                raise ValueError(_("app_token: the buttons need a bot token too (token_env or token_file)"))
        for i, route in enumerate(self.routes):
            if route.webhook_url is None and not route.channel:
                raise ValueError(_("routes[{i}]: needs channel (with token_env/token_file) or webhook_url_env")
                                 .format(i=i))
            if route.webhook_url is None and self._token is None:
                raise ValueError(_("routes[{i}]: channel {channel} needs a bot token (token_env or token_file)")
                                 .format(i=i, channel=route.channel))
        return self

    @property
    def token(self) -> SecretStr | None:
        return self._token

    @property
    def app_token(self) -> SecretStr | None:
        return self._app_token

    def route(self, label: str) -> SlackRoute | None:
        return next((r for r in self.routes if r.label == label), None)
