"""The outbox's Zalo sender: the client's errors mapped to what the pump understands."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bots.zalo.client import ZaloError, ZaloNetworkError
from bots.zalo.output import ZaloOutput
from core.conversation.screens import Screen
from core.outbox.ports import PermanentFailure, RetryAfter, TransientFailure, Unreachable

QUOTA_PAUSE_SECONDS = 10.0  # Zalo's 429 carries no retry_after: pause the channel a little


class ZaloSender:
    channel = "zalo"

    def __init__(
        self, out: ZaloOutput, *, messages_per_second: float = 5.0, per_chat_interval: float = 1.0
    ) -> None:
        self.out = out
        self.messages_per_second = messages_per_second
        self.per_chat_interval = per_chat_interval

    async def send(
        self, chat_id: str, screen: Screen, *, start_part: int, on_part: Callable[[int], Awaitable[None]]
    ) -> None:
        try:
            await self.out.send(chat_id, screen, start_part=start_part, on_part=on_part, layer="notice")
        except ZaloNetworkError as exc:
            raise TransientFailure(str(exc)) from exc
        except ZaloError as exc:
            raise _mapped(exc) from exc


def _mapped(exc: ZaloError) -> Exception:
    if exc.code == 429:
        return RetryAfter(QUOTA_PAUSE_SECONDS)
    if exc.code in (403, 404) or "chat not found" in exc.description.lower():
        return Unreachable(exc.description)
    if exc.code in (400, 401):
        return PermanentFailure(f"{exc.code}: {exc.description}")
    return TransientFailure(f"{exc.code}: {exc.description}")  # 408, 5xx, anything new
