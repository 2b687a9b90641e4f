"""The top-level config: ``[ui]``, ``[ack]``, ``[audit]``, ``[slack]`` and the
``[[tenants]]``, as one ``Settings`` with the checks that span tables (unique tenant ids,
Slack routes naming known tenants) and the paths and per-tenant choices derived from them."""

from __future__ import annotations

import getpass
from datetime import timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, PrivateAttr, field_validator, model_validator

from alerttui.config.respond import EscalationPolicy
from alerttui.config.slack import SlackConfig
from alerttui.config.tenants import TenantConfig
from alerttui.config.types import Duration, Language, Strict
from alerttui.i18n import _
from alerttui.privacy import NONE as NO_REDACTION
from alerttui.privacy import RedactError, Redactor


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
    # A new critical alert rings the terminal bell, or asks the terminal for a desktop
    # notification (OSC 9: iTerm2, kitty, WezTerm, foot, Windows Terminal); off by default.
    notify: Literal["none", "bell", "osc9"] = "none"
    # The history view's ranges, in the order ``t`` steps through them; it opens on the last.
    history_ranges: list[Duration] = Field(default_factory=lambda: [timedelta(hours=24), timedelta(days=7)],
                                           min_length=1, max_length=6)

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

    @field_validator("history_ranges")
    @classmethod
    def _ranges(cls, value: list[timedelta]) -> list[timedelta]:
        for r in value:
            if not timedelta(hours=1) <= r <= timedelta(days=90):
                raise ValueError(_("each range: expected between 1h and 90d"))
        if len(set(value)) != len(value):
            raise ValueError(_("each range once"))
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


class AuditConfig(Strict):
    path: str | None = None  # default: user_state_dir("alerttui")/audit.jsonl
    # How long records are kept by ``alerttui audit --prune`` (None: for ever, the default).
    retention: Duration | None = None

    @field_validator("retention")
    @classmethod
    def _retention(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value < timedelta(days=1):
            raise ValueError(_("expected at least 1d"))
        return value


class PrivacyConfig(Strict):
    """``redact``: label or annotation names, ``/regex/`` or presets (``@email``, ``@ipv4``,
    ``@ipv6``) masked in what leaves the machine (see alerttui.privacy)."""

    redact: list[str] = Field(default_factory=list)
    _redactor: Redactor = PrivateAttr(default=NO_REDACTION)

    @model_validator(mode="after")
    def _parse(self) -> PrivacyConfig:
        for i, entry in enumerate(self.redact):
            try:
                Redactor.parse([entry])
            except RedactError as exc:
                raise ValueError(_("redact[{i}]: {reason}").format(i=i, reason=exc)) from None
        self._redactor = Redactor.parse(self.redact)
        return self

    @property
    def redactor(self) -> Redactor:
        return self._redactor


class Settings(Strict):
    ui: UIConfig = Field(default_factory=UIConfig)
    ack: AckConfig = Field(default_factory=AckConfig)
    audit: AuditConfig = Field(default_factory=AuditConfig)
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig)
    slack: SlackConfig | None = None
    tenants: list[TenantConfig] = Field(min_length=1)
    escalation: list[EscalationPolicy] = Field(default_factory=list)
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
        if self.escalation:
            if self.slack is None:
                raise ValueError(_("escalation: needs a [slack] table with the routes its steps name"))
            known = {t.id for t in self.tenants}
            labels = [r.label for r in self.slack.routes]
            for i, policy in enumerate(self.escalation):
                unknown = [t for t in policy.tenants if t not in known]
                if unknown:
                    raise ValueError(_("escalation[{i}].tenants: no tenant {ids}").format(
                        i=i, ids=", ".join(unknown)))
                for j, step in enumerate(policy.steps):
                    target = self.slack.route(step.route)
                    if target is None:
                        raise ValueError(_("escalation[{i}].steps[{j}].route: no Slack route named {route!r} "
                                           "(routes: {labels})").format(i=i, j=j, route=step.route,
                                                                        labels=", ".join(labels)))
                    if not target.channel or self.slack.token is None:
                        raise ValueError(_("escalation[{i}].steps[{j}].route: route {route!r} needs a channel "
                                           "and a bot token (a webhook cannot reply in a thread)").format(
                                               i=i, j=j, route=step.route))
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
