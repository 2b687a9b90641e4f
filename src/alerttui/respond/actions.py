"""Slack buttons: clicks on a forwarded message's Acknowledge, Silence 1h, Silence 4h and
Unacknowledge arrive over Socket Mode (``slack_sdk.socket_mode.aiohttp.SocketModeClient``,
an app-level token; an outgoing WebSocket, so no public URL), in the process that does the
background duties only. Slack spreads envelopes over every open connection of an app, so a
kiosk or a dashboard beside a watch must not connect: it would take clicks it cannot act on.

Each envelope is acknowledged first, before anything else is done (Slack wants it within
3 s). Deliveries are at least once: an envelope id, and a click (user, action_ts, action),
are acted on once only, whichever process or connection sees them again (``Outbox.once``).

A click becomes an ordinary operation through ``Operations.acting_as``: the Slack user's
operator name from ``[slack.users]``, their role for that tenant (never above the config's),
the Slack user id in the audit record. The thread reply and the root message's update
follow from the operation, as for a key pressed in the dashboard. An unmapped user, a role
that may not, kiosk mode, an alert that no longer fires: an ephemeral message says why, and
nothing changes (the refusal is audited).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

from alerttui.config import Settings
from alerttui.domain import Alert
from alerttui.domain.intents import Result, SilenceRequest
from alerttui.forwarding.render import ACTION_DURATIONS, ACTIONS
from alerttui.i18n import _
from alerttui.operations.policy import Action
from alerttui.operations.runner import Operations, exact_matchers
from alerttui.sanitize import clean

log = logging.getLogger(__name__)
RETRY = 10.0  # seconds before trying to connect again after Slack refused or was down


def quiet_logger() -> logging.Logger:
    """slack-sdk's Socket Mode client logs the WebSocket URL, ticket included, at ERROR
    when a connection fails: it gets a logger of its own that says nothing."""
    logger = logging.getLogger("alerttui.socket_mode")
    logger.propagate = False
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    return logger


class SlackActions:
    def __init__(self, settings: Settings, engine: Any, outbox: Any, *, emit: Any) -> None:
        assert settings.slack is not None and settings.slack.app_token is not None
        self.settings = settings
        self.slack = settings.slack
        self.engine = engine
        self.outbox = outbox
        self.emit = emit
        self.client: Any = None
        self._next_try = 0.0
        self.handled: list[dict[str, Any]] = []  # what each click did (tests, the closing log)

    # -- the connection -------------------------------------------------------------------------

    async def follow(self, mine: bool) -> None:
        """Connect while this process does the duties; disconnect when it stops."""
        if mine and self.client is None and asyncio.get_running_loop().time() >= self._next_try:
            await self.start()
        elif not mine and self.client is not None:
            await self.stop()

    async def start(self) -> None:
        from slack_sdk.socket_mode.aiohttp import SocketModeClient
        from slack_sdk.web.async_client import AsyncWebClient

        assert self.slack.app_token is not None
        token = self.slack.app_token.get_secret_value()
        base = (self.slack.base_url.rstrip("/") + "/") if self.slack.base_url else "https://slack.com/api/"
        client = SocketModeClient(app_token=token, web_client=AsyncWebClient(token=token, base_url=base),
                                  logger=quiet_logger(), auto_reconnect_enabled=True)
        client.socket_mode_request_listeners.append(self._on_request)
        try:
            await client.connect()
        except Exception as exc:  # slack-sdk raises its own errors, aiohttp's and OSError
            self._next_try = asyncio.get_running_loop().time() + RETRY
            with contextlib.suppress(Exception):
                await client.close()
            self.emit("slack-socket", _("Slack buttons: cannot connect ({reason}); trying again").format(
                reason=clean(type(exc).__name__, 80)), None, {})
            return
        self.client = client
        self.emit("slack-socket", _("Slack buttons: listening for clicks (Socket Mode)"), None, {})

    async def stop(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.close()

    # -- envelopes ------------------------------------------------------------------------------

    async def _on_request(self, client: Any, request: Any) -> None:
        from slack_sdk.socket_mode.response import SocketModeResponse

        # First the ack, whatever follows: Slack redelivers an envelope not acked in 3 s.
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))
        payload = request.payload if isinstance(request.payload, dict) else {}
        if request.type != "interactive" or payload.get("type") != "block_actions":
            return
        if not self.outbox.once(f"envelope:{request.envelope_id}"):
            return  # a redelivery of an envelope already handled
        user = str((payload.get("user") or {}).get("id", ""))
        channel = str((payload.get("channel") or {}).get("id", "") or
                      (payload.get("container") or {}).get("channel_id", ""))
        for action in payload.get("actions") or []:
            action_id, value = str(action.get("action_id", "")), str(action.get("value", ""))
            if action_id not in ACTIONS:
                continue
            if not self.outbox.once(f"click:{user}:{action.get('action_ts', '')}:{action_id}:{value}"):
                continue  # the same click in another envelope
            try:
                await self.handle(user, action_id, value, channel)
            except Exception:  # one bad click must not end the connection's listener
                log.exception("Slack click %s failed", action_id)

    async def handle(self, user_id: str, action_id: str, value: str, channel: str) -> Result:
        """Do what one click asks, as the Slack user; refuse with an ephemeral message."""
        tenant, _sep, fingerprint = value.partition("|")
        if tenant not in {t.id for t in self.settings.tenants} or tenant not in self.engine.clients:
            return await self._refuse(user_id, channel, None, action_id, fingerprint,
                                      _("this alert's tenant is not in this alerttui's config"))
        user = self.slack.users.get(user_id)
        context = {"slack_user": user_id, "via": "slack"}
        if user is None:
            stranger = self.engine.ops.acting_as(f"slack:{user_id}", {tenant: "viewer"}, context)
            return await self._refuse(user_id, channel, stranger, action_id, fingerprint, _(
                "you are not in [slack.users] of alerttui's config: ask an admin to map your Slack id {id}").format(
                id=user_id), tenant=tenant)
        role = user.role_for(tenant, self.settings.tenant(tenant).role)
        ops: Operations = self.engine.ops.acting_as(user.operator, {tenant: role}, context)
        snapshot = self.engine.snapshot(tenant)
        alert: Alert | None = snapshot.alerts.get(fingerprint) if snapshot is not None else None
        verb = Action.EXPIRE if action_id == "alerttui-unack" else (
            Action.ACK if action_id == "alerttui-ack" else Action.SILENCE)
        early = ops.precheck(tenant, verb, fingerprint, {"button": action_id})
        if early is not None:
            return await self._reply(user_id, channel, action_id, early)
        if alert is None:
            return await self._refuse(user_id, channel, ops, action_id, fingerprint,
                                      _("this alert no longer fires (or alerttui has not seen it yet)"), tenant=tenant)
        if action_id == "alerttui-ack":
            result = await ops.ack(alert)
        elif action_id in ACTION_DURATIONS:
            now = ops.clock()
            result = await ops.silence(SilenceRequest(
                tenant=tenant, matchers=exact_matchers(alert), starts_at=now,
                ends_at=now + timedelta(seconds=ACTION_DURATIONS[action_id]),
                comment=_("silenced from Slack by {who}").format(who=user.operator), alert=fingerprint))
        else:
            acks = [s for sid in alert.silenced_by if (s := snapshot.silences.get(sid)) is not None and s.is_ack]
            if not acks:
                return await self._refuse(user_id, channel, ops, action_id, fingerprint,
                                          _("this alert has no acknowledgement to remove"), tenant=tenant)
            for silence in acks:
                result = await ops.expire(tenant, silence)
                if not result.ok:
                    break
        return await self._reply(user_id, channel, action_id, result)

    async def _reply(self, user_id: str, channel: str, action_id: str, result: Result) -> Result:
        self.handled.append({"user": user_id, "action": action_id, "ok": result.ok, "message": result.message,
                             "silence_id": result.silence_id})
        self.emit("slack-action" if result.ok else "slack-refused",
                  _("Slack: {user} pressed {action}: {result}").format(
                      user=user_id, action=action_id.removeprefix("alerttui-"), result=result.message or "ok"),
                  None, {"slack_user": user_id, "action": action_id, "silenceID": result.silence_id})
        if not result.ok:
            await self._ephemeral(channel, user_id, result.message)
        return result

    async def _refuse(self, user_id: str, channel: str, ops: Operations | None, action_id: str, target: str,
                      reason: str, *, tenant: str | None = None) -> Result:
        result = Result(False, reason, refused=True)
        if ops is not None and tenant is not None:
            verb = Action.EXPIRE if action_id == "alerttui-unack" else (
                Action.ACK if action_id == "alerttui-ack" else Action.SILENCE)
            ops.record(tenant, verb, target, result, {"button": action_id})
        return await self._reply(user_id, channel, action_id, result)

    async def _ephemeral(self, channel: str, user_id: str, text: str) -> None:
        forwarder = self.engine.forwarder
        if forwarder is None or not channel or not user_id:
            return
        try:
            await forwarder.client.ephemeral(channel, user_id, _("alerttui did nothing: {reason}").format(
                reason=clean(text, 500)))
        except Exception as exc:  # a refusal that cannot be shown is only logged
            log.info("ephemeral to %s failed: %s", user_id, type(exc).__name__)
