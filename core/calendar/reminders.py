"""Reminder handlers: an entry's reminder (then its next occurrence's) and the morning digest."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.calendar import digest, occurrences, service
from core.calendar.agenda import agenda, day_bounds
from core.calendar.models import CalendarEntry, CalendarSettings
from core.calendar.views import agenda_text, day_name
from core.conversation.screens import Screen
from core.members.repository import MemberRepository
from core.reminders.models import Reminder
from core.reminders.service import LATE_AFTER, ReminderHandler
from core.texts import join_lines, t

DIGEST_LATE_FOR = timedelta(hours=5)  # a digest found late is still worth sending that morning


def entry_reminder(zone: ZoneInfo) -> ReminderHandler:
    async def handle(
        session: AsyncSession, reminder: Reminder, now: datetime, late: bool
    ) -> list[tuple[int, Screen]] | None:
        entry = await session.get(CalendarEntry, reminder.subject_id)
        if entry is None or entry.deleted_at is not None:
            return None
        occurrence = _occurrence(entry, reminder.due_at, zone)
        await service.schedule_next(session, entry, max(now, reminder.due_at), zone)  # a repeat goes on
        if now > occurrence + (timedelta(days=1) if entry.all_day else LATE_AFTER):
            return None  # the moment has passed: a late reminder would only confuse
        local = occurrence.astimezone(zone)
        when = day_name(local.date()) if entry.all_day else f"{local:%H:%M} {day_name(local.date())}"
        lines = [
            t("calendar.reminder.late" if late else "calendar.reminder.title"),
            t("calendar.reminder.body", title=entry.title, when=when),
        ]
        return [(entry.member_id, Screen(join_lines(lines)))]

    return handle


def _occurrence(entry: CalendarEntry, due_at: datetime, zone: ZoneInfo) -> datetime:
    """The occurrence a reminder is for; one sent at once (its time had passed) is for the next one."""
    if entry.all_day:
        return datetime.combine(due_at.astimezone(zone).date(), time(0, 0), tzinfo=zone)
    planned = due_at + timedelta(minutes=entry.remind_minutes or 0)
    if occurrences.between(entry.starts_at, entry.repeat, planned, planned + timedelta(seconds=1), zone):
        return planned
    return occurrences.next_after(entry.starts_at, entry.repeat, due_at, zone) or planned


def digest_reminder(zone: ZoneInfo) -> ReminderHandler:
    async def handle(
        session: AsyncSession, reminder: Reminder, now: datetime, late: bool
    ) -> list[tuple[int, Screen]] | None:
        settings = await session.get(CalendarSettings, reminder.subject_id)
        if settings is None or settings.digest_at is None:
            return None
        day = reminder.due_at.astimezone(zone).date()
        at = time.fromisoformat(settings.digest_at)
        following = digest.next_due(at, reminder.due_at, zone)
        while following < now and not _worth_sending(following, now, zone):  # after an outage
            following = digest.next_due(at, following, zone)
        await digest.schedule(session, settings.member_id, at, following - timedelta(seconds=1), zone)
        if not _worth_sending(reminder.due_at, now, zone):
            return None
        member = await MemberRepository(session).ref(settings.member_id)
        if member is None:
            return None
        start, end = day_bounds(day, zone)
        items = await agenda(session, member, start, end, zone)
        text = agenda_text(
            items, day, day, zone, heading="calendar.digest.late" if late else "calendar.digest.title"
        )
        return [(member.id, Screen(text))]

    return handle


def _worth_sending(due: datetime, now: datetime, zone: ZoneInfo) -> bool:
    """A digest found late still helps on its own day, for a few hours."""
    return now.astimezone(zone).date() == due.astimezone(zone).date() and now < due + DIGEST_LATE_FOR


def handlers(zone: ZoneInfo) -> dict[str, ReminderHandler]:
    return {service.REMINDER_KIND: entry_reminder(zone), digest.REMINDER_KIND: digest_reminder(zone)}
