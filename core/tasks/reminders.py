"""What a task's reminders say and to whom: before the deadline, at it, and a day after to the secretary."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.screens import Screen
from core.org.models import Unit
from core.reminders.models import Reminder
from core.reminders.service import ReminderHandler
from core.tasks import access, rules, schedule
from core.tasks.models import Task
from core.tasks.repository import TaskRepository
from core.tasks.views import TaskView, card_button, due_text, member_buttons, task_lines
from core.texts import Rich, join_lines, label, t


def _late(late: bool) -> tuple[Rich, ...]:
    return (t("task.reminder.late"),) if late else ()


async def _superseded(session: AsyncSession, reminder: Reminder, now: datetime) -> bool:
    stmt = select(Reminder.id).where(
        Reminder.kind == reminder.kind,
        Reminder.subject_id == reminder.subject_id,
        Reminder.due_at > reminder.due_at,
        Reminder.due_at <= now,
        Reminder.cancelled_at.is_(None),
    )
    return (await session.execute(stmt.limit(1))).first() is not None


async def _open_task(session: AsyncSession, reminder: Reminder) -> tuple[Task, Unit] | None:
    found = await TaskRepository(session).get(reminder.subject_id)
    return found if found is not None and found[0].status == "open" else None


async def _to_assignees(
    session: AsyncSession, task: Task, unit: Unit, head: Rich, now: datetime, zone: ZoneInfo
) -> list[tuple[int, Screen]] | None:
    """The assignees not done (nor taken off), each with their buttons; None when nobody is left."""
    view = TaskView(task.id, unit.id, unit.name, task.title, task.details, task.due_at, "new")
    text = join_lines([head, task_lines(view, zone)])
    items = [
        (m.id, Screen(text, member_buttons(session, m.id, task, now)))
        for s, m in await TaskRepository(session).assignees([task.id])
        if s.state in rules.OPEN_STATES
    ]
    return items or None


def due_reminder(zone: ZoneInfo) -> ReminderHandler:
    async def handle(
        session: AsyncSession, reminder: Reminder, now: datetime, late: bool
    ) -> list[tuple[int, Screen]] | None:
        found = await _open_task(session, reminder)
        if found is None or now >= found[0].due_at:
            return None  # cancelled, or the deadline has passed: the overdue notice says it better
        if await _superseded(session, reminder, now):
            return None  # found late with a later one also due: one reminder is enough
        left = _delay(found[0].due_at - now)  # the deadline itself is on the task's own line
        head = join_lines([*_late(late), t("task.reminder.due", left=left)])
        return await _to_assignees(session, *found, head, now, zone)

    return handle


def overdue_reminder(zone: ZoneInfo) -> ReminderHandler:
    async def handle(
        session: AsyncSession, reminder: Reminder, now: datetime, late: bool
    ) -> list[tuple[int, Screen]] | None:
        found = await _open_task(session, reminder)
        if found is None or reminder.due_at != found[0].due_at:
            return None
        head = join_lines([*_late(late), t("task.reminder.overdue")])
        return await _to_assignees(session, *found, head, now, zone)

    return handle


def escalate_reminder(zone: ZoneInfo) -> ReminderHandler:
    async def handle(
        session: AsyncSession, reminder: Reminder, now: datetime, late: bool
    ) -> list[tuple[int, Screen]] | None:
        found = await _open_task(session, reminder)
        if found is None or reminder.due_at != found[0].due_at + rules.ESCALATE_AFTER:
            return None
        task, unit = found
        behind = [
            label("task.reminder.behind_one", name=m.full_name, percent=s.percent)
            for s, m in await TaskRepository(session).assignees([task.id])
            if s.state in rules.OPEN_STATES
        ]
        if not behind:
            return None
        when = due_text(task.due_at, zone)
        text = join_lines(
            [
                *_late(late),
                t(
                    "task.reminder.escalate",
                    title=task.title,
                    unit=unit.name,
                    when=when,
                    late=_delay(now - task.due_at),
                ),
                t("task.reminder.behind", names=", ".join(behind)),
            ]
        )
        return [
            (member_id, Screen(text, (card_button(session, member_id, task.id, now),)))
            for member_id in await access.escalation_targets(session, task)
        ] or None

    return handle


def _delay(late: timedelta) -> str:
    """How long, as a secretary would say it: «3 ngày 12 giờ», «1 ngày», «5 giờ»."""
    days, hours = late.days, late.seconds // 3600
    parts = [label("task.delay.days", n=days)] if days else []
    if hours or not days:
        parts.append(label("task.delay.hours", n=max(hours, 1)))
    return " ".join(parts)


def handlers(zone: ZoneInfo) -> dict[str, ReminderHandler]:
    return {
        schedule.DUE: due_reminder(zone),
        schedule.OVERDUE: overdue_reminder(zone),
        schedule.ESCALATE: escalate_reminder(zone),
    }
