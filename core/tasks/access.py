"""Who may touch a task: its assignees for their share, holders of task.assign over its unit for the rest.

Anything else is logged and answered as if the task did not exist."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import service as audit
from core.db.uow import UnitOfWork
from core.errors import Conflict
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import MemberRef, can
from core.tasks.models import Task, TaskAssignee
from core.tasks.repository import TaskRepository

NOT_FOUND = "task_not_found"
PERMISSION = "task.assign"


async def _refuse(uow: UnitOfWork, actor: MemberRef, task_id: int, permission: str, at: datetime) -> None:
    await audit.refuse(
        uow,
        member_id=actor.id,
        target_kind="task",
        target_id=task_id,
        permission=permission,
        at=at,
        code=NOT_FOUND,
    )


async def managed_task(uow: UnitOfWork, actor: MemberRef, task_id: int, at: datetime) -> tuple[Task, Unit]:
    found = await TaskRepository(uow.session).get(task_id)
    if found is None or not can(actor, PERMISSION, found[1].path):
        await _refuse(uow, actor, task_id, PERMISSION, at)
    assert found is not None
    return found


async def open_managed_task(
    uow: UnitOfWork, actor: MemberRef, task_id: int, at: datetime
) -> tuple[Task, Unit]:
    task, unit = await managed_task(uow, actor, task_id, at)
    if task.status != "open":
        raise Conflict("task_cancelled", title=task.title)
    return task, unit


async def my_share(
    uow: UnitOfWork, actor: MemberRef, task_id: int, at: datetime, *, permission: str
) -> tuple[Task, Unit, TaskAssignee]:
    """The actor's share of an open task; a removed share or a cancelled task is said plainly."""
    repo = TaskRepository(uow.session)
    found = await repo.get(task_id)
    share = await repo.assignee(task_id, actor.id) if found else None
    if found is None or share is None:
        await _refuse(uow, actor, task_id, permission, at)
    assert found is not None and share is not None
    task, unit = found
    if task.status != "open":
        raise Conflict("task_cancelled", title=task.title)
    if share.state == "removed":
        raise Conflict("task_removed", title=task.title)
    return task, unit, share


async def followers(session: AsyncSession, task: Task) -> list[int]:
    """Who hears of reports: the secretary who assigned it, else the unit's secretaries."""
    if task.created_by is not None:
        return [task.created_by]
    holders = await UnitRepository(session).role_holders(task.unit_id, ("bi_thu", "pho_bi_thu"))
    return [m.id for m in holders]


async def escalation_targets(session: AsyncSession, task: Task) -> list[int]:
    """A day overdue: the one who assigned it and the unit's Bí thư."""
    holders = await UnitRepository(session).role_holders(task.unit_id, ("bi_thu",))
    ids = [task.created_by] if task.created_by is not None else []
    return list(dict.fromkeys([*ids, *(m.id for m in holders)]))
