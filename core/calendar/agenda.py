"""One list in time order for a day or a week: meetings, task deadlines and the member's own entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendar import occurrences
from core.calendar.models import CalendarEntry
from core.meetings.models import Meeting
from core.meetings.rules import is_invited
from core.org.models import Unit
from core.org.rules import MemberRef
from core.tasks.queries import member_deadlines
from core.texts import label


@dataclass(frozen=True)
class Item:
    at: datetime
    kind: str  # meeting | task | entry
    title: str
    all_day: bool = False
    detail: str = ""
    subject_id: int = 0
    minutes: int = 0  # how long, where known (a meeting's length)


def day_bounds(day: date, zone: ZoneInfo, days: int = 1) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0, 0), tzinfo=zone)
    return start, start + timedelta(days=days)


def week_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From the day asked to the end of its week (Monday-based): «tuần này» is what is still ahead."""
    return day_bounds(day, zone, days=7 - day.weekday())


async def agenda(
    session: AsyncSession, member: MemberRef, start: datetime, end: datetime, zone: ZoneInfo
) -> list[Item]:
    items = [
        *await _meetings(session, member, start, end),
        *[
            Item(due.due_at, "task", due.title, subject_id=due.task_id)
            for due in await member_deadlines(session, member.id, start, end)
        ],
        *await _entries(session, member.id, start, end, zone),
    ]
    return sorted(items, key=lambda item: (item.at, not item.all_day, item.kind, item.title))


async def _meetings(session: AsyncSession, member: MemberRef, start: datetime, end: datetime) -> list[Item]:
    unit_ids = [int(p) for p in member.unit_path.strip("/").split("/") if p]
    stmt = (
        select(Meeting, Unit)
        .join(Unit, Unit.id == Meeting.unit_id)
        .where(
            Meeting.status == "scheduled",
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            Meeting.unit_id.in_(unit_ids),
        )
    )
    return [
        Item(
            meeting.starts_at,
            "meeting",
            label(f"meeting.kind.{meeting.kind}"),
            detail=f"{unit.name}, {meeting.place}",
            subject_id=meeting.id,
            minutes=meeting.duration_minutes,
        )
        for meeting, unit in (await session.execute(stmt)).all()
        if is_invited(member, meeting_kind=meeting.kind, unit_id=unit.id, unit_path=unit.path)
    ]


async def _entries(
    session: AsyncSession, member_id: int, start: datetime, end: datetime, zone: ZoneInfo
) -> list[Item]:
    stmt = select(CalendarEntry).where(
        CalendarEntry.member_id == member_id,
        CalendarEntry.deleted_at.is_(None),
        CalendarEntry.starts_at < end,
    )
    return [
        Item(at, "entry", entry.title, all_day=entry.all_day, subject_id=entry.id)
        for entry in (await session.scalars(stmt)).all()
        for at in occurrences.between(entry.starts_at, entry.repeat, start, end, zone)
    ]
