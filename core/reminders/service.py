"""Claims due reminder rows and turns them into outbox rows in the same transaction.

Each row is claimed with a compare-and-set on `sent_at`, so two scheduler processes
never send one reminder twice. A reminder found late is sent with "(nhắc muộn)" while
its event is still ahead, and dropped once the event has begun.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import Clock
from core.conversation.screens import Screen
from core.db.uow import UowFactory
from core.outbox import service as outbox
from core.reminders.models import Reminder

LATE_AFTER = timedelta(minutes=10)

# A handler returns the (member, screen) pairs to send, or None when the reminder no longer matters.
ReminderHandler = Callable[
    [AsyncSession, Reminder, datetime, bool], Awaitable[list[tuple[int, Screen]] | None]
]


PASSES = 5  # a handler may add the next row of a series that is due already (e.g. after an outage)


async def dispatch_due(
    uow_factory: UowFactory, clock: Clock, handlers: Mapping[str, ReminderHandler], *, limit: int = 100
) -> int:
    now = clock.now()
    sent = 0
    for _ in range(PASSES):
        async with uow_factory() as uow:
            stmt = (
                select(Reminder.id)
                .where(Reminder.sent_at.is_(None), Reminder.cancelled_at.is_(None), Reminder.due_at <= now)
                .order_by(Reminder.due_at)
                .limit(limit)
            )
            due_ids = list((await uow.session.execute(stmt)).scalars())
        if not due_ids:
            break
        for reminder_id in due_ids:
            sent += await _dispatch_one(uow_factory, reminder_id, now, handlers)
    return sent


async def _dispatch_one(
    uow_factory: UowFactory, reminder_id: int, now: datetime, handlers: Mapping[str, ReminderHandler]
) -> int:
    async with uow_factory() as uow:
        claimed = await uow.session.execute(
            update(Reminder).where(Reminder.id == reminder_id, Reminder.sent_at.is_(None)).values(sent_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return 0
        reminder = await uow.session.get(Reminder, reminder_id)
        assert reminder is not None
        handler = handlers.get(reminder.kind)
        late = now - reminder.due_at > LATE_AFTER
        items = await handler(uow.session, reminder, now, late) if handler else None
        if items is None:
            reminder.cancelled_at = now
        else:
            await outbox.enqueue(
                uow.session, items=items, subject_kind=reminder.kind, subject_id=reminder.subject_id, now=now
            )
        await uow.commit()
        return 0 if items is None else 1
