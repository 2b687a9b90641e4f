"""``Forwarder``: turns operator intents and alert life events into outbox items.

- ``forward``: the route's channel (one message per alert, Block Kit, the tenant's
  language), or its webhook (same content, no updates possible), plus an optional
  dashboard screenshot in the thread;
- ``silenced`` / ``expired``: a reply in each affected alert's thread and an update of the
  root's status line;
- ``track``: resolution, detected when a forwarded alert leaves Alertmanager (on a
  successful poll) or its ``endsAt`` passes: a reply, and the root turns green.
Every forward and thread update is an audit record, written through ``Operations`` (the
one audit writer).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from alerttui.clients.slack import SlackClient
from alerttui.config import Settings, SlackRoute, TenantConfig
from alerttui.domain import Alert, Matcher, Snapshot, matches_all, utcnow
from alerttui.domain.serialize import alert_from_dict, alert_to_dict
from alerttui.forwarding.outbox import Outbox, Thread
from alerttui.forwarding.render import alert_message, reply_text
from alerttui.forwarding.routes import mention_for, route_for
from alerttui.forwarding.worker import OutboxWorker
from alerttui.i18n import local_tz
from alerttui.operations.policy import Action
from alerttui.operations.runner import Change, Operations


@dataclass(frozen=True)
class ForwardPlan:
    route: SlackRoute | None
    target: str  # channel name, or the route label for a webhook
    webhook_only: bool
    last_forward: float | None  # when this alert last went to this target (dedup window)


class Forwarder:
    def __init__(self, settings: Settings, outbox: Outbox, ops: Operations, *,
                 client: SlackClient | None = None, clock: Callable[[], datetime] = utcnow) -> None:
        assert settings.slack is not None
        self.settings = settings
        self.slack = settings.slack
        self.outbox = outbox
        self.ops = ops
        self.operator = ops.operator
        self.clock = clock
        self.client = client or SlackClient(self.slack.token, self.slack.base_url)
        self.worker = OutboxWorker(outbox, self.slack, self.client)

    # -- helpers ------------------------------------------------------------------------------

    def _tenant(self, tenant: str) -> TenantConfig:
        return self.settings.tenant(tenant)

    def _lang(self, tenant: str) -> str:
        return self.settings.tenant_language(self._tenant(tenant))

    @property
    def buttons(self) -> bool:
        """Messages carry buttons only when their clicks can arrive (an app token)."""
        return self.slack.app_token is not None

    def tz(self) -> tzinfo:
        return self._tz()

    def _tz(self) -> tzinfo:
        tz = self.settings.ui.timezone
        return local_tz() if tz == "local" else ZoneInfo(tz)

    def _record(self, tenant: str, action: str, target: str, params: dict[str, object]) -> None:
        self.ops.record_queued(tenant, action, target, params)

    # -- forwarding ---------------------------------------------------------------------------

    def plan(self, alert: Alert) -> ForwardPlan:
        route = route_for(self.slack, alert)
        if route is None:
            return ForwardPlan(None, "", False, None)
        webhook_only = route.webhook_url is not None and not (route.channel and self.client.has_token)
        target = route.label if webhook_only else str(route.channel)
        return ForwardPlan(route, target, webhook_only, self.outbox.last_forward(alert.tenant, alert.fingerprint,
                                                                                  target))

    def recently_forwarded(self, plan: ForwardPlan) -> bool:
        return plan.last_forward is not None and \
            time.time() - plan.last_forward < self.slack.dedup_window.total_seconds()

    def forward(self, alert: Alert, note: str = "", screenshot: str | None = None) -> ForwardPlan:
        plan = self.plan(alert)
        if plan.route is None:
            return plan
        tenant = self._tenant(alert.tenant)
        redact = self.settings.privacy.redactor  # [privacy] redact: masked before it leaves (and in the outbox)
        shown, note = redact.alert(alert), redact.text(note)
        message = alert_message(shown, tenant_name=tenant.display_name, language=self._lang(alert.tenant),
                                tz=self._tz(), operator=self.operator, note=note,
                                mention=mention_for(plan.route, alert), template=plan.route.template,
                                buttons=self.buttons and not plan.webhook_only)
        kind = "webhook" if plan.webhook_only else "post"
        self.outbox.enqueue(tenant=alert.tenant, fingerprint=alert.fingerprint, route=plan.route.label,
                            channel=plan.target, kind=kind, operator=self.operator,
                            payload={"message": message.payload(), "alert": alert_to_dict(shown), "note": note})
        if screenshot:
            screenshot = redact.text(screenshot)
        if screenshot and not plan.webhook_only and self.slack.screenshot:
            self.outbox.enqueue(tenant=alert.tenant, fingerprint=alert.fingerprint, route=plan.route.label,
                                channel=plan.target, kind="upload", operator=self.operator,
                                payload={"content": screenshot, "filename": "alerttui-dashboard.svg",
                                         "title": f"alerttui {alert.tenant}"})
        self._record(alert.tenant, "forward", alert.fingerprint,
                     {"channel": plan.target, "route": plan.route.label, "kind": kind, "note": note})
        self.worker.wake()
        return plan

    # -- threads that follow the alert -----------------------------------------------------------

    def _thread_event(self, thread: Thread, status: str, reply: str, detail: str) -> None:
        alert = alert_from_dict(thread.alert)
        tenant = self._tenant(thread.tenant)
        root = alert_message(alert, tenant_name=tenant.display_name, language=self._lang(thread.tenant), tz=self._tz(),
                             operator=self.operator, note="", status=status, status_detail=detail,
                             buttons=self.buttons)
        common = {"tenant": thread.tenant, "fingerprint": thread.fingerprint, "route": thread.route,
                  "channel": thread.channel, "operator": self.operator}
        self.outbox.enqueue(kind="reply", payload={"message": {"text": reply}}, **common)
        self.outbox.enqueue(kind="update", payload={"message": root.payload(), "status": status}, **common)
        self.outbox.set_thread_status(thread.tenant, thread.fingerprint, thread.channel, status)
        self._record(thread.tenant, f"thread-{status}", thread.fingerprint, {"channel": thread.channel, "reply": reply})
        self.worker.wake()

    def _affected(self, tenant: str, matchers: Sequence[Matcher]) -> list[Thread]:
        return [t for t in self.outbox.threads(tenant, open_only=True)
                if matches_all(matchers, t.alert.get("labels", {}))]

    def silenced(self, tenant: str, matchers: Sequence[Matcher], *, ack: bool, who: str, until: datetime,
                 comment: str) -> int:
        threads = self._affected(tenant, matchers)
        lang, tz = self._lang(tenant), self._tz()
        event = "acknowledged" if ack else "silenced"
        for thread in threads:
            reply = reply_text(event, lang, tz, who=who, until=until, comment=comment)
            self._thread_event(thread, event, reply, reply)
        return len(threads)

    def expired(self, tenant: str, matchers: Sequence[Matcher], *, who: str) -> int:
        threads = [t for t in self.outbox.threads(tenant, open_only=True)
                   if t.status in ("acknowledged", "silenced") and matches_all(matchers, t.alert.get("labels", {}))]
        for thread in threads:
            reply = reply_text("expired", self._lang(tenant), self._tz(), who=who)
            self._thread_event(thread, "firing", reply, reply)
        return len(threads)

    def track(self, snapshot: Snapshot) -> int:
        """Resolve the threads of alerts that left Alertmanager or whose endsAt passed."""
        if snapshot.stale or snapshot.fetched_at is None:
            return 0
        now = self.clock()
        resolved = 0
        for thread in self.outbox.threads(snapshot.tenant, open_only=True):
            alert = snapshot.alerts.get(thread.fingerprint)
            if alert is not None and (alert.ends_at is None or alert.ends_at > now):
                continue
            reply = reply_text("resolved", self._lang(snapshot.tenant), self._tz(), when=now)
            self._thread_event(thread, "resolved", reply, reply)
            resolved += 1
        return resolved

    async def run(self) -> None:
        await self.worker.run()

    # -- notices and escalation ------------------------------------------------------------------

    def notice(self, tenant: str, fingerprint: str, text: str, *, action: str) -> int:
        """A reply in each open thread of the alert (no root update); how many."""
        threads = [t for t in self.outbox.threads(tenant, fingerprint) if t.status != "resolved"
                   or action == "silenced-resolved"]
        for thread in threads:
            self.outbox.enqueue(tenant=tenant, fingerprint=fingerprint, route=thread.route, channel=thread.channel,
                                kind="reply", operator=self.operator, payload={"message": {"text": text}})
            self._record(tenant, f"notice-{action}", fingerprint, {"channel": thread.channel, "reply": text})
        if threads:
            self.worker.wake()
        return len(threads)

    def escalate(self, tenant: str, alerts: Sequence[Alert], *, route: SlackRoute, text: str, mention: str | None,
                 dedup_key: str) -> str | None:
        """Post an escalation step to ``route``: a reply with the mention in the thread of the
        incident's alert there, else a new message for its lead alert (with its thread to
        follow). Stored once only under ``dedup_key``: None if it was already (by this
        process or another), else the channel."""
        assert route.channel is not None
        channel = route.channel
        threaded = {t.fingerprint: t for t in self.outbox.threads(tenant) if t.channel == channel}
        lead = next((a for a in alerts if a.fingerprint in threaded), None)
        redact = self.settings.privacy.redactor
        body = (f"{mention} " if mention else "") + redact.text(text)
        if lead is not None:
            item = self.outbox.enqueue(tenant=tenant, fingerprint=lead.fingerprint, route=route.label,
                                       channel=channel, kind="reply", operator=self.operator,
                                       payload={"message": {"text": body}}, dedup_key=dedup_key)
        else:
            lead = alerts[0]
            shown = redact.alert(lead)
            message = alert_message(shown, tenant_name=self._tenant(tenant).display_name, language=self._lang(tenant),
                                    tz=self._tz(), operator=self.operator, status_detail=redact.text(text),
                                    mention=mention, template=route.template, buttons=self.buttons)
            item = self.outbox.enqueue(tenant=tenant, fingerprint=lead.fingerprint, route=route.label,
                                       channel=channel, kind="post", operator=self.operator,
                                       payload={"message": message.payload(), "alert": alert_to_dict(shown),
                                                "note": ""}, dedup_key=dedup_key)
        if not item:
            return None
        self.worker.wake()
        return channel

    def on_change(self, change: Change) -> None:
        """Operations listener: acks, silences and expiries show in the alerts' threads."""
        if change.action in (Action.ACK, Action.SILENCE, Action.EDIT) and change.ends_at is not None:
            self.silenced(change.tenant, change.matchers, ack=change.action is Action.ACK, who=change.operator,
                          until=change.ends_at, comment=change.comment)
        elif change.action is Action.EXPIRE:
            self.expired(change.tenant, change.matchers, who=change.operator)
