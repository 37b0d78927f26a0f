"""Telegram updates as the core's neutral inbound events."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from core.conversation.screens import Inbound, InboundFile
from core.errors import InvalidInput
from core.text import nfc

DOWNLOAD_LIMIT_MB = 20  # the cloud Bot API serves files up to 20 MB to bots


def _display_name(user: object) -> str | None:
    full_name = getattr(user, "full_name", None)
    return nfc(full_name) if full_name else None


def _fetcher(bot: Bot, file_id: str) -> Callable[[], Awaitable[bytes]]:
    async def fetch() -> bytes:
        try:
            found = await bot.get_file(file_id)
        except TelegramBadRequest as exc:
            if "too big" in exc.message.lower():
                raise InvalidInput("document_too_big_for_channel", limit_mb=DOWNLOAD_LIMIT_MB) from exc
            raise
        assert found.file_path is not None
        data = await bot.download_file(found.file_path)
        assert data is not None
        return data.read()

    return fetch


def _file(message: Message, bot: Bot | None) -> InboundFile | None:
    document, photos = message.document, message.photo
    if document is not None:
        file_id, name, mime, size = (
            document.file_id,
            document.file_name,
            document.mime_type,
            document.file_size,
        )
    elif photos:
        photo = photos[-1]  # the largest size
        file_id, name, mime, size = (
            photo.file_id,
            f"anh-{photo.file_unique_id}.jpg",
            "image/jpeg",
            photo.file_size,
        )
    else:
        return None
    fetch = _fetcher(bot, file_id) if bot is not None else None
    return InboundFile(file_id, nfc(name) if name else None, mime, size, fetch)


def from_message(message: Message, bot: Bot | None = None) -> Inbound:
    assert message.from_user is not None
    text = nfc(message.text or message.caption or "")
    command, args = None, ""
    if text.startswith("/"):
        head, _, rest = text.partition(" ")
        command, args = head[1:].split("@", 1)[0].lower(), rest.strip()
        text = ""
    return Inbound(
        channel="telegram",
        user_id=str(message.from_user.id),
        chat_id=str(message.chat.id),
        display_name=_display_name(message.from_user),
        text=text or None,
        command=command,
        args=args,
        file=_file(message, bot),
    )


def from_callback(query: CallbackQuery) -> Inbound:
    data = query.data or ""
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    return Inbound(
        channel="telegram",
        user_id=str(query.from_user.id),
        chat_id=str(chat_id),
        display_name=_display_name(query.from_user),
        token=data[2:] if data.startswith("t:") else "",
    )
