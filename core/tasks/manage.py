"""The secretary's side after assigning: tasks by status, a task's card, reassign, extend, cancel."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.audit import service as audit
from core.context import Context
from core.conversation.screens import Screen
from core.db.uow import UnitOfWork
from core.documents.models import Document
from core.errors import InvalidInput
from core.meetings.models import Meeting
from core.members.models import Member
from core.members.repository import MemberRepository
from core.org.guard import unit_for
from core.org.models import Unit
from core.org.rules import MemberRef
from core.outbox import service as outbox
from core.tasks import access, rules, schedule
from core.tasks.access import PERMISSION
from core.tasks.models import Task, TaskAssignee, TaskReport
from core.tasks.repository import TaskRepository
from core.tasks.service import add_people, people_of, view_of
from core.tasks.views import (
    AssigneeView,
    EventView,
    ReportView,
    TaskCard,
    TaskView,
    due_text,
    member_buttons,
    task_lines,
)
from core.texts import Rich, join_lines, t

LISTED_BACK = timedelta(days=90)  # done and overdue tasks stay in the lists this long after their deadline


@dataclass(frozen=True)
class UnitTask:
    view: TaskView
    people: tuple[tuple[str, str], ...]  # (name, status) of each current assignee


async def unit_tasks(ctx: Context, *, actor: MemberRef, unit_id: int) -> list[UnitTask]:
    """The unit's open tasks (and those below it), each with its status now and its assignees'."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        unit = await unit_for(uow, actor, unit_id, permission=PERMISSION, at=now, code="unit_not_found")
        repo = TaskRepository(uow.session)
        rows = await repo.of_units([unit.path], since=now - LISTED_BACK)
        shares: dict[int, list[tuple[TaskAssignee, Member]]] = {}
        for share, member in await repo.assignees([task.id for task, _ in rows]):
            if share.state != "removed":
                shares.setdefault(share.task_id, []).append((share, member))
        out = []
        for task, u in rows:
            mine = shares.get(task.id, [])
            status = rules.task_status(task.status, [s.state for s, _ in mine], task.due_at, now)
            people = tuple((m.full_name, rules.assignee_status(s.state, task.due_at, now)) for s, m in mine)
            out.append(UnitTask(view_of(task, u, None, ctx, assigner=None, status=status), people))
        return out


def counts(tasks: list[UnitTask]) -> dict[str, tuple[int, int]]:
    """Per status: how many assignees (one person in one task counts once) and in how many tasks."""
    people: Counter[str] = Counter(status for task in tasks for _, status in task.people)
    holding: Counter[str] = Counter(status for task in tasks for status in {s for _, s in task.people})
    return {status: (people[status], holding[status]) for status in people}


async def task_card(ctx: Context, *, actor: MemberRef, task_id: int) -> TaskCard:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        task, unit = await access.managed_task(uow, actor, task_id, now)
        return await _card(ctx, uow, task, unit, now)


async def _card(ctx: Context, uow: UnitOfWork, task: Task, unit: Unit, now: datetime) -> TaskCard:
    repo = TaskRepository(uow.session)
    shares = await repo.assignees([task.id])
    reports = await repo.reports(task.id)
    last_note = {}
    for report, _ in reversed(reports):
        last_note[report.member_id] = report.note
    meeting = await uow.session.get(Meeting, task.meeting_id) if task.meeting_id else None
    assigner = await uow.session.get(Member, task.created_by) if task.created_by else None
    document = await uow.session.get(Document, task.document_id) if task.document_id else None
    status = rules.task_status(task.status, [s.state for s, _ in shares], task.due_at, now)
    accounts = await MemberRepository(uow.session).accounts_of([m.id for _, m in shares])
    name = assigner.full_name if assigner else None
    view = view_of(task, unit, meeting, ctx, assigner=name, status=status, document=document)
    people = tuple(
        AssigneeView(
            m.id,
            m.full_name,
            rules.assignee_status(s.state, task.due_at, now),
            s.percent,
            s.last_report_at,
            last_note.get(m.id, ""),
            joined=bool(accounts.get(m.id)),
        )
        for s, m in shares
    )
    return TaskCard(
        view,
        people,
        tuple(ReportView(r.id, name, r.at, r.percent, r.done, r.note, r.file_name) for r, name in reports),
        tuple(EventView(e.at, name, e.kind, dict(e.details)) for e, name in await repo.events(task.id)),
    )


