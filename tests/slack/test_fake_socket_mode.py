"""The fake Slack's Socket Mode, driven by slack-sdk's real aiohttp Socket Mode client: what the
button tests stand on must behave like Slack (hello, envelopes, acks, redelivery, reconnects)."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from alerttui.demo.fake_slack import FakeSlack
from alerttui.demo.fake_socket import FakeSocketMode

from .conftest import TOKEN

APP_TOKEN = "xapp-1-test"
PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")


def quiet_logger() -> logging.Logger:
    """The client logs the wss URL, ticket included: keep it out of the test output."""
    logger = logging.getLogger("tests.slack.socket_mode_client")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False
    return logger


class Listener:
    """Records what the client hands the app, and acks like an app would (unless told not to)."""

    def __init__(self, ack_first_delivery: bool = True) -> None:
        self.ack_first_delivery = ack_first_delivery
        self.requests: list[SocketModeRequest] = []
        self.messages: list[dict[str, Any]] = []

    async def on_message(self, client: AsyncBaseSocketModeClient, message: dict[str, Any], raw: str | None) -> None:
        self.messages.append(message)

    async def on_request(self, client: AsyncBaseSocketModeClient, request: SocketModeRequest) -> None:
        self.requests.append(request)
        if self.ack_first_delivery or request.retry_attempt:
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))

    async def wait_requests(self, n: int, timeout: float = 3.0) -> bool:
        async def until() -> None:
            while len(self.requests) < n:
                await asyncio.sleep(0.01)
        try:
            await asyncio.wait_for(until(), timeout)
        except TimeoutError:
            return False
        return True


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    # slack-sdk sends even 127.0.0.1 through a proxy from the environment (it ignores NO_PROXY).
    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    with FakeSlack(socket_mode=True) as slack:
        yield slack


@pytest.fixture
def socket(fake: FakeSlack) -> FakeSocketMode:
    assert fake.socket is not None
    return fake.socket


@pytest.fixture
async def client(fake: FakeSlack) -> AsyncIterator[SocketModeClient]:
    logger = quiet_logger()
    web_client = AsyncWebClient(token=APP_TOKEN, base_url=fake.base_url, logger=logger)
    smc = SocketModeClient(app_token=APP_TOKEN, web_client=web_client, logger=logger)
    try:
        yield smc
    finally:
        await smc.close()


async def connected(client: SocketModeClient, socket: FakeSocketMode, listener: Listener) -> None:
    client.message_listeners.append(listener.on_message)
    client.socket_mode_request_listeners.append(listener.on_request)
    await client.connect()
    assert await socket.wait_connected_async(5)


async def test_connects_and_gets_hello(fake: FakeSlack, socket: FakeSocketMode, client: SocketModeClient) -> None:
    listener = Listener()
    await connected(client, socket, listener)
    [call] = fake.calls("apps.connections.open")
    assert call.headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert socket.connections == 1 and len(socket.tickets) == 1
    for _ in range(300):
        if listener.messages:
            break
        await asyncio.sleep(0.01)
    [hello] = listener.messages
    assert hello["type"] == "hello" and hello["num_connections"] == 1
    assert hello["connection_info"] == {"app_id": "A000"}
    assert await client.is_connected()


async def test_block_action_reaches_the_listener_and_is_acked(socket: FakeSocketMode, client: SocketModeClient) -> None:
    listener = Listener()
    await connected(client, socket, listener)
    sent = socket.block_action(user_id="U123", action_id="ack_alert", value="fp-1234", channel_id="C042",
                               message_ts="1712345678.000100")
    assert await listener.wait_requests(1)
    [request] = listener.requests
    assert request.type == "interactive" and request.envelope_id == sent["envelope_id"]
    assert request.retry_attempt == 0
    payload = request.payload
    assert payload["type"] == "block_actions"
    assert payload["user"]["id"] == "U123" and payload["team"]["id"] == "T000"
    assert payload["container"] == {"type": "message", "message_ts": "1712345678.000100", "channel_id": "C042",
                                    "is_ephemeral": False}
    [action] = payload["actions"]
    assert (action["type"], action["action_id"], action["block_id"], action["value"]) == (
        "button", "ack_alert", "alerttui", "fp-1234")
    assert payload["response_url"].startswith(socket.response_url_base)

    assert await socket.wait_ack_async(sent["envelope_id"], 3)
    latency = socket.acked(sent["envelope_id"])
    assert latency is not None and 0 <= latency < 3  # Slack's deadline
    [ack] = socket.acks
    assert ack.body == {"envelope_id": sent["envelope_id"]}


async def test_redelivery_arrives_with_retry_attempt(socket: FakeSocketMode, client: SocketModeClient) -> None:
    listener = Listener(ack_first_delivery=False)  # the app misses Slack's 3 s: Slack sends it again
    await connected(client, socket, listener)
    first = socket.block_action(user_id="U123", action_id="silence", value="fp-1")
    assert await listener.wait_requests(1)
    assert socket.acked(first["envelope_id"]) is None
    again = socket.redeliver(first)
    assert (again["retry_attempt"], again["retry_reason"]) == (1, "timeout")
    assert await listener.wait_requests(2)
    retry = listener.requests[1]
    assert retry.envelope_id == first["envelope_id"]
    assert (retry.retry_attempt, retry.retry_reason) == (1, "timeout")
    assert await socket.wait_ack_async(first["envelope_id"], 3)
    latency = socket.acked(first["envelope_id"])  # measured from the redelivery it answers
    assert latency is not None and latency < 3
    assert [e["retry_attempt"] for e in socket.envelopes] == [0, 1]


async def test_server_disconnect_leads_to_a_reconnect(fake: FakeSlack, socket: FakeSocketMode,
                                                      client: SocketModeClient) -> None:
    listener = Listener()
    await connected(client, socket, listener)
    assert socket.disconnect_all() == 1
    assert socket.connections == 0
    assert await socket.wait_connected_async(5)
    assert socket.total_connections == 2
    assert len(fake.calls("apps.connections.open")) == 2
    assert len(set(socket.tickets)) == 2  # a fresh ticket for the new socket
    # The new socket works: a button pressed now is delivered and acked.
    sent = socket.block_action(user_id="U9", action_id="ack_alert", value="fp-2")
    assert await socket.wait_ack_async(sent["envelope_id"], 3)
    assert socket.acks[-1].connection == 2


async def test_bot_token_cannot_open_a_socket(fake: FakeSlack) -> None:
    web_client = AsyncWebClient(token=TOKEN, base_url=fake.base_url)
    with pytest.raises(SlackApiError) as err:
        await web_client.apps_connections_open(app_token=TOKEN)
    assert err.value.response["error"] == "not_allowed_token_type"
    # …and an app-level token cannot post.
    app_client = AsyncWebClient(token=APP_TOKEN, base_url=fake.base_url)
    with pytest.raises(SlackApiError) as err:
        await app_client.chat_postMessage(channel="C000", text="hi")
    assert err.value.response["error"] == "not_allowed_token_type"


async def test_socket_mode_off_refuses_apps_connections_open(fake_slack: FakeSlack) -> None:
    assert fake_slack.socket is None
    web_client = AsyncWebClient(token=APP_TOKEN, base_url=fake_slack.base_url)
    with pytest.raises(SlackApiError) as err:
        await web_client.apps_connections_open(app_token=APP_TOKEN)
    assert err.value.response["error"] == "not_allowed_token_type"


async def test_post_ephemeral_is_recorded(fake: FakeSlack) -> None:
    web_client = AsyncWebClient(token=TOKEN, base_url=fake.base_url)
    response = await web_client.chat_postEphemeral(channel="C042", user="U123", text="Acknowledged by you")
    assert response["ok"] and response["message_ts"]
    [ephemeral] = fake.ephemerals
    assert (ephemeral["channel"], ephemeral["user"], ephemeral["text"]) == ("C042", "U123", "Acknowledged by you")
    assert ephemeral["message_ts"] == response["message_ts"]
    with pytest.raises(SlackApiError) as err:
        await web_client.api_call("chat.postEphemeral", json={"channel": "C042", "text": "to whom?"})
    assert err.value.response["error"] == "invalid_arguments"
    assert len(fake.ephemerals) == 1


async def test_exchange_is_recorded_in_order_as_json(socket: FakeSocketMode, client: SocketModeClient,
                                                     tmp_path: Path) -> None:
    await connected(client, socket, Listener())
    sent = socket.block_action(user_id="U123", action_id="ack_alert", value="fp-1")
    assert await socket.wait_ack_async(sent["envelope_id"], 3)
    path = tmp_path / "socket-mode-exchange.json"
    path.write_text(json.dumps(socket.exchange, indent=2))
    exchange = json.loads(path.read_text())
    assert [(e["dir"], e["body"].get("type")) for e in exchange] == [("out", "hello"), ("out", "interactive"),
                                                                    ("in", None)]
    assert exchange[2]["body"] == {"envelope_id": sent["envelope_id"]}
    assert all(e["at"].endswith("+00:00") for e in exchange)


def test_blocking_api_from_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A synchronous test, with a bare WebSocket client on its own thread, uses the blocking waits."""
    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    got: list[dict[str, Any]] = []
    errors: list[BaseException] = []

    with FakeSocketMode() as socket:
        async def bare_client() -> None:
            async with aiohttp.ClientSession() as session:
                async with session.get(socket.url("nope").split("?")[0].replace("ws://", "http://")) as r:
                    assert r.status == 401  # no ticket, no socket
                async with session.ws_connect(socket.url("t-1")) as ws:
                    while len(got) < 2:
                        message = json.loads((await ws.receive()).data)
                        got.append(message)
                        if message["type"] == "interactive":
                            await ws.send_json({"envelope_id": message["envelope_id"]})

        def run() -> None:
            try:
                asyncio.run(asyncio.wait_for(bare_client(), 5))
            except BaseException as e:
                errors.append(e)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        assert socket.wait_connected(5)
        sent = socket.block_action(user_id="U1", action_id="ack_alert", value="fp")
        assert socket.wait_ack(sent["envelope_id"], 3)
        thread.join(5)
        assert not errors, errors
        assert [m["type"] for m in got] == ["hello", "interactive"]
        assert socket.tickets == ["t-1"]
    with pytest.raises(RuntimeError):
        socket.block_action(user_id="U1", action_id="a", value="v")  # stopped: says so
