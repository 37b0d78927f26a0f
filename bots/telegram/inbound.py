"""Telegram updates as the core's neutral inbound events."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from core.conversation.screens import Inbound, InboundFile
from core.text import nfc


def _display_name(user: object) -> str | None:
    full_name = getattr(user, "full_name", None)
    return nfc(full_name) if full_name else None


def from_message(message: Message) -> Inbound:
    assert message.from_user is not None
    text = nfc(message.text or message.caption or "")
    command, args = None, ""
    if text.startswith("/"):
        head, _, rest = text.partition(" ")
        command, args = head[1:].split("@", 1)[0].lower(), rest.strip()
        text = ""
    document = message.document
    file = (
        InboundFile(document.file_id, document.file_name, document.mime_type, document.file_size)
        if document is not None
        else None
    )
    return Inbound(
        channel="telegram",
        user_id=str(message.from_user.id),
        chat_id=str(message.chat.id),
        display_name=_display_name(message.from_user),
        text=text or None,
        command=command,
        args=args,
        file=file,
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
