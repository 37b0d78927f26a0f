"""A member's own entries: add, correct or move, delete and undo — each with its reminder as a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import service as audit
from core.calendar import occurrences
from core.calendar.models import CalendarEntry
from core.context import Context
from core.db.uow import UnitOfWork
from core.errors import InvalidInput
from core.org.rules import MemberRef
from core.reminders.models import Reminder
from core.text import clean

REMINDER_KIND = "calendar_entry"
ALL_DAY_AT = time(7, 0)  # an entry without a time is recalled at 07:00 of its day
DEFAULT_BEFORE = 30
MAX_TITLE = 300
HORIZON = timedelta(days=400)


@dataclass(frozen=True)
class EntryDraft:
    title: str
    on: date
    at: time | None
    repeat: str | None = None
    remind_minutes: int | None = DEFAULT_BEFORE  # before the time; None: no reminder


def starts_at(draft: EntryDraft, zone: ZoneInfo) -> datetime:
    return datetime.combine(draft.on, draft.at or time(0, 0), tzinfo=zone)


def reminder_at(entry: CalendarEntry, occurrence: datetime, zone: ZoneInfo) -> datetime | None:
    if entry.remind_minutes is None:
        return None
    if entry.all_day:
        return datetime.combine(occurrence.astimezone(zone).date(), ALL_DAY_AT, tzinfo=zone)
    return occurrence - timedelta(minutes=entry.remind_minutes)


def event_end(occurrence: datetime, all_day: bool) -> datetime:
    """Until when a reminder still helps: the time itself, or the end of an all-day entry's day."""
    return occurrence + timedelta(days=1) if all_day else occurrence


def reminds_at_once(draft: EntryDraft, now: datetime, zone: ZoneInfo) -> bool:
    """The chosen reminder time has passed but the entry is still ahead: it is reminded right away."""
    if draft.remind_minutes is None:
        return False
    start = starts_at(draft, zone)
    if draft.at is None:
        due = datetime.combine(draft.on, ALL_DAY_AT, tzinfo=zone)
    else:
        due = start - timedelta(minutes=draft.remind_minutes)
    return due <= now < event_end(start, draft.at is None)


def _checked(draft: EntryDraft) -> str:
    title = clean(draft.title)
    if not title or len(title) > MAX_TITLE:
        raise InvalidInput("calendar_title_invalid", limit=MAX_TITLE)
    return title


async def add_entry(ctx: Context, *, member: MemberRef, draft: EntryDraft) -> CalendarEntry:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        entry = CalendarEntry(member_id=member.id, created_at=now, deleted_at=None)
        _apply(entry, draft, ctx.zone, now)
        uow.session.add(entry)
        await uow.session.flush()
        await schedule_next(uow.session, entry, now, ctx.zone, catch_up=True)
        await uow.commit()
        return entry


async def change_entry(ctx: Context, *, member: MemberRef, entry_id: int, draft: EntryDraft) -> CalendarEntry:
    """Corrects or moves an entry; its pending reminder follows."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        entry = await entry_of(uow, member, entry_id, now)
        _apply(entry, draft, ctx.zone, now)
        await _cancel_reminders(uow.session, entry.id, now)
        await schedule_next(uow.session, entry, now, ctx.zone, catch_up=True)
        await uow.commit()
        return entry


async def delete_entry(
    ctx: Context, *, member: MemberRef, entry_id: int, undo: bool = False
) -> CalendarEntry:
    """Deletes (or, with undo, brings back) an entry: the row is kept, marked deleted."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        entry = await entry_of(uow, member, entry_id, now, deleted=True)
        await _cancel_reminders(uow.session, entry.id, now)
        entry.deleted_at = None if undo else now
        if undo:
            await schedule_next(uow.session, entry, now, ctx.zone)
        await uow.commit()
        return entry


