"""Telegram webhook endpoint for FastAPI: secret checked, update acknowledged at once."""

from __future__ import annotations

import asyncio
import logging
import secrets

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from fastapi import APIRouter, Request, Response

log = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram/webhook"


def build_webhook_router(dp: Dispatcher, bot: Bot, secret: str) -> APIRouter:
    router = APIRouter()
    running: set[asyncio.Task[object]] = set()

    @router.post(WEBHOOK_PATH, include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not secrets.compare_digest(given.encode(), secret.encode()):
            return Response(status_code=401)
        try:
            update = Update.model_validate(await request.json(), context={"bot": bot})
        except ValueError:
            return Response(status_code=400)
        task = asyncio.create_task(dp.feed_update(bot, update))
        running.add(task)
        task.add_done_callback(running.discard)
        return Response(status_code=200)

    return router
