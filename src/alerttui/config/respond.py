"""Responding as a team: how a tenant's alerts form incidents (``[tenants.correlation]``),
the Slack users allowed to act from Slack buttons (``[slack.users]``), and the
``[[escalation]]`` policies that page the next person when nobody acknowledges."""

from __future__ import annotations

import re
from datetime import timedelta

from pydantic import Field, field_validator, model_validator

from alerttui.config.types import Duration, Matchers, Role, Strict
from alerttui.domain.matchers import Matcher, parse_matchers
from alerttui.i18n import _

ROLE_RANK = {"viewer": 0, "responder": 1, "admin": 2}
# What Slack itself accepts as a mention in a message: a user, a user group, a channel
# broadcast. Anything else in ``mention`` would be posted as literal text.
MENTION = re.compile(r"^(<@[UW][A-Z0-9]+>|<!subteam\^S[A-Z0-9]+(\|[^<>]*)?>|<!(here|channel|everyone)>)$")
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


class Correlation(Strict):
    """Alerts of one tenant that share these label values and start within ``window`` of
    the incident's first alert form one incident. No labels: Alertmanager's own groups."""

    labels: list[str] | None = None
    window: Duration = timedelta(minutes=10)

    @field_validator("labels")
    @classmethod
    def _labels(cls, values: list[str] | None) -> list[str] | None:
        if values is not None:
            if not values:
                raise ValueError(_("expected at least one label name, or no labels key for Alertmanager's groups"))
            bad = [v for v in values if not re.match(r"^[a-zA-Z_][a-zA-Z0-9_]*$", v)]
            if bad:
                raise ValueError(_("not a label name: {names}").format(names=", ".join(map(repr, bad))))
        return values

    @field_validator("window")
    @classmethod
    def _window(cls, value: timedelta) -> timedelta:
        if value < timedelta(seconds=1):
            raise ValueError(_("expected at least 1s"))
        return value


class SlackUser(Strict):
    """A Slack user allowed to act from buttons: who they are in the audit log, and the
    role they act with (per tenant if given); never above the tenant's configured role."""

    operator: str = Field(min_length=1, max_length=100)
    role: Role = "responder"
    roles: dict[str, Role] = Field(default_factory=dict)

    def role_for(self, tenant: str, tenant_role: str) -> str:
        wanted = self.roles.get(tenant, self.role)
        return wanted if ROLE_RANK[wanted] <= ROLE_RANK.get(tenant_role, 0) else tenant_role


class EscalationStep(Strict):
    after: Duration
    route: str = Field(min_length=1)
    mention: str | None = None

    @field_validator("mention")
    @classmethod
    def _mention(cls, value: str | None) -> str | None:
        if value is not None and not MENTION.match(value):
            raise ValueError(_("expected a Slack mention like \"<@U123ABC>\", \"<!subteam^S123>\" or \"<!here>\", "
                               "got {value!r}").format(value=value))
        return value


class EscalationPolicy(Strict):
    """Who is paged, and when, about an incident nobody acknowledged or silenced. The
    first policy whose tenants, severities and matchers all match an incident's lead alert
    applies. ``repeat``: the last step is sent again this often until someone responds."""

    name: str = ""
    tenants: list[str] = Field(default_factory=list)
    severities: list[str] = Field(default_factory=list)
    matchers: Matchers = Field(default_factory=list)
    steps: list[EscalationStep] = Field(min_length=1)
    repeat: Duration | None = None

    @model_validator(mode="after")
    def _order(self) -> EscalationPolicy:
        afters = [s.after for s in self.steps]
        if afters != sorted(afters) or len(set(afters)) != len(afters):
            raise ValueError(_("steps: each step's after must be later than the one before"))
        if self.repeat is not None and self.repeat < timedelta(minutes=1):
            raise ValueError(_("repeat: expected at least 1m"))
        return self

    @property
    def parsed_matchers(self) -> tuple[Matcher, ...]:
        return tuple(m for text in self.matchers for m in parse_matchers(text))

    def label(self, index: int) -> str:
        return self.name or f"escalation[{index}]"
