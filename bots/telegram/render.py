"""Screens as Telegram messages: escaped HTML, inline keyboards, 4096-character parts."""

from __future__ import annotations

import asyncio
import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from core.conversation.screens import Screen
from core.texts import Rich, from_json
from core.texts.split import split_rich

if TYPE_CHECKING:
    from bots.telegram.files import TelegramFiles

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
MAX_BUTTON_LABEL = 60
REPLY_ATTEMPTS = 3
MAX_REPLY_WAIT = 10


@dataclass(frozen=True)
class Part:
    html: str
    markup: InlineKeyboardMarkup | None = None
    document: str | None = None  # a Telegram file_id
    upload: dict[str, Any] | None = None  # a stored document, sent through TelegramFiles


def to_html(rich: Rich) -> str:
    """Every piece of text is escaped; only our own <b> tags are markup."""
    out = []
    for seg in rich:
        escaped = html.escape(seg.text, quote=False)
        out.append(f"<b>{escaped}</b>" if seg.bold and seg.text.strip() else escaped)
    return "".join(out)


def keyboard(screen: Screen) -> InlineKeyboardMarkup | None:
    if not screen.options:
        return None
    width = max(1, min(screen.columns, 8))
    buttons = [
        InlineKeyboardButton(text=_short(o.label), callback_data=f"t:{o.token}") for o in screen.options[:100]
    ]
    return InlineKeyboardMarkup(
        inline_keyboard=[buttons[i : i + width] for i in range(0, len(buttons), width)]
    )


def _short(label: str) -> str:
    return label if len(label) <= MAX_BUTTON_LABEL else label[: MAX_BUTTON_LABEL - 1] + "…"


def parts(screen: Screen) -> list[Part]:
    """Text parts in order; the keyboard rides on the last part; a Telegram file goes last."""
    chunks = [to_html(chunk) for chunk in split_rich(screen.text, TEXT_LIMIT)]
    out = [Part(chunk) for chunk in chunks]
    attachment = screen.attachment or {}
    if attachment.get("file"):
        caption = attachment.get("caption")
        text = to_html(from_json(caption)) if caption else ""
        out.append(Part(text[:CAPTION_LIMIT], upload=attachment))
    elif attachment.get("channel") == "telegram" and attachment.get("file_id"):
        out.append(
            Part(
                html.escape(str(attachment.get("name") or ""), quote=False)[:CAPTION_LIMIT],
                document=str(attachment["file_id"]),
            )
        )
    markup = keyboard(screen)
    if markup is not None and out:
        out[-1] = Part(out[-1].html, markup, out[-1].document, out[-1].upload)
    return out


async def send_part(
    bot: Bot,
    chat_id: int | str,
    part: Part,
    *,
    files: TelegramFiles | None = None,
    request_timeout: int | None = None,
) -> None:
    if part.upload is not None:
        if files is None:
            raise RuntimeError("a stored document needs TelegramFiles")
        await files.send(
            bot,
            chat_id,
            part.upload,
            caption=part.html or None,
            markup=part.markup,
            request_timeout=request_timeout,
        )
    elif part.document is not None:
        await bot.send_document(
            chat_id,
            part.document,
            caption=part.html or None,
            reply_markup=part.markup,
            request_timeout=request_timeout,
        )
    else:
        await bot.send_message(chat_id, part.html, reply_markup=part.markup, request_timeout=request_timeout)


async def send_screens(
    bot: Bot, chat_id: int | str, screens: list[Screen], files: TelegramFiles | None = None
) -> None:
    """Direct replies: a short flood wait is honoured here, so the member still gets the answer."""
    for screen in screens:
        for part in parts(screen):
            for attempt in range(REPLY_ATTEMPTS):
                try:
                    await send_part(bot, chat_id, part, files=files)
                    break
                except TelegramRetryAfter as exc:
                    if attempt == REPLY_ATTEMPTS - 1 or exc.retry_after > MAX_REPLY_WAIT:
                        raise
                    await asyncio.sleep(exc.retry_after)