async def report_file(ctx: Context, *, actor: MemberRef, report_id: int) -> tuple[str, str]:
    """A file sent with a report, for whoever follows the task: (sha256, name)."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        report = await uow.session.get(TaskReport, report_id)
        if report is None or report.file_sha256 is None:
            await audit.refuse(
                uow,
                member_id=actor.id,
                target_kind="task_report",
                target_id=report_id,
                permission=PERMISSION,
                at=now,
                code="task_not_found",
            )
        assert report is not None and report.file_sha256 is not None
        await access.managed_task(uow, actor, report.task_id, now)
        return report.file_sha256, report.file_name or "tep"


async def extend_task(ctx: Context, *, actor: MemberRef, task_id: int, due_at: datetime) -> TaskCard:
    """A new deadline: the reminders still to come move with it, the assignees not done are told."""
    now = ctx.clock.now()
    if due_at <= now:
        raise InvalidInput("task_due_past")
    async with ctx.uow() as uow:
        task, unit = await access.open_managed_task(uow, actor, task_id, now)
        before = task.due_at
        task.due_at, task.updated_at = due_at, now
        await schedule.cancel(uow.session, task.id, now)
        await schedule.schedule(uow.session, task, now, ctx.zone)
        old, new = due_text(before, ctx.zone), due_text(due_at, ctx.zone)
        TaskRepository(uow.session).event(task, actor.id or None, "extended", now, old=old, new=new)
        _audit(uow, actor, "task.extend", task, now, due_at=due_at.isoformat())
        await _tell_people(
            ctx, uow, task, unit, t("task.notice.extended", title=task.title, old=old, new=new), now
        )
        await uow.commit()
        return await _card(ctx, uow, task, unit, now)


async def cancel_task(ctx: Context, *, actor: MemberRef, task_id: int) -> TaskCard:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        task, unit = await access.open_managed_task(uow, actor, task_id, now)
        task.status, task.updated_at = "cancelled", now
        await schedule.cancel(uow.session, task.id, now)
        TaskRepository(uow.session).event(task, actor.id or None, "cancelled", now)
        _audit(uow, actor, "task.cancel", task, now)
        await _tell_people(
            ctx, uow, task, unit, t("task.notice.cancelled", title=task.title, name=actor.full_name), now
        )
        await uow.commit()
        return await _card(ctx, uow, task, unit, now)


async def reassign_task(
    ctx: Context, *, actor: MemberRef, task_id: int, member_ids: tuple[int, ...]
) -> TaskCard:
    """The task's people become `member_ids`: those taken off and those added are told."""
    now = ctx.clock.now()
    if not member_ids:
        raise InvalidInput("task_no_assignee")
    async with ctx.uow() as uow:
        task, unit = await access.open_managed_task(uow, actor, task_id, now)
        people = await people_of(uow, actor, unit, member_ids, now)
        shares = {m.id: (s, m) for s, m in await TaskRepository(uow.session).assignees([task.id])}
        current = {mid for mid, (s, _) in shares.items() if s.state != "removed"}
        removed = [m for mid, (s, m) in shares.items() if mid in current and mid not in member_ids]
        added = [m for m in people if m.id not in current]
        await _take_off(uow, task, [shares[m.id][0] for m in removed], actor, now)
        view = view_of(task, unit, None, ctx, assigner=actor.full_name)
        await add_people(ctx, uow, task, view, added, title_key="task.notice.reassigned")
        gone = ", ".join(m.full_name for m in removed) or "—"
        new = ", ".join(m.full_name for m in added) or "—"
        TaskRepository(uow.session).event(task, actor.id or None, "reassigned", now, removed=gone, added=new)
        _audit(
            uow,
            actor,
            "task.reassign",
            task,
            now,
            removed=[m.id for m in removed],
            added=[m.id for m in added],
        )
        task.updated_at = now
        await uow.commit()
        return await _card(ctx, uow, task, unit, now)


async def _take_off(
    uow: UnitOfWork, task: Task, shares: list[TaskAssignee], actor: MemberRef, now: datetime
) -> None:
    screen = Screen(t("task.notice.removed", title=task.title, name=actor.full_name))
    for share in shares:
        share.state = "removed"
    items = [(share.member_id, screen) for share in shares]
    await outbox.enqueue(uow.session, items=items, subject_kind="task", subject_id=task.id, now=now)


def _audit(
    uow: UnitOfWork, actor: MemberRef, action: str, task: Task, now: datetime, **details: object
) -> None:
    audit.record(
        uow.session,
        actor=audit.member_actor(actor.id),
        action=action,
        at=now,
        target_kind="task",
        target_id=task.id,
        **details,
    )


async def _tell_people(
    ctx: Context, uow: UnitOfWork, task: Task, unit: Unit, head: Rich, now: datetime
) -> None:
    """The assignees not done (and not taken off) hear of a change to their task."""
    shares = await TaskRepository(uow.session).assignees([task.id])
    view = view_of(task, unit, None, ctx, assigner=None)
    text = join_lines([head, task_lines(view, ctx.zone)])
    items = [
        (
            m.id,
            Screen(text, member_buttons(uow.session, m.id, task, now) if task.status == "open" else ()),
        )
        for s, m in shares
        if s.state in rules.OPEN_STATES
    ]
    await outbox.enqueue(uow.session, items=items, subject_kind="task", subject_id=task.id, now=now)
