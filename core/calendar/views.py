"""How calendar things read in the chat: the agenda of a day or week, an entry, what was understood."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.calendar.agenda import Item
from core.calendar.models import CalendarEntry
from core.calendar.service import EntryDraft
from core.meetings.views import WEEKDAYS
from core.texts import Rich, join_lines, label, t


def day_name(day: date) -> str:
    """«Thứ Hai 15/06/2026», written as meeting and task screens write it."""
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}"


def agenda_text(items: list[Item], first: date, last: date, zone: ZoneInfo, *, heading: str) -> Rich:
    lines = [t(heading, first=day_name(first), last=day_name(last))]
    current: date | None = None
    for item in items:
        local = item.at.astimezone(zone)
        if first != last and local.date() != current:
            current = local.date()
            lines.append(t("calendar.agenda.day", day=day_name(current)))
        lines.append(_item_line(item, local))
    if not items:
        lines.append(t("calendar.agenda.empty"))
    return join_lines(lines)


def _item_line(item: Item, local: datetime) -> Rich:
    at = label("calendar.all_day") if item.all_day else f"{local:%H:%M}"
    return t(f"calendar.agenda.{item.kind}", at=at, title=item.title, detail=item.detail)


def repeat_text(repeat: str | None, on: date) -> str:
    if repeat is None:
        return label("calendar.repeat.none")
    if repeat == "monthly" and on.day > 28:  # the 29th to the 31st: some months have none
        return label("calendar.repeat.monthly_short", day=on.day)
    return label(f"calendar.repeat.{repeat}", day=on.day, weekday=WEEKDAYS[on.weekday()])


def remind_text(draft: EntryDraft, *, at_once: bool = False) -> str:
    if draft.remind_minutes is None:
        return label("calendar.remind.off")
    if at_once:
        return label("calendar.remind.at_once", chosen=remind_text(draft))
    if draft.at is None:
        return label("calendar.remind.all_day")
    if draft.remind_minutes == 0:
        return label("calendar.remind.on_time")
    return label("calendar.remind.before", minutes=_minutes(draft.remind_minutes))


def _minutes(minutes: int) -> str:
    if minutes % 1440 == 0:
        return label("calendar.days", n=minutes // 1440)
    if minutes % 60 == 0:
        return label("calendar.hours", n=minutes // 60)
    return label("calendar.minutes", n=minutes)


def draft_text(
    draft: EntryDraft, *, heading: str = "calendar.confirm", at_once: bool = False, **values: str
) -> Rich:
    return join_lines(
        [
            t(heading, **values),
            t("calendar.field.title", title=draft.title),
            t("calendar.field.day", day=day_name(draft.on)),
            t("calendar.field.time", time=f"{draft.at:%H:%M}" if draft.at else label("calendar.all_day")),
            t("calendar.field.repeat", repeat=repeat_text(draft.repeat, draft.on)),
            t("calendar.field.remind", remind=remind_text(draft, at_once=at_once)),
        ]
    )


def entry_draft(entry: CalendarEntry, zone: ZoneInfo, at: datetime | None = None) -> EntryDraft:
    """The entry as a draft, on its first day or, with `at`, on that occurrence."""
    local = (at or entry.starts_at).astimezone(zone)
    return EntryDraft(
        entry.title, local.date(), None if entry.all_day else local.time(), entry.repeat, entry.remind_minutes
    )
