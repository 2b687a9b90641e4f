"""Escalation: an incident that nobody acknowledged or silenced is posted, step by step, to
each step's route with its mention, until someone responds or it resolves.

A *cycle* runs from when an incident needs someone (it starts firing, or an ack runs out
while it still fires) until it is acknowledged, silenced or resolved. The cycles live in the
outbox's database and each step is an outbox item whose ``dedup_key`` names the incident,
the cycle and the step: the step is durable before anything is sent, and a second process,
or a restart between recording and sending, cannot send it twice (the outbox refuses the
same key). Only the latest due step of a cycle is sent: after downtime, the secondary is
paged, not the primary and then the secondary a second later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from alerttui.config import EscalationPolicy, EscalationStep, Settings
from alerttui.domain import Silence, matches_all
from alerttui.domain.incidents import Incident
from alerttui.durations import format_duration
from alerttui.i18n import N_, _, translator

# What is kept of an incident no tick has listed for this long is dropped (it is a cache of
# the outbox's cycles and steps: read again if the incident comes back).
FORGET_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Planned:
    number: int  # 1-based step number
    repeat: int  # 0: the step itself; k: its k-th repeat (the last step only)
    step: EscalationStep
    due_at: datetime

    @property
    def key(self) -> str:
        return f"{self.number}" + (f"r{self.repeat}" if self.repeat else "")


def policy_for(settings: Settings, incident: Incident) -> tuple[int, EscalationPolicy] | None:
    lead = incident.lead
    if lead is None:
        return None
    for i, policy in enumerate(settings.escalation):
        if policy.tenants and incident.tenant not in policy.tenants:
            continue
        if policy.severities and lead.labels.get("severity", "") not in policy.severities:
            continue
        if not matches_all(policy.parsed_matchers, lead.labels):
            continue
        return i, policy
    return None


def plan(policy: EscalationPolicy, start: datetime, now: datetime) -> tuple[Planned | None, Planned | None]:
    """(the latest step due by ``now``, the next one after it) of a cycle begun at ``start``."""
    steps = policy.steps
    due = [i for i, s in enumerate(steps) if start + s.after <= now]
    latest = Planned(due[-1] + 1, 0, steps[due[-1]], start + steps[due[-1]].after) if due else None
    if len(due) < len(steps):
        i = len(due)
        return latest, Planned(i + 1, 0, steps[i], start + steps[i].after)
    if policy.repeat is None:
        return latest, None
    last = steps[-1]
    k = int((now - (start + last.after)) / policy.repeat)
    if k >= 1:
        latest = Planned(len(steps), k, last, start + last.after + k * policy.repeat)
    return latest, Planned(len(steps), k + 1, last, start + last.after + (k + 1) * policy.repeat)


class Escalator:
    """Runs the cycles of every incident a policy covers; ``tick`` after each poll, by the
    process that does the duties. ``forwarder`` posts; ``record(tenant, action, target,
    params)`` audits; ``emit(kind, message, tenant, fields)`` tells the faces."""

    def __init__(self, settings: Settings, outbox: Any, forwarder: Any, record: Callable[..., None],
                 emit: Callable[[str, str, str, dict[str, Any]], None], clock: Callable[[], datetime]) -> None:
        self.settings = settings
        self.outbox = outbox
        self.forwarder = forwarder
        self.record = record
        self.emit = emit
        self.clock = clock
        # incident -> its latest cycle (start, stop or None), read once from the outbox and then
        # kept up to date here: no query per incident on every poll or outlook.
        self._latest: dict[str, tuple[float, float | None] | None] = {}
        self._sent: dict[str, set[str]] = {}  # cycle prefix -> the step keys queued in it
        # incident -> when a tick last saw it: what the correlator has forgotten (resolved over
        # an hour ago, or past its last 100) is forgotten here too, or a watch running for
        # months would keep every incident it ever saw.
        self._seen: dict[str, datetime] = {}
        self._next_forget: datetime | None = None

    def _cycle(self, incident: str) -> float | None:
        """The start of the incident's running cycle, or None."""
        if incident not in self._latest:
            self._latest[incident] = self.outbox.open_cycle(incident)
        latest = self._latest[incident]
        return latest[0] if latest is not None and latest[1] is None else None

    def cycle_start(self, incident: Incident) -> datetime:
        """When the incident's running cycle began, or when one would begin now: at the
        incident's start the first time, now after an earlier cycle was stopped."""
        start = self._cycle(incident.id)
        if start is not None:
            return datetime.fromtimestamp(start, UTC)
        return incident.started_at if self._latest.get(incident.id) is None else self.clock()

    def _keys(self, prefix: str) -> set[str]:
        if prefix not in self._sent:
            self._sent[prefix] = self.outbox.dedup_keys(prefix)
        return self._sent[prefix]

    def tick(self, incidents: Iterable[Incident],
             silences: Callable[[str], Mapping[str, Silence]] | None = None) -> int:
        """Send what is due, stop what was answered (``silences(tenant)``: the tenant's
        silences by id, to say whether it was acknowledged or silenced); how many steps
        were queued."""
        if not self.settings.escalation:
            return 0
        now = self.clock()
        sent = 0
        for incident in incidents:
            self._seen[incident.id] = now
            if not incident.needs_response:  # acknowledged, silenced or resolved
                if self._cycle(incident.id) is not None:
                    self._stop(incident, now, silences(incident.tenant) if silences is not None else None)
                continue
            found = policy_for(self.settings, incident)
            if found is None:
                continue
            index, policy = found
            start = self._cycle(incident.id)
            if start is None:
                start = self.outbox.start_cycle(incident.id, self.cycle_start(incident).timestamp())
                self._latest[incident.id] = (start, None)
            latest, _next = plan(policy, datetime.fromtimestamp(start, UTC), now)
            if latest is None:
                continue
            prefix = f"escalation:{incident.id}:{start:.0f}:"
            done = self._keys(prefix)
            if prefix + latest.key in done or any(_later(k.removeprefix(prefix), latest) for k in done):
                continue
            if self._send(incident, policy, index, latest, prefix + latest.key, start):
                sent += 1
            # Queued by this process or found queued by another: either way it is out.
            done.add(prefix + latest.key)
        self._forget(now)
        return sent

    def _forget(self, now: datetime) -> None:
        """Every few minutes, drop what is kept of incidents no tick has seen for a while."""
        if self._next_forget is not None and now < self._next_forget:
            return
        self._next_forget = now + FORGET_AFTER / 2
        gone = {iid for iid, seen in self._seen.items() if now - seen > FORGET_AFTER}
        if not gone:
            return
        for iid in gone:
            del self._seen[iid]
            self._latest.pop(iid, None)
        for prefix in [p for p in self._sent if p.split(":", 2)[1] in gone]:
            del self._sent[prefix]

    def _send(self, incident: Incident, policy: EscalationPolicy, index: int, step: Planned, key: str,
              start: float) -> bool:
        assert self.settings.slack is not None
        route = self.settings.slack.route(step.step.route)
        if route is None or route.channel is None:
            return False
        lang = self.settings.tenant_language(self.settings.tenant(incident.tenant))
        t = translator(lang).gettext
        waited = format_duration(step.due_at - datetime.fromtimestamp(start, UTC))
        text = t(N_("Escalation {n} of {total} ({policy}): {title} not acknowledged after {after}")).format(
            n=step.number, total=len(policy.steps), policy=policy.label(index), title=incident.title, after=waited)
        if step.repeat:
            reminder = t(N_("reminder {k}")).format(k=step.repeat)
            text += f" ({reminder})"
        channel = self.forwarder.escalate(incident.tenant, incident.alerts, route=route, text=text,
                                          mention=step.step.mention, dedup_key=key)
        if channel is None:
            return False  # another process (or an earlier run) queued it
        params = {"incident": incident.id, "policy": policy.label(index), "step": step.number,
                  "repeat": step.repeat, "route": route.label, "channel": channel,
                  "mention": step.step.mention or "", "after": format_duration(step.step.after),
                  "cycle_started": datetime.fromtimestamp(start, UTC).isoformat()}
        self.record(incident.tenant, "escalate", incident.id, params)
        self.emit("escalated", _("incident {id} escalated to {route} (step {n} of {total})").format(
            id=incident.id, route=route.label, n=step.number, total=len(policy.steps)), incident.tenant, params)
        return True

    def _stop(self, incident: Incident, now: datetime, silences: Mapping[str, Silence] | None) -> None:
        """``silences`` None: not known at all (say "silenced" rather than wait)."""
        reason = "resolved" if incident.state == "resolved" else (
            _why(incident, silences) if silences is not None else "silenced")
        if reason is None:
            return  # a silence newer than the poll's list of silences: say why at the next poll
        start = self.outbox.stop_cycle(incident.id, now.timestamp(), reason)
        if start is None:
            self._latest.pop(incident.id, None)  # another process stopped it: read it again when needed
            return
        self._latest[incident.id] = (start, now.timestamp())
        steps = self._sent.pop(f"escalation:{incident.id}:{start:.0f}:", None) or \
            self.outbox.dedup_keys(f"escalation:{incident.id}:{start:.0f}:")
        if not steps:
            return  # answered before anyone was paged: nothing to say
        params = {"incident": incident.id, "reason": reason, "steps_sent": len(steps),
                  "cycle_started": datetime.fromtimestamp(start, UTC).isoformat()}
        self.record(incident.tenant, "escalation-stopped", incident.id, params)
        self.emit("escalation-stopped", _("incident {id}: escalation stopped ({reason})").format(
            id=incident.id, reason=_(reason)), incident.tenant, params)

    def outlook(self, incident: Incident) -> str:
        """For people: "escalates to oncall-secondary in 4m", or "" when nothing will."""
        found = policy_for(self.settings, incident)
        if found is None or not incident.needs_response:
            return ""
        _index, policy = found
        now = self.clock()
        start = self.cycle_start(incident)
        latest, nxt = plan(policy, start, now)
        if nxt is not None:
            left = max(timedelta(0), nxt.due_at - now)
            if left >= timedelta(minutes=10):  # "in 1h55m", not "in 1h54m55s"
                left = timedelta(minutes=round(left.total_seconds() / 60))
            return _("escalates to {route} in {time}").format(route=nxt.step.route, time=format_duration(left))
        if latest is not None:
            return _("escalated to {route} (step {n} of {total})").format(
                route=latest.step.route, n=latest.number, total=len(policy.steps))
        return ""


def _why(incident: Incident, silences: Mapping[str, Silence]) -> str | None:
    """acknowledged when every silence on the incident's alerts is an ack, else silenced;
    None when one of them is not in ``silences`` yet (it was made between the poll's reads)."""
    found = [silences.get(sid) for a in incident.alerts for sid in a.silenced_by]
    if any(s is None for s in found):
        return None
    return "acknowledged" if found and all(s is not None and s.is_ack for s in found) else "silenced"


def _later(key: str, than: Planned) -> bool:
    """Whether step key ``key`` ("2", "2r3") of the same cycle comes after ``than``."""
    number, _r, repeat = key.partition("r")
    try:
        n, k = int(number), int(repeat or 0)
    except ValueError:
        return False
    return (n, k) > (than.number, than.repeat)


REASONS = (N_("acknowledged"), N_("silenced"), N_("resolved"))
