"""Queries over tasks; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.members.models import Member
from core.org.models import Unit
from core.tasks.models import Task, TaskAssignee, TaskEvent, TaskReport


class TaskRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, task_id: int) -> tuple[Task, Unit] | None:
        stmt = select(Task, Unit).join(Unit, Unit.id == Task.unit_id).where(Task.id == task_id)
        row = (await self.session.execute(stmt)).first()
        return (row[0], row[1]) if row else None

    async def lock(self, task_id: int) -> Task | None:
        stmt = select(Task).where(Task.id == task_id).with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def assignees(self, task_ids: Sequence[int]) -> list[tuple[TaskAssignee, Member]]:
        if not task_ids:
            return []
        stmt = (
            select(TaskAssignee, Member)
            .join(Member, Member.id == TaskAssignee.member_id)
            .where(TaskAssignee.task_id.in_(set(task_ids)))
            .order_by(TaskAssignee.task_id, Member.name_folded, Member.id)
        )
        return [(a, m) for a, m in (await self.session.execute(stmt)).all()]

    async def assignee(self, task_id: int, member_id: int) -> TaskAssignee | None:
        stmt = select(TaskAssignee).where(
            TaskAssignee.task_id == task_id, TaskAssignee.member_id == member_id
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def of_units(self, paths: Sequence[str], *, since: datetime) -> list[tuple[Task, Unit]]:
        """Open tasks of the units under `paths`, and those closed after `since` (for «hoàn thành»)."""
        if not paths:
            return []
        under = [Unit.path.startswith(path) for path in paths]
        stmt = (
            select(Task, Unit)
            .join(Unit, Unit.id == Task.unit_id)
            .where(or_(*under), Task.status == "open", Task.due_at >= since)
            .order_by(Task.due_at, Task.id)
        )
        return [(task, unit) for task, unit in (await self.session.execute(stmt)).all()]

    async def of_member(self, member_id: int) -> list[tuple[Task, TaskAssignee]]:
        stmt = (
            select(Task, TaskAssignee)
            .join(TaskAssignee, TaskAssignee.task_id == Task.id)
            .where(TaskAssignee.member_id == member_id, Task.status == "open")
            .order_by(Task.due_at, Task.id)
        )
        return [(task, a) for task, a in (await self.session.execute(stmt)).all()]

    async def reports(self, task_id: int, limit: int = 20) -> list[tuple[TaskReport, str]]:
        stmt = (
            select(TaskReport, Member.full_name)
            .join(Member, Member.id == TaskReport.member_id)
            .where(TaskReport.task_id == task_id)
            .order_by(TaskReport.at.desc(), TaskReport.id.desc())
            .limit(limit)
        )
        return [(r, name) for r, name in (await self.session.execute(stmt)).all()]

    async def report(self, report_id: int) -> TaskReport | None:
        return await self.session.get(TaskReport, report_id)

    async def events(self, task_id: int, limit: int = 20) -> list[tuple[TaskEvent, str | None]]:
        stmt = (
            select(TaskEvent, Member.full_name)
            .outerjoin(Member, Member.id == TaskEvent.actor_id)
            .where(TaskEvent.task_id == task_id)
            .order_by(TaskEvent.at, TaskEvent.id)
        )
        rows: list[tuple[TaskEvent, str | None]] = [
            (e, n) for e, n in (await self.session.execute(stmt)).all()
        ]
        return rows[-limit:]

    def event(self, task: Task, actor_id: int | None, kind: str, at: datetime, **details: Any) -> None:
        self.session.add(TaskEvent(task_id=task.id, actor_id=actor_id, kind=kind, at=at, details=details))
