"""Zalo in webhook mode: the secret header is checked first; both update shapes; repeats handled once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import func, select

from bots.zalo.runner import ZaloChannel
from bots.zalo.webhook import SECRET_HEADER, WEBHOOK_PATH
from core.invites.service import issue_invites
from core.members.models import ChatAccount
from tests.e2e.webserver import serving
from tests.emulators.zalo import ZaloEmulator, new_user_id
from tests.org_fixture import build_org

SECRET = "zalo-webhook-secret-for-tests"


@pytest.fixture(params=[False, True], ids=["bare", "wrapped"])
async def served(ctx, request) -> AsyncIterator[tuple[ZaloEmulator, str]]:  # type: ignore[no-untyped-def]
    async with ZaloEmulator(rate_limit=None, wrapped_webhooks=request.param) as zl:
        channels: list[ZaloChannel] = []

        def router(url: str) -> APIRouter | None:
            channels.append(
                ZaloChannel(ctx, token=zl.token, api_base=zl.base_url, public_url=url, webhook_secret=SECRET)
            )
            return channels[0].webhook_router()

        async with serving(ctx, router) as url:
            await channels[0].start()
            yield zl, url
            await channels[0].stop()


async def test_joining_by_webhook_in_either_shape_and_a_repeat_is_handled_once(served, uow, ctx):
    zl, url = served
    info = next(params for method, params in zl.calls if method == "setWebhook")
    assert info["url"] == f"{url}{WEBHOOK_PATH}" and info["secret_token"] == SECRET
    assert await zl.probe_webhook() == 200  # Zalo checks the address with an empty body
    await build_org(uow, join=False)
    code = (await issue_invites(ctx.uow(), ctx.clock, unit_code=None, ttl_days=30))[1].code
    user = new_user_id()
    update = zl.user_sends(user, code)
    await zl.wait_for_messages(user, 1)
    zl.user_sends_again(update)  # delivered twice
    await zl.wait_until(lambda: len(zl.webhook_log) == 2)
    await asyncio.sleep(0.3)
    assert sum("Chào mừng" in m["text"] for m in zl.messages_to(user)) == 1


async def test_a_missing_or_wrong_secret_is_refused_without_side_effects(served, uow, ctx):
    zl, url = served
    await build_org(uow, join=False)
    code = (await issue_invites(ctx.uow(), ctx.clock, unit_code=None, ttl_days=30))[1].code
    user = new_user_id()
    zl.add_user(user)
    update = {
        "event_name": "message.text.received",
        "message": {
            "message_id": "m1",
            "date": 0,
            "chat": {"id": user, "chat_type": "PRIVATE"},
            "from": {"id": user, "display_name": "An", "is_bot": False},
            "text": code,
        },
    }
    async with httpx.AsyncClient() as client:
        missing = await client.post(f"{url}{WEBHOOK_PATH}", json=update)
        wrong = await client.post(f"{url}{WEBHOOK_PATH}", json=update, headers={SECRET_HEADER: "doan-thu"})
    assert (missing.status_code, wrong.status_code) == (401, 401)
    await asyncio.sleep(0.2)
    assert zl.messages_to(user) == []
    async with uow() as u:
        assert (
            await u.session.scalar(select(func.count()).select_from(ChatAccount)) == 0
        )  # the code is unused
