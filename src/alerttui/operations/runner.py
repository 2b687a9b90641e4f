"""``Operations``: the one door for writes, used by the UI and the CLI alike.

Each call: validate the input -> policy (kiosk, role, limits) -> client call (a silence is
written to one replica, falling back to the next) -> one audit record whatever the
outcome -> a ``Result`` the caller shows. Tenant scope matchers are always ANDed into a
silence, so a tenant can never silence another tenant's alerts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from alerttui.clients.errors import BackendError
from alerttui.clients.tenant import TenantClients
from alerttui.config import Settings
from alerttui.domain import ACK_PREFIX, Alert, Matcher, Silence, SilenceState, format_matchers, utcnow
from alerttui.domain.intents import Result, SilenceRequest, Unchanged
from alerttui.durations import format_duration
from alerttui.i18n import _
from alerttui.operations.audit import AuditLog
from alerttui.operations.policy import Action, Decision, decide, role_allows

__all__ = ["Change", "Operations", "Result", "SilenceRequest", "Unchanged", "ack_comment", "exact_matchers"]

log = logging.getLogger(__name__)


def ack_comment(operator: str) -> str:
    return f"{ACK_PREFIX} {operator} via alerttui"


def exact_matchers(alert: Alert) -> tuple[Matcher, ...]:
    return tuple(Matcher.equal(k, v) for k, v in sorted(alert.labels.items()))


@dataclass(frozen=True)
class Change:
    """A write that succeeded: what it did, on which tenant, with which matchers."""

    tenant: str
    action: Action
    matchers: tuple[Matcher, ...]
    operator: str
    ends_at: datetime | None = None
    comment: str = ""


class Operations:
    def __init__(self, settings: Settings, clients: Mapping[str, TenantClients], audit: AuditLog, *,
                 kiosk: bool = False, clock: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings
        self.clients = clients
        self.audit = audit
        self.kiosk = kiosk or settings.ui.kiosk
        self.operator = settings.ui.operator
        self.clock = clock
        # Told of every successful write (e.g. Slack threads follow acks, silences, expiry).
        self.listeners: list[Callable[[Change], None]] = []
        self.context: dict[str, Any] = {}  # added to every audit record's parameters

    def acting_as(self, operator: str, roles: Mapping[str, str], context: Mapping[str, Any]) -> Operations:
        """The same door for someone else (a Slack user pressing a button): their operator
        name in silences and the audit log, ``roles`` per tenant (the caller keeps them at or
        below the config's), ``context`` (the Slack user id) in every audit record. The
        same clients, audit log and listeners; kiosk stays kiosk."""
        tenants = [t.model_copy(update={"role": roles[t.id]}) if t.id in roles else t for t in self.settings.tenants]
        settings = self.settings.model_copy(update={"tenants": tenants,
                                                    "ui": self.settings.ui.model_copy(update={"operator": operator})})
        other = Operations(settings, self.clients, self.audit, kiosk=self.kiosk, clock=self.clock)
        other.listeners = self.listeners
        other.context = dict(context)
        return other

    # -- policy helpers for the UI ------------------------------------------------------------

    def may(self, action: Action, tenant: str) -> bool:
        """Whether ``action`` can ever be allowed for ``tenant`` (to hide keys and commands)."""
        return not self.kiosk and role_allows(self.settings.tenant(tenant), action)

    def precheck(self, tenant: str, action: Action, target: str,
                 params: dict[str, Any] | None = None) -> Result | None:
        """Kiosk and role, before any backend is asked or any input checked (the action
        itself checks the rest): a refusal is audited and returned; None: go on."""
        d = decide(action, self.settings.tenant(tenant), kiosk=self.kiosk, operator=self.operator)
        if d.allowed:
            return None
        return self.record(tenant, action, target, self._refused(d), params or {})

    def scope(self, tenant: str) -> tuple[Matcher, ...]:
        return self.clients[tenant].scope

    def scoped(self, tenant: str, matchers: Iterable[Matcher]) -> tuple[Matcher, ...]:
        scope = self.scope(tenant)
        return (*scope, *(m for m in matchers if m not in scope))

    def in_scope(self, tenant: str, silence: Silence) -> bool:
        """Whether ``silence`` is the tenant's: it has every scope matcher."""
        return all(m in silence.matchers for m in self.scope(tenant))

    def my_acks(self, alert: Alert, silences: Mapping[str, Silence]) -> list[Silence]:
        """This operator's acks of ``alert`` (``silences`` by id, as fetched with it)."""
        mine = ack_comment(self.operator)
        return [s for sid in alert.silenced_by if (s := silences.get(sid)) is not None and s.comment == mine]

    def my_ack(self, alert: Alert, silences: Mapping[str, Silence]) -> Silence | None:
        """This operator's active ack of ``alert``, if any."""
        return next((s for s in self.my_acks(alert, silences) if s.state is SilenceState.ACTIVE), None)

    # -- the audit + result plumbing ------------------------------------------------------------

    def record_queued(self, tenant: str, action: str, target: str, parameters: dict[str, Any]) -> None:
        """A record for what was queued on the operator's behalf (a forward, a Slack thread
        update): the forwarder writes through here, so there is one audit writer."""
        self.audit.append(operator=self.operator, tenant=tenant, action=action, target=target, result="queued",
                          parameters={**parameters, **self.context}, now=self.clock())

    def record(self, tenant: str, action: Action, target: str, result: Result,
               parameters: dict[str, Any]) -> Result:
        """The audit record of an attempt, whatever its outcome; returns ``result``."""
        self.audit.append(
            operator=self.operator, tenant=tenant, action=action.value, target=target,
            result="ok" if result.ok else ("refused" if result.refused else "failed"),
            parameters={**parameters, **self.context}, error=None if result.ok else result.message,
            silence_id=result.silence_id, now=self.clock())
        return result

    def _refused(self, d: Decision) -> Result:
        return Result(False, d.reason, refused=True)

    async def _write(self, clients: TenantClients, req: SilenceRequest, matchers: Sequence[Matcher],
                     comment: str) -> Result:
        errors: list[str] = []
        for am in clients.alertmanagers:
            try:
                new_id = await am.create_silence(matchers, req.starts_at, req.ends_at, self.operator, comment,
                                                 req.silence_id)
            except BackendError as exc:
                errors.append(str(exc))
                continue
            return Result(True, "", silence_id=new_id, replica=am.url)
        if not clients.alertmanagers:
            return Result(False, _("tenant {tenant} has no Alertmanager").format(tenant=req.tenant))
        return Result(False, _("every Alertmanager replica failed: {errors}").format(errors="; ".join(errors)))

    # -- actions --------------------------------------------------------------------------------

    def validate(self, req: SilenceRequest) -> str | None:
        """The first problem with a silence request, or None."""
        if not req.comment.strip():
            return _("comment: a comment is required (why, and a ticket if there is one)")
        if req.ends_at <= req.starts_at:
            return _("end: must be after the start")
        if req.ends_at <= self.clock():
            return _("end: must be in the future")
        if not self.scoped(req.tenant, req.matchers):
            return _("matchers: at least one matcher is required")
        scope = self.scope(req.tenant)
        for m in req.matchers:
            # Another value of a scope label would put a second tenant's scope in this tenant's
            # silence: it would match nothing, yet show (and be expirable) in the other tenant.
            if m not in scope and any(s.name == m.name for s in scope):
                return _("matchers: {label} is tenant {tenant}'s scope label, always {scope}").format(
                    label=m.name, tenant=req.tenant,
                    scope=", ".join(str(s) for s in scope if s.name == m.name))
        return None

    async def silence(self, req: SilenceRequest, action: Action = Action.SILENCE,
                      existing: Silence | None = None, comment: str | None = None) -> Result:
        """Create (or edit, with ``req.silence_id``) a silence; the new id is in the result."""
        tenant = self.settings.tenant(req.tenant)
        matchers = self.scoped(req.tenant, req.matchers)
        params = {"matchers": format_matchers(matchers), "startsAt": req.starts_at.isoformat(),
                  "endsAt": req.ends_at.isoformat(), "duration": format_duration(req.ends_at - req.starts_at),
                  "comment": comment or req.comment}
        target = req.alert or req.silence_id or format_matchers(matchers)
        problem = self.validate(req)
        if problem:
            return self.record(req.tenant, action, target, Result(False, problem, invalid=True), params)
        d = decide(action, tenant, kiosk=self.kiosk, operator=self.operator,
                   duration=req.ends_at - max(req.starts_at, self.clock()), silence=existing)
        if not d.allowed:
            return self.record(req.tenant, action, target, self._refused(d), params)
        result = await self._write(self.clients[req.tenant], req, matchers, comment or req.comment)
        if result.ok:
            msg = (_("silence {id} updated (new id {new})").format(id=req.silence_id, new=result.silence_id)
                   if req.silence_id and req.silence_id != result.silence_id
                   else _("silence {id} saved until {end}").format(id=result.silence_id,
                                                                   end=req.ends_at.strftime("%H:%M UTC")))
            result = Result(True, msg, silence_id=result.silence_id, replica=result.replica)
            params["replica"] = result.replica
            self.record(req.tenant, action, target, result, params)
            self._notify(Change(req.tenant, action, matchers, self.operator, req.ends_at, comment or req.comment))
            return result
        return self.record(req.tenant, action, target, result, params)

    def _notify(self, change: Change) -> None:
        for listener in self.listeners:
            try:
                listener(change)
            except Exception:  # a listener's bug must not lose the audit record
                log.exception("listener failed for %s", change.action)

    async def ack(self, alert: Alert, duration: timedelta | None = None) -> Result:
        """Acknowledge: a short silence on the alert's exact labels, comment ``ACK! <operator> via alerttui``."""
        now = self.clock()
        req = SilenceRequest(tenant=alert.tenant, matchers=exact_matchers(alert), starts_at=now,
                             ends_at=now + (duration or self.settings.ack.duration), comment=ack_comment(self.operator),
                             alert=alert.fingerprint)
        result = await self.silence(req, Action.ACK)
        if result.ok:
            return Result(True, _("{alert} acknowledged for {d}").format(
                alert=alert.alertname, d=format_duration(req.ends_at - now)), silence_id=result.silence_id,
                replica=result.replica)
        return result

    async def extend_ack(self, alert: Alert, silence: Silence) -> Result:
        """Push an ack's end out by another ack duration, never beyond ``[ack] max`` since it began."""
        now = self.clock()
        limit = silence.starts_at + self.settings.ack.max
        ends = min(now + self.settings.ack.duration, limit)
        if ends <= silence.ends_at:
            why = Unchanged.AT_MAX if limit <= silence.ends_at else Unchanged.RUNS_LONGER
            return Result(False, _("ack already at its maximum"), unchanged=why)
        req = SilenceRequest(tenant=alert.tenant, matchers=silence.matchers, starts_at=silence.starts_at,
                             ends_at=ends, comment=silence.comment, silence_id=silence.id, alert=alert.fingerprint)
        return await self.silence(req, Action.EXTEND, existing=silence)

    async def extend_acks(self, tenant: str, alerts: Iterable[Alert], silences: Mapping[str, Silence]) -> list[Result]:
        """Extend this operator's acks of alerts that still fire and whose ack ends soon."""
        if not self.settings.ack.extend or self.kiosk:
            return []
        now = self.clock()
        soon = self.settings.ack.duration / 3
        out = []
        for alert in alerts:
            for sil in self.my_acks(alert, silences):
                if sil.ends_at - now > soon:
                    continue
                if sil.ends_at >= sil.starts_at + self.settings.ack.max:
                    continue
                out.append(await self.extend_ack(alert, sil))
        return out

    async def expire(self, tenant: str, silence: Silence) -> Result:
        t = self.settings.tenant(tenant)
        params = {"matchers": format_matchers(silence.matchers), "createdBy": silence.created_by,
                  "comment": silence.comment}
        d = decide(Action.EXPIRE, t, kiosk=self.kiosk, operator=self.operator, silence=silence)
        if not d.allowed:
            return self.record(tenant, Action.EXPIRE, silence.id, self._refused(d), params)
        if not self.in_scope(tenant, silence):
            result = Result(False, _("silence {id} is outside tenant {tenant}'s scope").format(
                id=silence.id, tenant=tenant), refused=True)
            return self.record(tenant, Action.EXPIRE, silence.id, result, params)
        errors = []
        for am in self.clients[tenant].alertmanagers:
            try:
                await am.expire_silence(silence.id)
            except BackendError as exc:
                errors.append(str(exc))
                continue
            params["replica"] = am.url
            done = self.record(tenant, Action.EXPIRE, silence.id,
                                Result(True, _("silence {id} expired").format(id=silence.id), silence_id=silence.id,
                                       replica=am.url), params)
            self._notify(Change(tenant, Action.EXPIRE, silence.matchers, self.operator))
            return done
        return self.record(tenant, Action.EXPIRE, silence.id, Result(False, _(
            "every Alertmanager replica failed: {errors}").format(errors="; ".join(errors))), params)