async def my_entries(ctx: Context, *, member: MemberRef) -> list[tuple[CalendarEntry, datetime]]:
    """The member's entries still ahead (repeating ones by their next time), soonest first."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        stmt = select(CalendarEntry).where(
            CalendarEntry.member_id == member.id, CalendarEntry.deleted_at.is_(None)
        )
        out = []
        for entry in (await uow.session.scalars(stmt)).all():
            upcoming = next_occurrence(entry, now, ctx.zone)
            if upcoming is not None:
                out.append((entry, upcoming))
        return sorted(out, key=lambda pair: pair[1])


def next_occurrence(entry: CalendarEntry, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The entry's next time still ahead (an all-day one counts all of today), or None if all passed."""
    day_start = datetime.combine(now.astimezone(zone).date(), time(0, 0), tzinfo=zone)
    after = day_start - timedelta(microseconds=1) if entry.all_day else now
    return occurrences.next_after(entry.starts_at, entry.repeat, after, zone)


async def entry_of(
    uow: UnitOfWork, member: MemberRef, entry_id: int, now: datetime, *, deleted: bool = False
) -> CalendarEntry:
    entry = await uow.session.get(CalendarEntry, entry_id)
    if entry is None or entry.member_id != member.id or (entry.deleted_at is not None and not deleted):
        await audit.refuse(
            uow,
            member_id=member.id,
            target_kind="calendar_entry",
            target_id=entry_id,
            permission="calendar.own",
            at=now,
            code="calendar_entry_not_found",
        )
    return entry


def _apply(entry: CalendarEntry, draft: EntryDraft, zone: ZoneInfo, now: datetime) -> None:
    entry.title = _checked(draft)
    entry.starts_at = starts_at(draft, zone)
    entry.all_day = draft.at is None
    entry.repeat = draft.repeat
    entry.remind_minutes = draft.remind_minutes
    entry.updated_at = now


async def schedule_next(
    session: AsyncSession, entry: CalendarEntry, after: datetime, zone: ZoneInfo, *, catch_up: bool = False
) -> None:
    """Adds the reminder row of the entry's next occurrence whose reminder time is still ahead.

    With `catch_up` (an entry just written), an occurrence still ahead whose reminder time has
    already passed is reminded at once — unless its reminder was already sent."""
    if entry.remind_minutes is None or entry.deleted_at is not None:
        return
    window_start = after - timedelta(days=1)  # an all-day entry's reminder comes after its midnight
    for occurrence in occurrences.between(entry.starts_at, entry.repeat, window_start, after + HORIZON, zone):
        due = reminder_at(entry, occurrence, zone)
        late = due is not None and due <= after < event_end(occurrence, entry.all_day)
        if catch_up and late and due is not None and not await _was_sent(session, entry.id, due):
            session.add(Reminder(kind=REMINDER_KIND, subject_id=entry.id, due_at=after))
            return
        if due is not None and due > after:
            row = await session.scalar(
                select(Reminder).where(
                    Reminder.kind == REMINDER_KIND, Reminder.subject_id == entry.id, Reminder.due_at == due
                )
            )
            if row is None:
                session.add(Reminder(kind=REMINDER_KIND, subject_id=entry.id, due_at=due))
            elif row.sent_at is None:  # moved away and back again: the same row stands again
                row.cancelled_at = None
            return


async def _was_sent(session: AsyncSession, entry_id: int, since: datetime) -> bool:
    found = await session.scalar(
        select(Reminder.id).where(
            Reminder.kind == REMINDER_KIND,
            Reminder.subject_id == entry_id,
            Reminder.sent_at.is_not(None),
            Reminder.due_at >= since,
        )
    )
    return found is not None


async def _cancel_reminders(session: AsyncSession, entry_id: int, now: datetime) -> None:
    await session.execute(
        update(Reminder)
        .where(
            Reminder.kind == REMINDER_KIND,
            Reminder.subject_id == entry_id,
            Reminder.sent_at.is_(None),
            Reminder.cancelled_at.is_(None),
        )
        .values(cancelled_at=now)
    )
