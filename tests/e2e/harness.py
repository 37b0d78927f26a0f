"""The real aiogram bot, long-polling a local Telegram emulator, with the real core behind it."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiogram import Bot, Dispatcher
from sqlalchemy import func, select

from bots.telegram.dispatcher import build_bot, build_dispatcher
from bots.telegram.notifier import TelegramSender
from core.clock import ManualClock
from core.context import Context
from core.outbox.models import OutboxMessage
from core.outbox.pump import OutboxPump
from scheduler.jobs import send_due_reminders
from tests.emulators.telegram import TelegramEmulator


@dataclass
class Harness:
    tg: TelegramEmulator
    ctx: Context
    clock: ManualClock
    bot: Bot
    dp: Dispatcher
    pump: OutboxPump
    _polling: asyncio.Task[None] | None = None
    _seen: dict[int, int] = field(default_factory=dict)
    _active: int = 0

    async def start(self) -> None:
        self.dp.update.outer_middleware(self._track)
        self._polling = asyncio.create_task(
            self.dp.start_polling(
                self.bot,
                handle_signals=False,
                close_bot_session=False,
                handle_as_tasks=True,
                polling_timeout=1,
                allowed_updates=self.dp.resolve_used_update_types(),
            )
        )

    async def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            await self.dp.stop_polling()
        if self._polling is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
        await self.bot.session.close()

    async def _track(self, handler: Any, event: Any, data: dict[str, Any]) -> Any:
        """Counts updates being handled (polling hands them to concurrent tasks, as in production)."""
        self._active += 1
        try:
            return await handler(event, data)
        finally:
            self._active -= 1

    async def settle(self) -> None:
        """Waits until the bot has fetched and finished handling every queued update."""
        for _ in range(2):  # twice: a handler may finish just before the next update is fetched
            await self.tg.wait_until(lambda: self.tg.pending_updates() == 0 and self._active == 0, timeout=15)
            await asyncio.sleep(0.05)

    def new_messages(self, user_id: int) -> list[dict[str, Any]]:
        """What the user got since the last look."""
        got = self.tg.messages_to(user_id)
        start = self._seen.get(user_id, 0)
        self._seen[user_id] = len(got)
        return got[start:]

    async def say(self, user_id: int, text: str, **kwargs: Any) -> list[dict[str, Any]]:
        self.new_messages(user_id)
        self.tg.user_sends(user_id, text, **kwargs)
        await self.settle()
        return self.new_messages(user_id)

    async def press(self, user_id: int, message: dict[str, Any], button: str) -> list[dict[str, Any]]:
        self.new_messages(user_id)
        self.tg.user_presses(user_id, message, button)
        await self.settle()
        return self.new_messages(user_id)

    async def deliver(self) -> None:
        """Runs the outbox pump until nothing is waiting; a retry set for later moves the clock there."""
        for _ in range(400):
            if await self.pump.run_once():
                continue
            later = await self._next_retry()
            if later is None:
                return
            if later > self.clock.now():
                self.clock.set(later)
            await asyncio.sleep(0.05)
        raise AssertionError("outbox did not drain")

    async def _next_retry(self) -> datetime | None:
        async with self.ctx.uow() as uow:
            stmt = select(func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.status.in_(("pending", "sending"))
            )
            return (await uow.session.execute(stmt)).scalar_one()

    async def run_reminders(self) -> int:
        return await send_due_reminders(self.ctx)


def last_with_buttons(messages: list[dict[str, Any]]) -> dict[str, Any]:
    return next(m for m in reversed(messages) if m.get("reply_markup"))


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in messages)


async def open_harness(
    ctx: Context, clock: ManualClock, *, per_chat_interval: float = 0.0
) -> tuple[Harness, TelegramEmulator]:
    tg = TelegramEmulator(per_chat_rate=None, global_rate=None)
    await tg.start()
    bot = build_bot(tg.token, tg.base_url)
    dp = build_dispatcher(ctx)
    sender = TelegramSender(
        bot, files=dp["files"], messages_per_second=200, per_chat_interval=per_chat_interval
    )
    pump = OutboxPump(ctx.uow, clock, {"telegram": sender})
    harness = Harness(tg, ctx, clock, bot, dp, pump)
    await harness.start()
    return harness, tg
