"""The Telegram channel as one object `sotay run` starts and stops: polling or webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.redis import RedisEventIsolation
from fastapi import APIRouter
from redis.asyncio import Redis

from bots.telegram.dispatcher import announce_commands, build_bot, build_dispatcher
from bots.telegram.notifier import TelegramSender
from bots.telegram.webhook import WEBHOOK_PATH, build_webhook_router
from core.context import Context

log = logging.getLogger(__name__)


class TelegramChannel:
    def __init__(
        self,
        ctx: Context,
        *,
        token: str,
        api_base: str,
        public_url: str | None,
        webhook_secret: str,
        messages_per_second: float = 25.0,
        send_timeout: int = 20,
        redis_url: str | None = None,
    ) -> None:
        self.bot: Bot = build_bot(token, api_base)
        isolation = RedisEventIsolation(Redis.from_url(redis_url)) if redis_url else None
        self.dp: Dispatcher = build_dispatcher(ctx, isolation=isolation)
        self.public_url = public_url.rstrip("/") if public_url else None
        self.webhook_secret = webhook_secret
        self.sender = TelegramSender(
            self.bot, files=self.dp["files"], messages_per_second=messages_per_second, timeout=send_timeout
        )
        self._polling: asyncio.Task[None] | None = None
        self.username: str | None = None

    @property
    def display(self) -> str:
        return f"Telegram @{self.username}"

    def webhook_router(self) -> APIRouter | None:
        if self.public_url is None:
            return None
        return build_webhook_router(self.dp, self.bot, self.webhook_secret)

    async def start(self) -> None:
        me = await self.bot.get_me()
        self.username = me.username
        await announce_commands(self.bot)
        allowed = self.dp.resolve_used_update_types()
        if self.public_url:
            await self.bot.set_webhook(
                f"{self.public_url}{WEBHOOK_PATH}", secret_token=self.webhook_secret, allowed_updates=allowed
            )
            log.info("Telegram: webhook at %s%s", self.public_url, WEBHOOK_PATH)
            return
        await self.bot.delete_webhook()
        self._polling = asyncio.create_task(
            self.dp.start_polling(
                self.bot, handle_signals=False, close_bot_session=False, allowed_updates=allowed
            ),
            name="telegram-polling",
        )
        log.info("Telegram: long polling as @%s", self.username)

    async def stop(self) -> None:
        if self._polling is not None:
            with contextlib.suppress(RuntimeError):
                await self.dp.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
        await self.bot.session.close()
