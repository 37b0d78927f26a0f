"""Builds the aiogram Dispatcher and Bot; tests and `sotay run` share these factories."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand, TelegramObject, Update

from bots.telegram import handlers
from bots.telegram.files import TelegramFiles
from core.context import Context
from core.texts import label

UPDATE_TTL_SECONDS = 24 * 3600

COMMANDS = (
    "homnay",
    "lich",
    "nhac",
    "lichrieng",
    "viec",
    "tailieu",
    "hop",
    "theodoi",
    "thongbao",
    "giaoviec",
    "congviec",
    "kenh",
    "lienket",
    "menu",
    "help",
    "huy",
)  # described in the catalogue


class DropRepeatedUpdates(BaseMiddleware):
    """Telegram may deliver an update twice; each update_id is handled once."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update):
            seen = await self.ctx.store.hit(f"app:telegram:update:{event.update_id}", UPDATE_TTL_SECONDS)
            if seen > 1:
                return None
        return await handler(event, data)


def build_bot(token: str, api_base: str) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base.rstrip("/")))
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode="HTML"))


def build_dispatcher(
    ctx: Context, *, isolation: BaseEventIsolation | None = None, files: TelegramFiles | None = None
) -> Dispatcher:
    """Updates of one chat are handled one after another (a long paste arrives as several messages at
    once); different chats in parallel. Pass a RedisEventIsolation when several processes share the bot."""
    dp = Dispatcher(events_isolation=isolation or SimpleEventIsolation())
    dp["ctx"] = ctx
    dp["files"] = files or TelegramFiles(ctx)  # share it with the outbox sender: one upload per file
    dp.update.outer_middleware(DropRepeatedUpdates(ctx))
    dp.include_router(handlers.build_router())
    dp.errors.register(handlers.on_error)
    return dp


async def announce_commands(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command=c, description=label(f"command.{c}")) for c in COMMANDS])
