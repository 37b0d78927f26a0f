"""What a meeting reminder says and to whom."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.screens import Screen
from core.meetings.notify import rsvp_options
from core.meetings.repository import MeetingRepository
from core.meetings.views import MeetingView, details
from core.reminders.models import Reminder
from core.reminders.service import ReminderHandler
from core.texts import join_lines, t


def meeting_reminder(zone: ZoneInfo) -> ReminderHandler:
    async def handle(
        session: AsyncSession, reminder: Reminder, now: datetime, late: bool
    ) -> list[tuple[int, Screen]] | None:
        repo = MeetingRepository(session)
        found = await repo.get_with_unit(reminder.subject_id)
        if found is None:
            return None
        meeting, unit = found
        if meeting.status != "scheduled" or meeting.starts_at <= now:
            return None
        answers = await repo.rsvps(meeting.id)
        view = MeetingView.of(meeting, unit.name, await repo.paper_titles(meeting.id))
        title = t("meeting.reminder.title_late" if late else f"meeting.reminder.{reminder.kind}")
        items: list[tuple[int, Screen]] = []
        for member in await repo.invitees(meeting, unit):
            answer = answers.get(member.id)
            if answer is not None and answer.answer == "absent":
                continue
            options = () if answer is not None else rsvp_options(session, member.id, meeting, now)
            items.append((member.id, Screen(join_lines([title, details(view, zone)]), options, columns=2)))
        return items

    return handle


def handlers(zone: ZoneInfo) -> dict[str, ReminderHandler]:
    handle = meeting_reminder(zone)
    return {"meeting_24h": handle, "meeting_1h": handle}
