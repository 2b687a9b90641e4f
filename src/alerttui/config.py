"""The TOML config contract (DESIGN.md section 3): strict pydantic models.

Unknown keys are errors, durations are strings, secrets come only from ``*_env`` or
``*_file`` and are held as ``SecretStr``. ``load_settings`` turns every problem into a
``ConfigError`` whose lines name the file, the field path and what is expected.
"""

from __future__ import annotations

import getpass
import os
import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from alerttui.domain.matchers import Matcher, MatcherError, parse_matchers
from alerttui.durations import parse_duration
from alerttui.i18n import LANGUAGES, _


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise ValueError(_("expected a duration string like \"30s\", \"15m\" or \"2h30m\""))
    return parse_duration(value)


Duration = Annotated[timedelta, BeforeValidator(_duration)]
Language = Literal["en", "fr", "de"]
Role = Literal["viewer", "responder", "admin"]
Unit = Literal["percent", "bytes", "seconds", "ratio", "ops", "none"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _read_secret_file(path: str, field: str) -> SecretStr:
    try:
        return SecretStr(Path(path).expanduser().read_text(encoding="utf-8").strip())
    except OSError as exc:
        raise ValueError(_("{field}: cannot read {path}: {reason}").format(
            field=field, path=path, reason=exc.strerror or type(exc).__name__)) from None


def _read_secret_env(name: str, field: str) -> SecretStr:
    value = os.environ.get(name)
    if value is None:
        raise ValueError(_("{field}: environment variable {name} is not set").format(field=field, name=name))
    return SecretStr(value)


def _resolve_secret(env: str | None, file: str | None, what: str) -> SecretStr | None:
    if env and file:
        raise ValueError(_("set only one of {what}_env and {what}_file").format(what=what))
    if env:
        return _read_secret_env(env, f"{what}_env")
    if file:
        return _read_secret_file(file, f"{what}_file")
    return None


class BasicAuth(Strict):
    username: str
    password_env: str | None = None
    password_file: str | None = None
    _password: SecretStr | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _load(self) -> BasicAuth:
        secret = _resolve_secret(self.password_env, self.password_file, "password")
        if secret is None:
            raise ValueError(_("basic_auth needs password_env or password_file"))
        self._password = secret
        return self

    @property
    def password(self) -> SecretStr:
        assert self._password is not None
        return self._password


class TLSConfig(Strict):
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    insecure_skip_verify: bool = False

    @model_validator(mode="after")
    def _check(self) -> TLSConfig:
        if self.key_file and not self.cert_file:
            raise ValueError(_("key_file needs cert_file"))
        for name in ("ca_file", "cert_file", "key_file"):
            path = getattr(self, name)
            if path and not Path(path).expanduser().is_file():
                raise ValueError(_("{field}: no such file {path}").format(field=name, path=path))
        return self


class HTTPConfig(Strict):
    headers: dict[str, str] = Field(default_factory=dict)
    bearer_token_env: str | None = None
    bearer_token_file: str | None = None
    basic_auth: BasicAuth | None = None
    tls: TLSConfig = Field(default_factory=TLSConfig)
    timeout: Duration = timedelta(seconds=5)
    _bearer: SecretStr | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _load(self) -> HTTPConfig:
        self._bearer = _resolve_secret(self.bearer_token_env, self.bearer_token_file, "bearer_token")
        if self._bearer is not None and self.basic_auth is not None:
            raise ValueError(_("set either a bearer token or basic_auth, not both"))
        lowered = {k.lower() for k in self.headers}
        if "authorization" in lowered:
            raise ValueError(_("headers: put credentials in bearer_token_env/_file or basic_auth, "
                               "not in an inline Authorization header"))
        return self

    @property
    def bearer_token(self) -> SecretStr | None:
        return self._bearer

    def merged(self, override: HTTPConfig | None) -> HTTPConfig:
        """This config with the fields explicitly set in ``override`` taking precedence.

        Headers are merged key by key; credentials set in the override replace the tenant's.
        """
        if override is None:
            return self
        creds = {"bearer_token_env", "bearer_token_file", "basic_auth"}
        data = {name: getattr(self, name) for name in self.model_fields_set}
        if creds & override.model_fields_set:
            for name in creds:
                data.pop(name, None)
        data.update({name: getattr(override, name) for name in override.model_fields_set})
        data["headers"] = {**self.headers, **override.headers}
        return HTTPConfig.model_validate(data)


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


class AlertmanagerConfig(Strict):
    urls: list[Url] = Field(min_length=1)
    matchers: list[str] = Field(default_factory=list)
    http: HTTPConfig | None = None

    @field_validator("matchers")
    @classmethod
    def _parse(cls, values: list[str]) -> list[str]:
        for text in values:
            try:
                parsed = parse_matchers(text)
            except MatcherError as exc:
                raise ValueError(str(exc)) from None
            if len(parsed) != 1:
                raise ValueError(_("expected one matcher per string, like 'tenant=\"acme\"', got {value!r}")
                                 .format(value=text))
        return values

    @field_validator("urls")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        if len(set(values)) != len(values):
            raise ValueError(_("the same URL is listed twice"))
        return values

    @property
    def parsed_matchers(self) -> tuple[Matcher, ...]:
        return tuple(m for text in self.matchers for m in parse_matchers(text))


class PrometheusConfig(Strict):
    url: Url
    http: HTTPConfig | None = None


class Panel(Strict):
    title: str = Field(min_length=1)
    query: str = Field(min_length=1)
    unit: Unit = "none"
    warn: float | None = None
    crit: float | None = None

    @model_validator(mode="after")
    def _order(self) -> Panel:
        if self.warn is not None and self.crit is not None and self.warn > self.crit:
            raise ValueError(_("warn must not be above crit"))
        return self


class TenantConfig(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$", max_length=63)
    name: str = ""
    language: Language | None = None
    role: Role = "viewer"
    max_silence: Duration = timedelta(days=1)  # the longest silence a responder may create
    http: HTTPConfig = Field(default_factory=HTTPConfig)
    alertmanager: AlertmanagerConfig | None = None
    prometheus: PrometheusConfig | None = None
    panels: list[Panel] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> TenantConfig:
        if self.alertmanager is None and self.prometheus is None:
            raise ValueError(_("a tenant needs [tenants.alertmanager] or [tenants.prometheus]"))
        if self.panels and self.prometheus is None:
            raise ValueError(_("panels need [tenants.prometheus]"))
        return self

    @property
    def display_name(self) -> str:
        return self.name or self.id

    def alertmanager_http(self) -> HTTPConfig:
        return self.http.merged(self.alertmanager.http if self.alertmanager else None)

    def prometheus_http(self) -> HTTPConfig:
        return self.http.merged(self.prometheus.http if self.prometheus else None)


def _default_operator() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"


class UIConfig(Strict):
    language: Language | None = None
    timezone: str = "local"
    refresh: Duration = timedelta(seconds=15)
    metrics_refresh: Duration = timedelta(seconds=30)
    metrics_range: Duration = timedelta(hours=1)
    operator: str = Field(default_factory=_default_operator, min_length=1)
    kiosk: bool = False

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        if value == "local":
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(_("expected \"local\" or an IANA time zone like \"Europe/Paris\", got {value!r}")
                             .format(value=value)) from None
        return value

    @field_validator("refresh", "metrics_refresh", "metrics_range")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value < timedelta(seconds=1):
            raise ValueError(_("expected at least 1s"))
        return value


class AckConfig(Strict):
    duration: Duration = timedelta(minutes=15)
    extend: bool = False  # extend acks while the alert still fires (done by the poller)
    max: Duration = timedelta(hours=4)  # never beyond this since the ack

    @model_validator(mode="after")
    def _order(self) -> AckConfig:
        if self.max < self.duration:
            raise ValueError(_("max must be at least duration"))
        return self


class SlackRoute(Strict):
    """First matching route wins; a route with no tenants/severities/matchers matches all."""

    name: str = ""
    tenants: list[str] = Field(default_factory=list)
    severities: list[str] = Field(default_factory=list)
    matchers: list[str] = Field(default_factory=list)
    channel: str | None = None  # channel id or #name, for the Web API (bot token)
    webhook_url_env: str | None = None  # an incoming webhook instead (no updates possible)
    webhook_url_file: str | None = None
    mention: Literal["none", "here", "channel"] = "here"
    mention_severities: list[str] = Field(default_factory=lambda: ["critical"])
    template: str | None = None  # a Jinja2 file; compiled (and checked) at load time
    _webhook: SecretStr | None = PrivateAttr(default=None)

    @field_validator("matchers")
    @classmethod
    def _parse(cls, values: list[str]) -> list[str]:
        for text in values:
            try:
                parse_matchers(text)
            except MatcherError as exc:
                raise ValueError(str(exc)) from None
        return values

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
        self._webhook = _resolve_secret(self.webhook_url_env, self.webhook_url_file, "webhook_url")
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
    _token: SecretStr | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check(self) -> SlackConfig:
        self._token = _resolve_secret(self.token_env, self.token_file, "token")
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


class AuditConfig(Strict):
    path: str | None = None  # default: user_state_dir("alerttui")/audit.jsonl


class Settings(Strict):
    ui: UIConfig = Field(default_factory=UIConfig)
    ack: AckConfig = Field(default_factory=AckConfig)
    audit: AuditConfig = Field(default_factory=AuditConfig)
    slack: SlackConfig | None = None
    tenants: list[TenantConfig] = Field(min_length=1)
    _source: Path | None = PrivateAttr(default=None)

    @field_validator("tenants")
    @classmethod
    def _unique_ids(cls, tenants: list[TenantConfig]) -> list[TenantConfig]:
        seen: set[str] = set()
        for t in tenants:
            if t.id in seen:
                raise ValueError(_("tenant id {id!r} is used twice").format(id=t.id))
            seen.add(t.id)
        return tenants

    @model_validator(mode="after")
    def _routes_name_tenants(self) -> Settings:
        if self.slack is not None:
            known = {t.id for t in self.tenants}
            for i, route in enumerate(self.slack.routes):
                unknown = [t for t in route.tenants if t not in known]
                if unknown:
                    raise ValueError(_("slack.routes[{i}].tenants: no tenant {ids}").format(
                        i=i, ids=", ".join(unknown)))
        return self

    @property
    def source(self) -> Path | None:
        return self._source

    @property
    def audit_path(self) -> Path | None:
        """``[audit] path`` (``~`` expanded); None: the default, in the state directory."""
        return Path(self.audit.path).expanduser() if self.audit.path else None

    @property
    def outbox_path(self) -> Path | None:
        """``[slack] outbox`` (``~`` expanded); None: the default, in the state directory."""
        return Path(self.slack.outbox).expanduser() if self.slack is not None and self.slack.outbox else None

    def tenant(self, tenant_id: str) -> TenantConfig:
        for t in self.tenants:
            if t.id == tenant_id:
                return t
        raise KeyError(tenant_id)

    def tenant_language(self, tenant: TenantConfig) -> str:
        return tenant.language or self.ui.language or "en"


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


__all__ = [
    "LANGUAGES", "AlertmanagerConfig", "BasicAuth", "ConfigError", "HTTPConfig", "Panel",
    "PrometheusConfig", "Settings", "TLSConfig", "TenantConfig", "UIConfig", "load_settings",
]
