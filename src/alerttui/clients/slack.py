"""Slack client (slack-sdk): Web API with a bot token (post, update, upload to a thread)
and incoming webhooks. Errors become ``SlackError`` with a short reason, whether a retry
can help, and Slack's ``Retry-After`` — never the token or a webhook URL. Retries and
rate limits are the outbox worker's job (so one channel's 429 never holds up another)."""

from __future__ import annotations

from typing import Any

import aiohttp
from pydantic import SecretStr
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from alerttui.i18n import _

PERMANENT = {"channel_not_found", "not_in_channel", "invalid_auth", "not_authed", "account_inactive",
             "token_revoked", "no_permission", "missing_scope", "is_archived", "msg_too_long",
             "invalid_blocks", "invalid_attachments", "message_not_found", "cant_update_message",
             "thread_not_found"}


# Each message alerttui posts carries its outbox key in Slack's message metadata, so that a
# send cut short (the process killed, no answer in time) can be looked for before sending again.
METADATA_EVENT = "alerttui_outbox"
LOOKUP_PAGES = 5  # pages of 200 messages looked through for one message in doubt


class SlackError(Exception):
    def __init__(self, reason: str, *, retry_after: float | None = None, permanent: bool = False,
                 in_doubt: bool = False) -> None:
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent
        self.in_doubt = in_doubt  # no answer: the request may have reached Slack all the same
        super().__init__(reason)


def _api_error(exc: SlackApiError) -> SlackError:
    response = exc.response
    status = getattr(response, "status_code", 0)
    error = str(response.get("error", "")) if hasattr(response, "get") else ""
    if status == 429 or error == "ratelimited":
        retry = response.headers.get("Retry-After") or response.headers.get("retry-after") or "1"
        try:
            after = float(retry)
        except ValueError:
            after = 1.0
        return SlackError(_("Slack rate limit (retry after {n} s)").format(n=after), retry_after=after)
    if status >= 500:
        return SlackError(_("Slack error HTTP {status}").format(status=status), in_doubt=True)
    return SlackError(_("Slack refused: {error}").format(error=error or status), permanent=error in PERMANENT)


class SlackClient:
    def __init__(self, token: SecretStr | None, base_url: str | None = None, timeout: int = 10) -> None:
        self._token = token
        self._base_url = (base_url.rstrip("/") + "/") if base_url else "https://slack.com/api/"
        self._timeout = timeout
        self._web = AsyncWebClient(token=token.get_secret_value() if token else None, base_url=self._base_url,
                                   timeout=timeout, retry_handlers=[]) if token else None

    @property
    def has_token(self) -> bool:
        return self._web is not None

    async def _call(self, method: str, **kwargs: Any) -> Any:
        if self._web is None:
            raise SlackError(_("no Slack bot token configured"), permanent=True)
        try:
            return await getattr(self._web, method)(**kwargs)
        except SlackApiError as exc:
            raise _api_error(exc) from None
        except (SlackRequestError, aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise SlackError(_("Slack unreachable ({kind})").format(kind=type(exc).__name__),
                             in_doubt=True) from None

    async def auth_test(self) -> dict[str, Any]:
        return dict((await self._call("auth_test")).data)

    async def post(self, channel: str, payload: dict[str, Any], thread_ts: str | None = None,
                   key: str | None = None) -> tuple[str, str]:
        """Post; with ``key``, the message carries it in its metadata (``find`` looks for it)."""
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": key}} if key else None
        response = await self._call("chat_postMessage", channel=channel, thread_ts=thread_ts,
                                    unfurl_links=False, unfurl_media=False, metadata=metadata, **payload)
        return str(response["channel"]), str(response["ts"])

    async def find(self, channel: str, key: str, oldest: float, thread_ts: str | None = None) -> str | None:
        """The ts of the message posted with ``key`` since ``oldest`` (epoch s) in ``channel``
        (in the thread ``thread_ts``), or None: read from the newest, a few pages at most."""
        cursor: str | None = None
        for _page in range(LOOKUP_PAGES):
            args: dict[str, Any] = {"channel": channel, "oldest": f"{oldest:.6f}", "inclusive": True,
                                    "include_all_metadata": True, "limit": 200, "cursor": cursor}
            if thread_ts is None:
                response = await self._call("conversations_history", **args)
            else:
                response = await self._call("conversations_replies", ts=thread_ts, **args)
            for message in response.get("messages") or []:
                meta = message.get("metadata") if isinstance(message, dict) else None
                if (isinstance(meta, dict) and meta.get("event_type") == METADATA_EVENT
                        and isinstance(meta.get("event_payload"), dict) and meta["event_payload"].get("key") == key):
                    return str(message.get("ts"))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return None
        return None

    async def ephemeral(self, channel: str, user: str, text: str) -> None:
        """A message only ``user`` sees (a refusal to a Slack button's click)."""
        await self._call("chat_postEphemeral", channel=channel, user=user, text=text)

    async def update(self, channel_id: str, ts: str, payload: dict[str, Any]) -> None:
        await self._call("chat_update", channel=channel_id, ts=ts, **payload)

    async def upload(self, channel_id: str, thread_ts: str, content: str, filename: str, title: str) -> None:
        await self._call("files_upload_v2", channel=channel_id, thread_ts=thread_ts, content=content,
                         filename=filename, title=title)

    async def webhook(self, url: SecretStr, payload: dict[str, Any]) -> None:
        client = AsyncWebhookClient(url.get_secret_value(), timeout=self._timeout)
        try:
            response = await client.send_dict(payload)
        except (SlackRequestError, aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise SlackError(_("Slack webhook unreachable ({kind})").format(kind=type(exc).__name__)) from None
        if response.status_code == 429:
            after = float(response.headers.get("Retry-After", ["1"])[0] if isinstance(
                response.headers.get("Retry-After"), list) else response.headers.get("Retry-After", "1"))
            raise SlackError(_("Slack rate limit (retry after {n} s)").format(n=after), retry_after=after)
        if response.status_code >= 500:
            raise SlackError(_("Slack webhook error HTTP {status}").format(status=response.status_code))
        if response.status_code >= 400:
            raise SlackError(_("Slack webhook refused: {body}").format(body=str(response.body)[:100]), permanent=True)
