"""The periodic jobs: a few pollers over database rows, never one job per reminder."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.calendar.reminders import handlers as calendar_reminder_handlers
from core.context import Context
from core.conversation import tokens
from core.documents import cleanup, papers
from core.meetings.reminders import handlers as meeting_reminder_handlers
from core.outbox.pump import OutboxPump
from core.reminders.service import dispatch_due
from core.tasks.reminders import handlers as task_reminder_handlers
from core.votes.follow import closing_handler
from scheduler.leader import Leadership

log = logging.getLogger(__name__)


async def send_due_reminders(ctx: Context) -> int:
    handlers = {
        **meeting_reminder_handlers(ctx.zone),
        papers.REMINDER_KIND: papers.papers_reminder(ctx.zone),
        "vote_close": closing_handler(ctx.zone),
        **calendar_reminder_handlers(ctx.zone),
        **task_reminder_handlers(ctx.zone),
    }
    return await dispatch_due(ctx.uow, ctx.clock, handlers)


async def remove_unused_files(ctx: Context) -> int:
    """Uploads cancelled or never confirmed: their files go after a grace period."""
    return await cleanup.remove_unused_files(ctx)


async def purge_expired_tokens(ctx: Context) -> None:
    async with ctx.uow() as uow:
        await tokens.purge_expired(uow.session, now=ctx.clock.now() - timedelta(days=1))
        await uow.commit()


def _guarded(
    name: str, job: Callable[[], Awaitable[object]], leading: Callable[[], bool]
) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        if not leading():
            return
        try:
            await job()
        except Exception:
            log.exception("job %s failed", name)

    return run


def build_scheduler(
    ctx: Context, *, reminder_interval: float = 20.0, leading: Callable[[], bool] = lambda: True
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=ctx.zone, job_defaults={"coalesce": True, "max_instances": 1})
    scheduler.add_job(
        _guarded("reminders", lambda: send_due_reminders(ctx), leading),
        "interval",
        seconds=reminder_interval,
        id="reminders",
        next_run_time=datetime.now(ctx.zone),
    )
    scheduler.add_job(
        _guarded("tokens", lambda: purge_expired_tokens(ctx), leading), "cron", hour=3, minute=15, id="tokens"
    )
    scheduler.add_job(
        _guarded("files", lambda: remove_unused_files(ctx), leading), "cron", hour=3, minute=45, id="files"
    )
    return scheduler


class Background:
    """The scheduler and the outbox pump, started and stopped together, run by the leading process only."""

    def __init__(
        self, ctx: Context, pump: OutboxPump | None, *, reminder_interval: float, outbox_interval: float
    ) -> None:
        self.leadership = Leadership(ctx.store)
        self.scheduler = build_scheduler(
            ctx, reminder_interval=reminder_interval, leading=lambda: self.leadership.is_leader
        )
        self.pump = pump
        self.outbox_interval = outbox_interval
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        await self.leadership.try_lead()
        self._tasks.append(asyncio.create_task(self.leadership.run(self._stop), name="scheduler-lease"))
        self.scheduler.start()
        if self.pump is not None:
            pump_run = self.pump.run(
                self._stop, self.outbox_interval, active=lambda: self.leadership.is_leader
            )
            self._tasks.append(asyncio.create_task(pump_run, name="outbox-pump"))

    async def stop(self) -> None:
        """Lets the send in flight finish and be recorded, gives up the lease, then stops."""
        self._stop.set()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.scheduler.shutdown(wait=False)
