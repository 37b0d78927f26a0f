"""Stored documents sent to Telegram: uploaded once, then re-sent by Telegram's file_id."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from core.context import Context
from core.documents import remote

CHANNEL = "telegram"


class TelegramFiles:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._uploading: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def send(
        self,
        bot: Bot,
        chat_id: int | str,
        attachment: dict[str, Any],
        *,
        caption: str | None,
        markup: InlineKeyboardMarkup | None,
        request_timeout: int | None = None,
    ) -> None:
        sha256, name = str(attachment["file"]), str(attachment.get("name") or "tai-lieu")
        known = await remote.remote_id(self.ctx, sha256, CHANNEL)
        if known is not None:
            try:
                await bot.send_document(
                    chat_id, known, caption=caption, reply_markup=markup, request_timeout=request_timeout
                )
                return
            except TelegramBadRequest as exc:
                if "file" not in exc.message.lower():
                    raise
                await remote.forget_remote_id(self.ctx, sha256, CHANNEL)  # a new bot token: upload again
        async with self._uploading[sha256]:  # a broadcast uploads the file once, not once per member
            known = await remote.remote_id(self.ctx, sha256, CHANNEL)
            document: str | BufferedInputFile = (
                known
                if known is not None
                else BufferedInputFile(await remote.read_file(self.ctx, sha256), name)
            )
            sent = await bot.send_document(
                chat_id, document, caption=caption, reply_markup=markup, request_timeout=request_timeout
            )
            if known is None and sent.document is not None:
                await remote.remember_remote_id(self.ctx, sha256, CHANNEL, sent.document.file_id)
