"""A private, revocable .ics link per member: meetings, task deadlines and entries for a phone calendar.

The link carries a random secret; only its SHA-256 is stored, so the database cannot be read back into
working links. Renewing or turning it off makes the old link answer «không tìm thấy»."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Alarm, Calendar, Event
from sqlalchemy import select

from core.calendar.agenda import agenda
from core.calendar.digest import settings_of
from core.calendar.models import CalendarEntry, CalendarSettings
from core.calendar.service import ALL_DAY_AT
from core.context import Context
from core.errors import NotFound
from core.meetings.rules import REMINDER_OFFSETS
from core.members.repository import MemberRepository
from core.org.rules import MemberRef
from core.tasks.queries import reminder_offsets
from core.texts import label

PAST = timedelta(days=30)
AHEAD = timedelta(days=180)
RRULES = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY"}
ENTRY_LENGTH = timedelta(hours=1)  # an entry has a start only: shown as an hour
DEADLINE_LENGTH = timedelta(minutes=15)  # a task deadline: a short slot at its time
ALL_DAY_AT_OFFSET = timedelta(hours=ALL_DAY_AT.hour, minutes=ALL_DAY_AT.minute)
MEETING_ALARMS = sorted(REMINDER_OFFSETS.values(), reverse=True)  # 24 h and 1 h before, as in the chat


def _uid_suffix(ctx: Context) -> str:
    """Unique to this installation (its secret key and address), the same on every fetch."""
    host = urlsplit(ctx.public_url or "").hostname or "sotay"
    installation = hashlib.sha256(f"ics-uid:{ctx.link_secret}:{host}".encode()).hexdigest()[:16]
    return f"{installation}@{host}"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_url(ctx: Context, secret: str) -> str:
    return f"{(ctx.public_url or '').rstrip('/')}/lich/{secret}.ics"


async def has_feed(ctx: Context, *, member: MemberRef) -> bool:
    async with ctx.uow() as uow:
        found = await uow.session.get(CalendarSettings, member.id)
        return bool(found and found.feed_hash)


async def new_feed(ctx: Context, *, member: MemberRef) -> str:
    """A fresh link; any earlier one stops working. The secret is shown once, never stored."""
    secret = secrets.token_urlsafe(24)
    async with ctx.uow() as uow:
        settings = await settings_of(uow.session, member.id)
        settings.feed_hash, settings.feed_created_at = _hash(secret), ctx.clock.now()
        await uow.commit()
    return feed_url(ctx, secret)


async def revoke_feed(ctx: Context, *, member: MemberRef) -> None:
    async with ctx.uow() as uow:
        settings = await settings_of(uow.session, member.id)
        settings.feed_hash = None
        await uow.commit()


async def feed_ics(ctx: Context, secret: str) -> bytes:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        owner = await uow.session.scalar(
            select(CalendarSettings.member_id).where(CalendarSettings.feed_hash == _hash(secret))
        )
        member = await MemberRepository(uow.session).ref(owner) if owner is not None else None
        if member is None:
            raise NotFound("calendar_feed_not_found")
        items = await agenda(uow.session, member, now - PAST, now + AHEAD, ctx.zone)
        deadlines = [item.subject_id for item in items if item.kind == "task"]
        task_alarms = await reminder_offsets(uow.session, deadlines, ctx.zone)
        entries = (
            await uow.session.scalars(
                select(CalendarEntry).where(
                    CalendarEntry.member_id == member.id, CalendarEntry.deleted_at.is_(None)
                )
            )
        ).all()
    cal = Calendar()
    cal.add("prodid", "-//So tay//vi")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", label("calendar.feed.name", name=member.full_name))
    cal.add("x-wr-timezone", str(ctx.zone))
    suffix = _uid_suffix(ctx)
    for item in items:
        if item.kind != "entry":  # entries go in once, with their repeat rule
            length = timedelta(minutes=item.minutes) if item.minutes else DEADLINE_LENGTH
            uid = f"{item.kind}-{item.subject_id}-{suffix}"
            summary = _title(item.kind, item.title)
            event = _event(uid, item.at, length, summary, item.detail, now)
            offsets = MEETING_ALARMS if item.kind == "meeting" else task_alarms.get(item.subject_id, [])
            for offset in offsets:  # the reminders the member gets in the chat, at the same times
                event.add_component(_alarm(summary, -offset))
            cal.add_component(event)
    for entry in entries:
        start = entry.starts_at.astimezone(ctx.zone)
        uid = f"entry-{entry.id}-{suffix}"
        event = _event(uid, start, ENTRY_LENGTH, entry.title, "", now, all_day=entry.all_day)
        if entry.repeat:
            event.add("rrule", {"freq": RRULES[entry.repeat]})
        if entry.remind_minutes is not None:  # minutes before, or 07:00 on the day of an all-day entry
            before = timedelta(minutes=entry.remind_minutes)
            event.add_component(_alarm(entry.title, ALL_DAY_AT_OFFSET if entry.all_day else -before))
        cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for Asia/Ho_Chi_Minh, as RFC 5545 wants
    return bytes(cal.to_ical())


def _title(kind: str, title: str) -> str:
    return label(f"calendar.feed.{kind}", title=title)


def _alarm(description: str, trigger: timedelta) -> Alarm:
    """A reminder relative to the event's start (negative: before it)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", trigger)
    return alarm


def _event(
    uid: str,
    at: datetime,
    length: timedelta,
    summary: str,
    detail: str,
    now: datetime,
    *,
    all_day: bool = False,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", summary)
    event.add("dtstart", at.date() if all_day else at)
    event.add("dtend", at.date() + timedelta(days=1) if all_day else at + length)
    if detail:
        event.add("location", detail)
    return event
