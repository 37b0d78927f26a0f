"""An assignee's side: my tasks, accept, report progress (with a note or a file), mark done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.audit import service as audit
from core.context import Context
from core.conversation.screens import Screen
from core.db.uow import UnitOfWork
from core.documents.models import StoredFile
from core.errors import Conflict, InvalidInput
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import MemberRef
from core.outbox import service as outbox
from core.tasks import access, rules
from core.tasks.models import Task, TaskAssignee, TaskReport
from core.tasks.repository import TaskRepository
from core.tasks.views import MyTask, TaskView, card_button
from core.text import clean_lines
from core.texts import Rich, join_lines, label, t


@dataclass(frozen=True)
class ReportFile:
    sha256: str
    name: str
    size: int
    mime_type: str


@dataclass(frozen=True)
class Share:
    task: TaskView
    state: str
    percent: int
    changed: bool = False  # this very call changed it (a second «Nhận việc» changes nothing)
    document_id: int | None = None


def _share(task: Task, unit: Unit, share: TaskAssignee, *, changed: bool = False) -> Share:
    return Share(_view(task, unit.name), share.state, share.percent, changed, task.document_id)


async def my_tasks(ctx: Context, *, actor: MemberRef) -> list[MyTask]:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        rows = await TaskRepository(uow.session).of_member(actor.id)
        units = {u.id: u.name for u in await _units(uow, [task.unit_id for task, _ in rows])}
        return [
            MyTask(
                _view(task, units.get(task.unit_id, "")),
                rules.assignee_status(a.state, task.due_at, now),
                a.percent,
            )
            for task, a in rows
            if a.state in rules.OPEN_STATES
        ]


async def _units(uow: UnitOfWork, ids: list[int]) -> list[Unit]:
    return list((await UnitRepository(uow.session).by_ids(ids)).values())


def _view(task: Task, unit_name: str) -> TaskView:
    return TaskView(task.id, task.unit_id, unit_name, task.title, task.details, task.due_at, "new")


async def my_task(ctx: Context, *, actor: MemberRef, task_id: int) -> Share:
    async with ctx.uow() as uow:
        task, unit, share = await access.my_share(
            uow, actor, task_id, ctx.clock.now(), permission="task.open"
        )
        return _share(task, unit, share)


async def accept_task(ctx: Context, *, actor: MemberRef, task_id: int) -> Share:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        task, unit, share = await access.my_share(uow, actor, task_id, now, permission="task.accept")
        if share.state == "new":
            share.state, share.accepted_at = "accepted", now
            TaskRepository(uow.session).event(task, actor.id, "accepted", now)
            await _tell(
                uow, task, actor, t("task.told.accepted", name=actor.full_name, title=task.title), now
            )
            await uow.commit()
            return _share(task, unit, share, changed=True)
        return _share(task, unit, share)


async def report_progress(
    ctx: Context,
    *,
    actor: MemberRef,
    task_id: int,
    percent: int | None,
    note: str,
    file: ReportFile | None = None,
) -> Share:
    """A report; a later one corrects an earlier one. 100% is not «done»: that is its own step."""
    note = clean_lines(note)[: rules.MAX_NOTE]
    if percent is not None and not 0 <= percent <= 100:
        raise InvalidInput("task_percent_invalid")
    if percent is None and not note and file is None:
        raise InvalidInput("task_report_empty")
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        task, unit, share = await access.my_share(uow, actor, task_id, now, permission="task.report")
        _record(uow, task, share, actor, now, percent=percent, note=note, file=file)
        if file is not None:
            await _keep_file(uow, file, now)
        what = f"{percent}%" if percent is not None else label("task.told.no_percent")
        text = t("task.told.report", name=actor.full_name, title=task.title, what=what)
        await _tell(
            uow, task, actor, join_lines([text, t("task.told.note", note=note)]) if note else text, now, file
        )
        await uow.commit()
        return _share(task, unit, share)


async def finish_task(ctx: Context, *, actor: MemberRef, task_id: int, note: str) -> Share:
    note = clean_lines(note)[: rules.MAX_NOTE]
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        task, unit, share = await access.my_share(uow, actor, task_id, now, permission="task.done")
        if share.state == "done":
            raise Conflict("task_already_done", title=task.title)
        _record(uow, task, share, actor, now, percent=100, note=note, done=True)
        lines = [t("task.told.done", name=actor.full_name, title=task.title)]
        if note:
            lines.append(t("task.told.note", note=note))
        states = [a.state for a, _ in await TaskRepository(uow.session).assignees([task.id])]
        if all(s in ("done", "removed") for s in states):
            lines.append(t("task.told.all_done"))
        await _tell(uow, task, actor, join_lines(lines), now)
        await uow.commit()
        return _share(task, unit, share)


def _record(
    uow: UnitOfWork,
    task: Task,
    share: TaskAssignee,
    actor: MemberRef,
    now: datetime,
    *,
    percent: int | None,
    note: str,
    file: ReportFile | None = None,
    done: bool = False,
) -> None:
    share.last_report_at = task.updated_at = now
    if percent is not None:
        share.percent = percent
    if done:
        share.state, share.done_at = "done", now
    elif share.state in ("new", "done"):  # a report accepts the task; after «done» it reopens the share
        share.state, share.accepted_at, share.done_at = "accepted", share.accepted_at or now, None
    uow.session.add(
        TaskReport(
            task_id=task.id, member_id=actor.id, at=now, percent=percent, done=done, note=note,
            file_sha256=file.sha256 if file else None, file_name=file.name if file else None,
        )
    )  # fmt: skip
    kind = "done" if done else "report"
    TaskRepository(uow.session).event(task, actor.id, kind, now, percent="" if percent is None else percent)
    audit.record(uow.session, actor=audit.member_actor(actor.id), action=f"task.{kind}", at=now,
                 target_kind="task", target_id=task.id, percent=percent)  # fmt: skip


async def _keep_file(uow: UnitOfWork, file: ReportFile, now: datetime) -> None:
    if await uow.session.get(StoredFile, file.sha256) is None:
        uow.session.add(
            StoredFile(
                sha256=file.sha256, size=file.size, kind="report", mime_type=file.mime_type, created_at=now
            )
        )
        await uow.flush()


async def _tell(
    uow: UnitOfWork, task: Task, actor: MemberRef, text: Rich, now: datetime, file: ReportFile | None = None
) -> None:
    """The secretary hears of every step, with a button to open the task's card."""
    items: list[tuple[int, Screen]] = []
    attachment = {"file": file.sha256, "name": file.name} if file else None
    for member_id in await access.followers(uow.session, task):
        if member_id == actor.id:
            continue  # a secretary carrying their own task is not told of their own report
        option = card_button(uow.session, member_id, task.id, now)
        items.append((member_id, Screen(text, (option,), attachment=attachment)))
    await outbox.enqueue(uow.session, items=items, subject_kind="task_report", subject_id=task.id, now=now)
