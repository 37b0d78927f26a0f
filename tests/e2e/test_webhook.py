"""Webhook mode (PUBLIC_URL set): updates come with the secret; forgeries and repeats are ignored."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter

from bots.telegram.runner import TelegramChannel
from bots.telegram.webhook import WEBHOOK_PATH
from tests.e2e.webserver import serving
from tests.emulators.telegram import TelegramEmulator
from tests.org_fixture import build_org

SECRET = "webhook-secret-for-tests_123"


@pytest.fixture
async def served(ctx) -> AsyncIterator[tuple[TelegramEmulator, TelegramChannel, str]]:  # type: ignore[no-untyped-def]
    async with TelegramEmulator() as tg:
        channels: list[TelegramChannel] = []

        def router(url: str) -> APIRouter | None:
            channels.append(
                TelegramChannel(
                    ctx, token=tg.token, api_base=tg.base_url, public_url=url, webhook_secret=SECRET
                )
            )
            return channels[0].webhook_router()

        async with serving(ctx, router) as url:
            await channels[0].start()
            yield tg, channels[0], url
            await channels[0].stop()


async def test_updates_arrive_by_webhook_with_the_secret_header(served, uow):
    tg, _channel, url = served
    org = await build_org(uow)
    user = int(org.accounts[org.members[1].id])
    info = next(params for method, params in tg.calls if method == "setWebhook")
    assert info["url"] == f"{url}{WEBHOOK_PATH}" and info["secret_token"] == SECRET
    tg.user_sends(user, "/lich")
    messages = await tg.wait_for_messages(user, 1)
    assert "chưa có cuộc họp" in messages[0]["text"]


async def test_webhook_refuses_missing_or_wrong_secret_without_side_effects(served, uow):
    tg, _channel, url = served
    org = await build_org(uow)
    user = int(org.accounts[org.members[1].id])
    tg.add_user(user)  # the user has talked to the bot before; only this update is posted by hand
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": user, "type": "private"},
            "from": {"id": user, "is_bot": False, "first_name": "An"},
            "text": "/lich",
        },
    }
    async with httpx.AsyncClient() as client:
        missing = await client.post(f"{url}{WEBHOOK_PATH}", json=update)
        wrong = await client.post(
            f"{url}{WEBHOOK_PATH}", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
        )
        assert (missing.status_code, wrong.status_code) == (401, 401)
        for _ in range(2):  # the same update delivered twice is handled once
            ok = await client.post(
                f"{url}{WEBHOOK_PATH}", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            assert ok.status_code == 200
    await tg.wait_for_messages(user, 1)
    await asyncio.sleep(0.5)
    assert len(tg.messages_to(user)) == 1
