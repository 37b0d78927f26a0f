"""The outbox's Telegram sender: aiogram's errors mapped to what the pump understands."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from bots.telegram.files import TelegramFiles
from bots.telegram.render import parts, send_part
from core.conversation.screens import Screen
from core.outbox.ports import PermanentFailure, RetryAfter, TransientFailure, Unreachable

GONE = ("chat not found", "user is deactivated", "bot was kicked", "have no rights to send")


class TelegramSender:
    channel = "telegram"

    def __init__(
        self,
        bot: Bot,
        *,
        files: TelegramFiles | None = None,
        messages_per_second: float = 25.0,
        per_chat_interval: float = 1.0,
        timeout: int = 20,
    ) -> None:
        """`timeout` must stay well inside the outbox lease, so a slow send is never taken twice."""
        self.bot = bot
        self.files = files
        self.timeout = timeout
        self.messages_per_second = messages_per_second
        self.per_chat_interval = per_chat_interval

    async def send(
        self, chat_id: str, screen: Screen, *, start_part: int, on_part: Callable[[int], Awaitable[None]]
    ) -> None:
        all_parts = parts(screen)
        for index in range(start_part, len(all_parts)):
            try:
                await send_part(
                    self.bot, chat_id, all_parts[index], files=self.files, request_timeout=self.timeout
                )
            except TelegramRetryAfter as exc:
                raise RetryAfter(exc.retry_after) from exc
            except TelegramForbiddenError as exc:
                raise Unreachable(exc.message) from exc
            except TelegramBadRequest as exc:
                if any(marker in exc.message.lower() for marker in GONE):
                    raise Unreachable(exc.message) from exc
                raise PermanentFailure(exc.message) from exc
            except (TimeoutError, TelegramNetworkError, TelegramServerError) as exc:
                raise TransientFailure(str(exc)) from exc
            await on_part(index + 1)
