"""A tenant's config: how to reach its backends (HTTP headers, bearer token, basic auth or OAuth2,
TLS files, timeout, with per-backend overrides merged over the tenant's), its Alertmanager
URLs and matchers, its Prometheus and the metric panels drawn from it, and its role."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, PrivateAttr, SecretStr, field_validator, model_validator

from alerttui.config.respond import Correlation
from alerttui.config.secrets import read_secret_env, read_secret_file, resolve_secret
from alerttui.config.slo import SLOConfig
from alerttui.config.types import Duration, Language, Role, Strict, Unit, Url
from alerttui.domain.matchers import Matcher, MatcherError, parse_matchers
from alerttui.i18n import _


class BasicAuth(Strict):
    username: str
    password_env: str | None = None
    password_file: str | None = None
    _password: SecretStr | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _load(self) -> BasicAuth:
        secret = resolve_secret(self.password_env, self.password_file, "password")
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


class OAuth2Config(Strict):
    """OAuth2 client credentials: ``oauth2 = { token_url = "https://idp/token", client_id =
    "alerttui", client_secret_env = "IDP_SECRET", scopes = ["metrics.read"] }``."""

    token_url: Url
    client_id: str = Field(min_length=1)
    client_secret_env: str | None = None
    client_secret_file: str | None = None
    scopes: list[str] = Field(default_factory=list)
    endpoint_params: dict[str, str] = Field(default_factory=dict)  # e.g. { audience = "..." }
    _secret: SecretStr | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _load(self) -> OAuth2Config:
        secret = resolve_secret(self.client_secret_env, self.client_secret_file, "client_secret")
        if secret is None:
            raise ValueError(_("oauth2 needs client_secret_env or client_secret_file"))
        parts = urlsplit(self.token_url)
        if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(_("token_url: expected https:// (the client secret would cross the network "
                               "in clear), got {scheme}://{host}").format(scheme=parts.scheme, host=parts.hostname))
        reserved = {"grant_type", "scope", "client_id", "client_secret"} & set(self.endpoint_params)
        if reserved:
            raise ValueError(_("endpoint_params: {names} is set by alerttui").format(names=", ".join(sorted(reserved))))
        self._secret = secret
        return self

    @property
    def client_secret(self) -> SecretStr:
        assert self._secret is not None
        return self._secret


class HTTPConfig(Strict):
    headers: dict[str, str] = Field(default_factory=dict)
    # Headers whose value is a secret (an API key): header name -> environment variable, or
    # header name -> file. ``headers_env = { "X-API-Key" = "GATEWAY_KEY" }``.
    headers_env: dict[str, str] = Field(default_factory=dict)
    headers_file: dict[str, str] = Field(default_factory=dict)
    bearer_token_env: str | None = None
    bearer_token_file: str | None = None
    basic_auth: BasicAuth | None = None
    oauth2: OAuth2Config | None = None
    tls: TLSConfig = Field(default_factory=TLSConfig)
    timeout: Duration = timedelta(seconds=5)
    _bearer: SecretStr | None = PrivateAttr(default=None)
    _secret_headers: dict[str, SecretStr] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _load(self) -> HTTPConfig:
        self._bearer = resolve_secret(self.bearer_token_env, self.bearer_token_file, "bearer_token")
        seen = {k.lower() for k in self.headers}
        secret: dict[str, SecretStr] = {}
        for kind, table in (("headers_env", self.headers_env), ("headers_file", self.headers_file)):
            for name, source in table.items():
                if name.lower() in seen:
                    raise ValueError(_("{kind}: header {name} is set twice").format(kind=kind, name=name))
                seen.add(name.lower())
                secret[name] = (read_secret_env(source, f"{kind}.{name}") if kind == "headers_env"
                                else read_secret_file(source, f"{kind}.{name}"))
        if self._bearer is not None and "authorization" in {k.lower() for k in secret}:
            raise ValueError(_("set either a bearer token or an Authorization header, not both"))
        self._secret_headers = secret
        if self._bearer is not None and self.basic_auth is not None:
            raise ValueError(_("set either a bearer token or basic_auth, not both"))
        if self.oauth2 is not None and (self._bearer is not None or self.basic_auth is not None
                                        or "authorization" in {k.lower() for k in secret}):
            raise ValueError(_("oauth2 sets the Authorization header: set no bearer token, basic_auth "
                               "or Authorization header with it"))
        lowered = {k.lower() for k in self.headers}
        if "authorization" in lowered:
            raise ValueError(_("headers: put credentials in bearer_token_env/_file or basic_auth, "
                               "not in an inline Authorization header"))
        return self

    @property
    def bearer_token(self) -> SecretStr | None:
        return self._bearer

    @property
    def secret_headers(self) -> dict[str, SecretStr]:
        """``headers_env`` and ``headers_file``, read."""
        return dict(self._secret_headers)

    def merged(self, override: HTTPConfig | None) -> HTTPConfig:
        """This config with the fields explicitly set in ``override`` taking precedence.

        Headers are merged key by key; credentials set in the override replace the tenant's.
        """
        if override is None:
            return self
        creds = {"bearer_token_env", "bearer_token_file", "basic_auth", "oauth2"}
        data = {name: getattr(self, name) for name in self.model_fields_set}
        if creds & override.model_fields_set:
            for name in creds:
                data.pop(name, None)
        data.update({name: getattr(override, name) for name in override.model_fields_set})
        data["headers"] = {**self.headers, **override.headers}
        data["headers_env"] = {**self.headers_env, **override.headers_env}
        data["headers_file"] = {**self.headers_file, **override.headers_file}
        return HTTPConfig.model_validate(data)


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
    # With crit: when the trend reaches it (a least-squares line over forecast_range), shown
    # when it is within forecast_horizon and the line explains the data (R² >= forecast_min_r2).
    forecast: bool = True
    forecast_range: Duration = timedelta(hours=6)
    forecast_horizon: Duration = timedelta(hours=24)
    forecast_min_r2: float = Field(default=0.8, ge=0, le=1)
    # Anomaly band: "robust" = rolling median +- anomaly_k robust deviations (1.4826 MAD) of
    # the anomaly_window points before each point (k 4.5 by default); "seasonal" = the mean of
    # the 20 minutes around the same moment a week earlier +- anomaly_k standard deviations of
    # them (k 3 by default; needs a week of the panel's data in Prometheus).
    anomaly: Literal["robust", "seasonal", "off"] = "off"
    anomaly_k: float | None = Field(default=None, gt=0, le=20)
    anomaly_window: int = Field(default=30, ge=5, le=1000)

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
    correlation: Correlation = Field(default_factory=Correlation)
    slos: list[SLOConfig] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> TenantConfig:
        if self.alertmanager is None and self.prometheus is None:
            raise ValueError(_("a tenant needs [tenants.alertmanager] or [tenants.prometheus]"))
        if self.panels and self.prometheus is None:
            raise ValueError(_("panels need [tenants.prometheus]"))
        if self.slos and self.prometheus is None:
            raise ValueError(_("slos need [tenants.prometheus]"))
        names = [s.name for s in self.slos]
        if len(set(names)) != len(names):
            raise ValueError(_("slos: each SLO needs a name of its own"))
        return self

    @property
    def display_name(self) -> str:
        return self.name or self.id

    def alertmanager_http(self) -> HTTPConfig:
        return self.http.merged(self.alertmanager.http if self.alertmanager else None)

    def prometheus_http(self) -> HTTPConfig:
        return self.http.merged(self.prometheus.http if self.prometheus else None)
