"""Read-only questions other features ask about tasks (the calendar's deadlines)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.tasks.models import Task, TaskAssignee

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
