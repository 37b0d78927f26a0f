"""The Zalo emulator, driven by a plain httpx client over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web

from .zalo import ZaloEmulator, new_user_id

SECRET = "s3cret-token-123"


@pytest.fixture
async def zalo() -> AsyncIterator[ZaloEmulator]:
    async with ZaloEmulator() as emulator:
        yield emulator


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10.0) as http:
        yield http


async def call(http: httpx.AsyncClient, zalo: ZaloEmulator, method: str, **params: Any) -> httpx.Response:
    return await http.post(f"{zalo.api_url}/{method}", json=params)


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records what it is sent."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests.append((dict(request.headers), await request.read()))
        return web.Response(text="ok")

    async def __aenter__(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/hook"
        return self

    async def __aexit__(self, *_exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


def test_new_user_id_is_20_hex() -> None:
    user_id = new_user_id()
    assert len(user_id) == 20
    int(user_id, 16)
    assert new_user_id() != user_id


async def test_get_me_and_wrong_token(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    response = await call(client, zalo, "getMe")
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "result": {
            "id": zalo.bot_id,
            "account_name": zalo.account_name,
            "account_type": "BASIC",
            "can_join_groups": False,
        },
    }
    bad = await client.post(f"{zalo.base_url}/botnope:nope/getMe")
    assert bad.status_code == 401
    assert bad.json()["ok"] is False
    assert bad.json()["error_code"] == 401
    unknown = await call(client, zalo, "getme")  # method names are case-sensitive
    assert unknown.status_code == 404


async def test_send_message_is_recorded(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    user = new_user_id()
    zalo.user_sends(user, "xin chào", display_name="Lan")
    before = int(time.time() * 1000)
    response = await call(client, zalo, "sendMessage", chat_id=user, text="Chào Lan")
    body = response.json()
    assert response.status_code == 200 and body["ok"] is True
    assert isinstance(body["result"]["message_id"], str)
    assert body["result"]["date"] >= before
    [record] = await zalo.wait_for_messages(user, 1)
    assert record["text"] == "Chào Lan"
    assert record["chat_id"] == user
    assert record["message_id"] == body["result"]["message_id"]


async def test_form_and_query_params(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    user = new_user_id()
    zalo.add_user(user)
    form = await client.post(f"{zalo.api_url}/sendMessage", data={"chat_id": user, "text": "form"})
    query = await client.post(f"{zalo.api_url}/sendMessage", params={"chat_id": user, "text": "query"})
    assert form.status_code == query.status_code == 200
    assert [record["text"] for record in zalo.messages_to(user)] == ["form", "query"]


async def test_text_length_limits(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    user = new_user_id()
    zalo.add_user(user)
    ok = await call(client, zalo, "sendMessage", chat_id=user, text="ệ" * 2000)
    assert ok.status_code == 200
    too_long = await call(client, zalo, "sendMessage", chat_id=user, text="a" * 2001)
    assert too_long.status_code == 400
    assert too_long.json()["ok"] is False and too_long.json()["error_code"] == 400
    empty = await call(client, zalo, "sendMessage", chat_id=user, text="")
    assert empty.status_code == 400
    assert len(zalo.sent) == 1


async def test_unknown_chat_is_refused(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    response = await call(client, zalo, "sendMessage", chat_id=new_user_id(), text="hi")
    assert response.status_code == 400
    assert response.json()["error_code"] == 400
    assert zalo.sent == []


async def test_photo_and_chat_action(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    user = new_user_id()
    zalo.add_user(user)
    photo = await call(
        client, zalo, "sendPhoto", chat_id=user, photo="https://example.org/a.jpg", caption="Ảnh"
    )
    assert photo.status_code == 200
    assert zalo.sent[-1]["photo"] == "https://example.org/a.jpg"
    assert zalo.sent[-1]["caption"] == "Ảnh"
    action = await call(client, zalo, "sendChatAction", chat_id=user, action="typing")
    assert action.json() == {"ok": True, "result": True}
    assert zalo.actions[0]["chat_id"] == user


async def test_get_updates_one_then_408(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    user = new_user_id()
    queued = zalo.user_sends(user, "/start", display_name="Minh")
    response = await call(client, zalo, "getUpdates", timeout=1)
    assert response.status_code == 200
    update = response.json()["result"]
    assert update == queued
    assert update["event_name"] == "message.text.received"
    message = update["message"]
    assert message["chat"] == {"id": user, "chat_type": "PRIVATE"}
    assert message["from"] == {"id": user, "display_name": "Minh", "is_bot": False}
    assert message["text"] == "/start"
    assert message["date"] > 10**12  # epoch milliseconds

    started = time.monotonic()
    empty = await client.post(f"{zalo.api_url}/getUpdates", data={"timeout": "0.2"})
    assert empty.status_code == 408
    assert empty.json() == {"ok": False, "error_code": 408, "description": "Request timeout"}
    assert 0.15 <= time.monotonic() - started < 2


async def test_long_poll_wakes_on_new_update(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    poll = asyncio.create_task(call(client, zalo, "getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    zalo.user_sends_unsupported(new_user_id())
    response = await asyncio.wait_for(poll, 2)
    update = response.json()["result"]
    assert update["event_name"] == "message.unsupported.received"
    assert "text" not in update["message"]


async def test_duplicate_delivery(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    update = zalo.user_sends(new_user_id(), "một")
    zalo.user_sends_again(update)
    first = (await call(client, zalo, "getUpdates", timeout=1)).json()["result"]
    second = (await call(client, zalo, "getUpdates", timeout=1)).json()["result"]
    assert first == second == update
    assert zalo.pending_updates() == 0


@pytest.mark.parametrize("wrapped", [False, True])
async def test_webhook_delivery(zalo: ZaloEmulator, client: httpx.AsyncClient, wrapped: bool) -> None:
    zalo.wrapped_webhooks = wrapped
    async with Receiver() as receiver:
        short = await call(client, zalo, "setWebhook", url=receiver.url, secret_token="short")
        assert short.status_code == 400
        response = await call(client, zalo, "setWebhook", url=receiver.url, secret_token=SECRET)
        assert response.status_code == 200
        assert response.json()["result"]["url"] == receiver.url
        info = (await call(client, zalo, "getWebhookInfo")).json()["result"]
        assert info["url"] == receiver.url and "secret_token" not in info

        conflict = await call(client, zalo, "getUpdates", timeout=1)
        assert conflict.status_code == 409
        assert conflict.json()["ok"] is False

        update = zalo.user_sends(new_user_id(), "qua webhook")
        await zalo.wait_until(lambda: len(receiver.requests) == 1, timeout=5)
        headers, raw = receiver.requests[0]
        assert headers["X-Bot-Api-Secret-Token"] == SECRET
        body = httpx.Response(200, content=raw).json()
        assert body == ({"ok": True, "result": update} if wrapped else update)
        assert zalo.webhook_log[0]["status"] == 200

        assert await zalo.probe_webhook() == 200
        assert receiver.requests[-1][1] == b""

        deleted = await call(client, zalo, "deleteWebhook")
        assert deleted.json()["result"]["url"] == ""
        zalo.user_sends(new_user_id(), "sau khi xoá")
        polled = await call(client, zalo, "getUpdates", timeout=1)
        assert polled.json()["result"]["message"]["text"] == "sau khi xoá"


async def test_fail_next_429(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    user = new_user_id()
    zalo.add_user(user)
    zalo.fail_next("sendMessage", count=2)
    for _ in range(2):
        failed = await call(client, zalo, "sendMessage", chat_id=user, text="x")
        assert failed.status_code == 429
        assert failed.json() == {"ok": False, "error_code": 429, "description": "Quota exceeded"}
    ok = await call(client, zalo, "sendMessage", chat_id=user, text="x")
    assert ok.status_code == 200
    assert len(zalo.sent) == 1


async def test_delay_next(zalo: ZaloEmulator, client: httpx.AsyncClient) -> None:
    zalo.delay_next("getMe", 0.3)
    started = time.monotonic()
    response = await call(client, zalo, "getMe")
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.25


async def test_rate_limit(client: httpx.AsyncClient) -> None:
    async with ZaloEmulator(rate_limit=1.0, rate_burst=3) as zalo:
        user = new_user_id()
        zalo.add_user(user)
        codes = [
            (await call(client, zalo, "sendMessage", chat_id=user, text=str(i))).status_code for i in range(5)
        ]
        assert codes[:3] == [200, 200, 200]
        assert 429 in codes[3:]
        zalo.rate_limit = None
        assert (await call(client, zalo, "sendMessage", chat_id=user, text="free")).status_code == 200
