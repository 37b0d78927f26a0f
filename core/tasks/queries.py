"""Read-only questions other features ask about tasks (the calendar's deadlines)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.tasks.models import Task, TaskAssignee
from core.tasks.rules import reminder_moments

OPEN_STATES = ("new", "accepted")


@dataclass(frozen=True)
class Deadline:
    task_id: int
    title: str
    due_at: datetime  # UTC


async def member_deadlines(
    session: AsyncSession, member_id: int, start: datetime, end: datetime
) -> list[Deadline]:
    """The member's open tasks (not done, not cancelled, not taken from them) due in [start, end)."""
    stmt = (
        select(Task.id, Task.title, Task.due_at)
        .join(TaskAssignee, TaskAssignee.task_id == Task.id)
        .where(
            TaskAssignee.member_id == member_id,
            TaskAssignee.state.in_(OPEN_STATES),
            Task.status == "open",
            Task.due_at >= start,
            Task.due_at < end,
        )
        .order_by(Task.due_at, Task.id)
    )
    rows = (await session.execute(stmt)).all()
    return [Deadline(task_id=row[0], title=row[1], due_at=row[2]) for row in rows]


async def reminder_offsets(
    session: AsyncSession, task_ids: list[int], zone: ZoneInfo
) -> dict[int, list[timedelta]]:
    """How long before each task's deadline its plan reminds the assignees (a calendar app's alarms)."""
    if not task_ids:
        return {}
    rows = (
        await session.execute(select(Task.id, Task.remind_plan, Task.due_at).where(Task.id.in_(task_ids)))
    ).all()
    return {
        task_id: [due_at - moment for moment in reminder_moments(plan or [], due_at, zone)]
        for task_id, plan, due_at in rows
    }
