"""The optional morning digest: the day's meetings, tasks due and entries, at a time the member picks."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendar.models import CalendarSettings
from core.context import Context
from core.org.rules import MemberRef
from core.reminders.models import Reminder

REMINDER_KIND = "calendar_digest"
DEFAULT_AT = time(6, 30)


async def settings_of(session: AsyncSession, member_id: int) -> CalendarSettings:
    found = await session.get(CalendarSettings, member_id)
    if found is None:
        found = CalendarSettings(member_id=member_id, digest_at=None, feed_hash=None)
        session.add(found)
    return found


def next_due(at: time, after: datetime, zone: ZoneInfo) -> datetime:
    local = after.astimezone(zone)
    due = datetime.combine(local.date(), at, tzinfo=zone)
    return due if due > after else due + timedelta(days=1)


async def digest_time(ctx: Context, *, member: MemberRef) -> time | None:
    async with ctx.uow() as uow:
        found = await uow.session.get(CalendarSettings, member.id)
        return time.fromisoformat(found.digest_at) if found and found.digest_at else None


async def set_digest(ctx: Context, *, member: MemberRef, at: time | None) -> None:
    """Turns the digest on at `at` (local time), or off with None; the next one is a row to claim."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        settings = await settings_of(uow.session, member.id)
        settings.digest_at = None if at is None else f"{at:%H:%M}"
        await uow.session.execute(
            update(Reminder)
            .where(
                Reminder.kind == REMINDER_KIND,
                Reminder.subject_id == member.id,
                Reminder.sent_at.is_(None),
                Reminder.cancelled_at.is_(None),
            )
            .values(cancelled_at=now)
        )
        if at is not None:
            await schedule(uow.session, member.id, at, now, ctx.zone)
        await uow.commit()


async def schedule(session: AsyncSession, member_id: int, at: time, after: datetime, zone: ZoneInfo) -> None:
    due = next_due(at, after, zone)
    row = await session.scalar(
        select(Reminder.id).where(
            Reminder.kind == REMINDER_KIND, Reminder.subject_id == member_id, Reminder.due_at == due
        )
    )
    if row is None:
        session.add(Reminder(kind=REMINDER_KIND, subject_id=member_id, due_at=due))
    else:
        await session.execute(update(Reminder).where(Reminder.id == row).values(cancelled_at=None))
