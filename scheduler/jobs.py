"""The periodic jobs: a few pollers over database rows, never one job per reminder."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.context import Context
from core.conversation import tokens
from core.meetings.reminders import handlers as meeting_reminder_handlers
from core.outbox.pump import OutboxPump
from core.reminders.service import dispatch_due

log = logging.getLogger(__name__)


async def send_due_reminders(ctx: Context) -> int:
    return await dispatch_due(ctx.uow, ctx.clock, meeting_reminder_handlers(ctx.zone))


async def purge_expired_tokens(ctx: Context) -> None:
    async with ctx.uow() as uow:
        await tokens.purge_expired(uow.session, now=ctx.clock.now() - timedelta(days=1))
        await uow.commit()


def _guarded(name: str, job: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        try:
            await job()
        except Exception:
            log.exception("job %s failed", name)

    return run


def build_scheduler(ctx: Context, *, reminder_interval: float = 20.0) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=ctx.zone, job_defaults={"coalesce": True, "max_instances": 1})
    scheduler.add_job(
        _guarded("reminders", lambda: send_due_reminders(ctx)),
        "interval",
        seconds=reminder_interval,
        id="reminders",
        next_run_time=datetime.now(ctx.zone),
    )
    scheduler.add_job(
        _guarded("tokens", lambda: purge_expired_tokens(ctx)), "cron", hour=3, minute=15, id="tokens"
    )
    return scheduler


class Background:
    """The scheduler and the outbox pump, started and stopped together."""

    def __init__(
        self, ctx: Context, pump: OutboxPump | None, *, reminder_interval: float, outbox_interval: float
    ) -> None:
        self.scheduler = build_scheduler(ctx, reminder_interval=reminder_interval)
        self.pump = pump
        self.outbox_interval = outbox_interval
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.scheduler.start()
        if self.pump is not None:
            self._task = asyncio.create_task(
                self.pump.run(self._stop, self.outbox_interval), name="outbox-pump"
            )

    async def stop(self) -> None:
        """Lets the send in flight finish and be recorded, then stops."""
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.scheduler.shutdown(wait=False)
