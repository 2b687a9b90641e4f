"""The TOML config contract (DESIGN.md section 3): strict pydantic models.

Unknown keys are errors, durations are strings, secrets come only from ``*_env`` or
``*_file`` and are held as ``SecretStr``. ``load_settings`` turns every problem into a
``ConfigError`` whose lines name the file, the field path and what is expected.

The package is split by job; import from ``alerttui.config`` itself, which re-exports:

- ``types``: the strict base model and the Duration, Url, Language, Role and Unit types;
- ``secrets``: reading secrets from environment variables and files;
- ``tenants``: a tenant, its HTTP settings, Alertmanager, Prometheus and panels;
- ``slack``: the ``[slack]`` table and its routes;
- ``models``: ``[ui]``, ``[ack]``, ``[audit]`` and the top-level ``Settings``;
- ``loading``: reading the TOML file and turning errors into ``ConfigError`` lines.
"""

from __future__ import annotations

from alerttui.config.loading import (
    ConfigError,
    field_path,
    load_settings,
    parse_settings,
    validation_problems,
)
from alerttui.config.models import AckConfig, AuditConfig, PrivacyConfig, Settings, UIConfig
from alerttui.config.respond import Correlation, EscalationPolicy, EscalationStep, SlackUser
from alerttui.config.secrets import read_secret_env, read_secret_file, resolve_secret
from alerttui.config.slack import SlackConfig, SlackRoute
from alerttui.config.tenants import (
    AlertmanagerConfig,
    BasicAuth,
    HTTPConfig,
    OAuth2Config,
    Panel,
    PrometheusConfig,
    TenantConfig,
    TLSConfig,
)
from alerttui.config.types import Duration, Language, Role, Strict, Unit, Url
from alerttui.i18n import LANGUAGES

__all__ = [
    "LANGUAGES",
    "AckConfig",
    "AlertmanagerConfig",
    "AuditConfig",
    "BasicAuth",
    "ConfigError",
    "Correlation",
    "Duration",
    "EscalationPolicy",
    "EscalationStep",
    "HTTPConfig",
    "Language",
    "OAuth2Config",
    "Panel",
    "PrivacyConfig",
    "PrometheusConfig",
    "Role",
    "Settings",
    "SlackConfig",
    "SlackRoute",
    "SlackUser",
    "Strict",
    "TLSConfig",
    "TenantConfig",
    "UIConfig",
    "Unit",
    "Url",
    "field_path",
    "load_settings",
    "parse_settings",
    "read_secret_env",
    "read_secret_file",
    "resolve_secret",
    "validation_problems",
]
