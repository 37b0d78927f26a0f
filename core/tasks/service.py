"""Assigning a task: the units, people and meetings a secretary may choose, then the task itself."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select

from core.audit import service as audit
from core.context import Context
from core.conversation.screens import Screen
from core.db.uow import UnitOfWork
from core.documents.access import can_see
from core.documents.library import recent_documents
from core.documents.models import Document
from core.errors import InvalidInput
from core.meetings.models import Meeting
from core.members.models import Member
from core.members.repository import MemberRepository
from core.org.guard import unit_for
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import MemberRef, managed_paths
from core.outbox import service as outbox
from core.tasks import rules, schedule
from core.tasks.access import PERMISSION
from core.tasks.models import Task, TaskAssignee
from core.tasks.repository import TaskRepository
from core.tasks.views import TaskView, member_buttons, task_lines
from core.text import clean, clean_lines
from core.texts import join_lines, label, t

MAX_UNITS = 30
MEETINGS_BACK = timedelta(days=14)


@dataclass(frozen=True)
class Assigned:
    task: TaskView
    not_joined: tuple[str, ...]  # assignees with no chat account: the task cannot reach them


@dataclass(frozen=True)
class TaskDraft:
    unit_id: int
    title: str
    due_at: datetime
    member_ids: tuple[int, ...]
    details: str = ""
    meeting_id: int | None = None
    document_id: int | None = None
    remind_plan: tuple[str, ...] = rules.DEFAULT_PLAN


async def assign_units(ctx: Context, *, actor: MemberRef) -> list[tuple[int, str]]:
    """The units where the actor may assign work: each unit they manage and the units below it."""
    async with ctx.uow() as uow:
        found: list[tuple[int, str]] = []
        for path in managed_paths(actor, PERMISSION):
            found += [(u.id, u.name) for u in await UnitRepository(uow.session).subtree(path)]
        return found[:MAX_UNITS]


async def unit_people(ctx: Context, *, actor: MemberRef, unit_id: int) -> list[tuple[int, str, bool]]:
    """The unit's members (and those below it): id, name, and whether they have joined the chat."""
    async with ctx.uow() as uow:
        unit = await unit_for(
            uow, actor, unit_id, permission=PERMISSION, at=ctx.clock.now(), code="unit_not_found"
        )
        members = await UnitRepository(uow.session).members_in_subtree(unit.path)
        joined = await MemberRepository(uow.session).accounts_of([m.id for m in members])
        return [(m.id, m.full_name, bool(joined.get(m.id))) for m in members]


