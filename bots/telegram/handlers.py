"""Thin handlers: turn the update into an event, let core answer, render the screens."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import IS_MEMBER, IS_NOT_MEMBER, ChatMemberUpdatedFilter
from aiogram.types import CallbackQuery, ChatMemberUpdated, ErrorEvent, Message
from aiogram.utils.chat_action import ChatActionSender

from bots.telegram import inbound
from bots.telegram.files import TelegramFiles
from bots.telegram.render import send_screens
from core.context import Context
from core.conversation import engine
from core.conversation.screens import Screen
from core.members.service import set_reachable
from core.texts import t

log = logging.getLogger(__name__)


async def on_message(message: Message, ctx: Context, bot: Bot, files: TelegramFiles) -> None:
    event = inbound.from_message(message, bot)
    if event.file is None:
        screens = await engine.handle(ctx, event)
    else:  # fetching and reading a file takes a moment: the member sees «đang gửi tệp…»
        async with ChatActionSender.upload_document(bot=bot, chat_id=message.chat.id):
            screens = await engine.handle(ctx, event)
    await send_screens(bot, message.chat.id, screens, files)


async def on_button(query: CallbackQuery, ctx: Context, bot: Bot, files: TelegramFiles) -> None:
    screens = await engine.handle(ctx, inbound.from_callback(query))
    await query.answer(next((s.notice for s in screens if s.notice), None))
    if any(s.close_pressed for s in screens) and isinstance(query.message, Message):
        with contextlib.suppress(TelegramBadRequest):  # already edited, or too old to edit
            await query.message.edit_reply_markup(reply_markup=None)
    await send_screens(bot, query.from_user.id, screens, files)


async def on_blocked(event: ChatMemberUpdated, ctx: Context) -> None:
    await set_reachable(
        ctx.uow(), ctx.clock, channel="telegram", user_id=str(event.from_user.id), reachable=False
    )


async def on_unblocked(event: ChatMemberUpdated, ctx: Context) -> None:
    await set_reachable(
        ctx.uow(), ctx.clock, channel="telegram", user_id=str(event.from_user.id), reachable=True
    )


async def on_error(event: ErrorEvent, bot: Bot) -> None:
    """Anything unexpected: log it, and tell the member in plain words rather than stay silent."""
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    chat = event.update.message.chat.id if event.update.message else None
    if chat is None and event.update.callback_query is not None:
        chat = event.update.callback_query.from_user.id
    if chat is not None:
        try:
            await send_screens(bot, chat, [Screen(t("error.generic"))])
        except Exception:
            log.warning("could not report the error to chat %s", chat)


def build_router() -> Router:
    """A fresh router per dispatcher (aiogram routers attach to one parent only)."""
    router = Router(name="chat")
    router.message.register(on_message, F.chat.type == "private")
    router.callback_query.register(on_button)
    router.my_chat_member.register(on_blocked, ChatMemberUpdatedFilter(IS_MEMBER >> IS_NOT_MEMBER))
    router.my_chat_member.register(on_unblocked, ChatMemberUpdatedFilter(IS_NOT_MEMBER >> IS_MEMBER))
    return router
