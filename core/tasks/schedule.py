"""A task's reminder rows: before the deadline, at it (overdue) and a day after (to the secretary)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.reminders.models import Reminder
from core.tasks import rules
from core.tasks.models import Task

DUE = "task_due"  # before the deadline, to the assignees not done
OVERDUE = "task_overdue"  # at the deadline, to the assignees not done
ESCALATE = "task_escalate"  # a day after, to the secretary: who has not finished
KINDS = (DUE, OVERDUE, ESCALATE)


async def schedule(session: AsyncSession, task: Task, now: datetime, zone: ZoneInfo) -> None:
    """Rows for the task's plan from now on; (kind, task, time) is unique, so a row is reused if it exists."""
    wanted = [(DUE, at) for at in rules.reminder_moments(task.remind_plan, task.due_at, zone) if at > now]
    wanted += [(OVERDUE, task.due_at), (ESCALATE, task.due_at + rules.ESCALATE_AFTER)]
    existing = {
        (r.kind, r.due_at): r
        for r in (
            await session.scalars(
                select(Reminder).where(Reminder.kind.in_(KINDS), Reminder.subject_id == task.id)
            )
        ).all()
    }
    for kind, at in wanted:
        row = existing.get((kind, at))
        if row is None:
            session.add(Reminder(kind=kind, subject_id=task.id, due_at=at))
        else:
            row.sent_at, row.cancelled_at = None, None


async def cancel(session: AsyncSession, task_id: int, now: datetime) -> None:
    """Every reminder of the task still to come is called off (extended or cancelled)."""
    await session.execute(
        update(Reminder)
        .where(
            Reminder.kind.in_(KINDS),
            Reminder.subject_id == task_id,
            Reminder.sent_at.is_(None),
            Reminder.cancelled_at.is_(None),
        )
        .values(cancelled_at=now)
    )
    await session.flush()
