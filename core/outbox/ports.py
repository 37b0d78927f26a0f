"""What the outbox pump needs from a channel, and the failures a channel reports."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from core.conversation.screens import Screen


class DeliveryError(Exception):
    pass


class RetryAfter(DeliveryError):
    """The platform asked us to wait (Telegram 429 with retry_after)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Unreachable(DeliveryError):
    """The recipient blocked the bot or the chat no longer exists: retrying will not help."""


class TransientFailure(DeliveryError):
    """Network error, timeout, 5xx: try again later."""


class PermanentFailure(DeliveryError):
    """The message itself was refused."""


class Sender(Protocol):
    channel: str
    messages_per_second: float
    per_chat_interval: float

    async def send(
        self, chat_id: str, screen: Screen, *, start_part: int, on_part: Callable[[int], Awaitable[None]]
    ) -> None:
        """Sends the screen (split into parts as the channel needs) from `start_part` on,
        calling `on_part(n)` after part n-1 has been accepted."""
        ...