async def unit_meetings(ctx: Context, *, actor: MemberRef, unit_id: int) -> list[tuple[int, datetime, str]]:
    """Meetings of the unit from two weeks ago on, the nearest first (a task often comes from one)."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        unit = await unit_for(uow, actor, unit_id, permission=PERMISSION, at=now, code="unit_not_found")
        stmt = (
            select(Meeting)
            .where(
                Meeting.unit_id == unit.id,
                Meeting.status == "scheduled",
                Meeting.starts_at >= now - MEETINGS_BACK,
            )
            .order_by(Meeting.starts_at)
            .limit(6)
        )
        return [(m.id, m.starts_at, m.kind) for m in (await uow.session.scalars(stmt)).all()]


def checked(draft: TaskDraft, now: datetime) -> TaskDraft:
    title, details = clean(draft.title), clean_lines(draft.details)
    if not title or len(title) > rules.MAX_TITLE:
        raise InvalidInput("task_title_invalid", limit=rules.MAX_TITLE)
    if len(details) > rules.MAX_DETAILS:
        raise InvalidInput("task_details_too_long", limit=rules.MAX_DETAILS)
    if draft.due_at <= now:
        raise InvalidInput("task_due_past")
    if not draft.member_ids:
        raise InvalidInput("task_no_assignee")
    return replace(draft, title=title, details=details, member_ids=tuple(dict.fromkeys(draft.member_ids)))


async def people_of(
    uow: UnitOfWork, actor: MemberRef, unit: Unit, ids: tuple[int, ...], now: datetime
) -> list[Member]:
    members = {m.id: m for m in await UnitRepository(uow.session).members_in_subtree(unit.path)}
    if any(member_id not in members for member_id in ids):
        await audit.refuse(
            uow,
            member_id=actor.id,
            target_kind="unit",
            target_id=unit.id,
            permission=PERMISSION,
            at=now,
            code="member_not_found",
        )
    return [members[member_id] for member_id in ids]


async def assign_task(ctx: Context, *, actor: MemberRef, draft: TaskDraft) -> Assigned:
    now = ctx.clock.now()
    draft = checked(draft, now)
    async with ctx.uow() as uow:
        unit = await unit_for(uow, actor, draft.unit_id, permission=PERMISSION, at=now, code="unit_not_found")
        people = await people_of(uow, actor, unit, draft.member_ids, now)
        meeting = await _meeting_of(uow, unit, draft.meeting_id)
        document = await _document_of(uow, actor, draft.document_id)
        task = Task(
            unit_id=unit.id,
            title=draft.title,
            details=draft.details,
            due_at=draft.due_at,
            meeting_id=meeting.id if meeting else None,
            document_id=document.id if document else None,
            remind_plan=list(draft.remind_plan),
            status="open",
            created_by=actor.id or None,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(task)
        await uow.flush()
        view = view_of(task, unit, meeting, ctx, assigner=actor.full_name, document=document)
        not_joined = await add_people(ctx, uow, task, view, people, title_key="task.notice.new")
        _record_assigned(uow, actor, task, people, now)
        await schedule.schedule(uow.session, task, now, ctx.zone)
        await uow.commit()
        return Assigned(view, not_joined)


def _record_assigned(
    uow: UnitOfWork, actor: MemberRef, task: Task, people: list[Member], now: datetime
) -> None:
    names = ", ".join(m.full_name for m in people)
    TaskRepository(uow.session).event(task, actor.id or None, "assigned", now, names=names)
    audit.record(
        uow.session,
        actor=audit.member_actor(actor.id),
        action="task.assign",
        at=now,
        target_kind="task",
        target_id=task.id,
        members=[m.id for m in people],
        due_at=task.due_at.isoformat(),
    )


async def _meeting_of(uow: UnitOfWork, unit: Unit, meeting_id: int | None) -> Meeting | None:
    if meeting_id is None:
        return None
    meeting = await uow.session.get(Meeting, meeting_id)
    if meeting is None or meeting.unit_id != unit.id:
        raise InvalidInput("meeting_not_found")
    return meeting


async def _document_of(uow: UnitOfWork, actor: MemberRef, document_id: int | None) -> Document | None:
    if document_id is None:
        return None
    if not await can_see(uow.session, actor, document_id):
        raise InvalidInput("document_not_found")
    return await uow.session.get(Document, document_id)


async def unit_documents(ctx: Context, *, actor: MemberRef) -> list[tuple[int, str]]:
    """The latest documents the secretary sees (a task often carries out one of them)."""
    page = await recent_documents(ctx, member=actor)
    return [(view.id, view.title) for view in page.items]


def meeting_label(meeting: Meeting, ctx: Context) -> str:
    local = meeting.starts_at.astimezone(ctx.zone)
    return label("task.meeting_label", kind=label(f"meeting.kind.{meeting.kind}"), when=f"{local:%d/%m/%Y}")


def view_of(
    task: Task,
    unit: Unit,
    meeting: Meeting | None,
    ctx: Context,
    *,
    assigner: str | None,
    status: str = "new",
    document: Document | None = None,
) -> TaskView:
    return TaskView(
        task.id,
        unit.id,
        unit.name,
        task.title,
        task.details,
        task.due_at,
        status,
        meeting_label(meeting, ctx) if meeting else None,
        assigner,
        document.title if document else None,
    )


async def add_people(
    ctx: Context, uow: UnitOfWork, task: Task, view: TaskView, people: list[Member], *, title_key: str
) -> tuple[str, ...]:
    """New assignees (or ones given back a share they had lost) and their notice with buttons.

    Returns the names of those who never joined the chat: their notice waits for nobody."""
    now = ctx.clock.now()
    repo = TaskRepository(uow.session)
    items: list[tuple[int, Screen]] = []
    for member in people:
        share = await repo.assignee(task.id, member.id)
        if share is None:
            uow.session.add(
                TaskAssignee(task_id=task.id, member_id=member.id, state="new", percent=0, assigned_at=now)
            )
        else:
            share.state, share.percent, share.assigned_at, share.done_at = "new", 0, now, None
        text = join_lines([t(title_key), task_lines(view, ctx.zone)])  # unit and giver: on their lines
        items.append((member.id, Screen(text, member_buttons(uow.session, member.id, task, now), columns=1)))
    await outbox.enqueue(uow.session, items=items, subject_kind="task", subject_id=task.id, now=now)
    accounts = await MemberRepository(uow.session).accounts_of([m.id for m in people])
    return tuple(m.full_name for m in people if not accounts.get(m.id))
