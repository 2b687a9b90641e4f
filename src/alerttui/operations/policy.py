"""Who may do what, per tenant. Kiosk refuses everything; roles: viewer only looks,
responder acks, silences (up to the tenant's max_silence), forwards and expires or edits
its own silences; admin may also expire and edit anyone's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from alerttui.config import TenantConfig
from alerttui.domain import Silence
from alerttui.durations import format_duration
from alerttui.i18n import _


class Action(StrEnum):
    SILENCE = "silence"
    ACK = "ack"
    EXTEND = "extend"
    EXPIRE = "expire"
    EDIT = "edit"
    FORWARD = "forward"

    @property
    def verb(self) -> str:
        return {
            Action.SILENCE: _("silence"), Action.ACK: _("acknowledge"), Action.EXTEND: _("extend an ack"),
            Action.EXPIRE: _("expire silences"), Action.EDIT: _("edit silences"), Action.FORWARD: _("forward"),
        }[self]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


ALLOW = Decision(True)
RESPONDER = {Action.SILENCE, Action.ACK, Action.EXTEND, Action.EXPIRE, Action.EDIT, Action.FORWARD}


def role_allows(tenant: TenantConfig, action: Action) -> bool:
    """Whether the role could ever do ``action`` (used to hide keys); see ``decide``."""
    return tenant.role == "admin" or (tenant.role == "responder" and action in RESPONDER)


def decide(action: Action, tenant: TenantConfig, *, kiosk: bool, operator: str,
           duration: timedelta | None = None, silence: Silence | None = None) -> Decision:
    if kiosk:
        return Decision(False, _("read-only kiosk mode: cannot {verb}").format(verb=action.verb))
    if not role_allows(tenant, action):
        return Decision(False, _("{role} role for tenant {tenant} cannot {verb}").format(
            role=tenant.role, tenant=tenant.id, verb=action.verb))
    if tenant.role == "admin":
        return ALLOW
    if action in (Action.SILENCE, Action.EDIT) and duration is not None and duration > tenant.max_silence:
        return Decision(False, _("{role} role for tenant {tenant} cannot silence for longer than {max}").format(
            role=tenant.role, tenant=tenant.id, max=format_duration(tenant.max_silence)))
    if action in (Action.EXPIRE, Action.EDIT) and silence is not None and silence.created_by != operator:
        return Decision(False, _("{role} role for tenant {tenant} cannot change {who}'s silence").format(
            role=tenant.role, tenant=tenant.id, who=silence.created_by))
    return ALLOW
