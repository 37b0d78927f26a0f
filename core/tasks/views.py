"""What a task looks like in a message: DTOs and their texts, and the assignee's buttons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation import tokens
from core.conversation.screens import Option
from core.meetings.views import when_text
from core.tasks.models import Task
from core.texts import Rich, join_lines, label, plain, t

BUTTON_TTL_AFTER_DUE = timedelta(days=60)


@dataclass(frozen=True)
class TaskView:
    id: int
    unit_id: int
    unit_name: str
    title: str
    details: str
    due_at: datetime
    status: str  # new | doing | done | overdue | cancelled (the task as a whole)
    meeting: str | None = None
    assigner: str | None = None
    document: str | None = None


@dataclass(frozen=True)
class AssigneeView:
    member_id: int
    name: str
    status: str  # new | doing | done | overdue | removed
    percent: int
    last_report_at: datetime | None
    last_note: str = ""
    joined: bool = True  # has a chat account: can receive the task at all


@dataclass(frozen=True)
class ReportView:
    id: int
    name: str
    at: datetime
    percent: int | None
    done: bool
    note: str
    file_name: str | None


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str | None
    kind: str
    details: dict[str, object]


@dataclass(frozen=True)
class TaskCard:
    task: TaskView
    assignees: tuple[AssigneeView, ...]
    reports: tuple[ReportView, ...]
    history: tuple[EventView, ...]


@dataclass(frozen=True)
class MyTask:
    task: TaskView
    status: str  # this member's share
    percent: int


def due_text(due_at: datetime, zone: ZoneInfo) -> str:
    return when_text(due_at, zone)


def task_lines(view: TaskView, zone: ZoneInfo) -> Rich:
    lines = [t("task.line.title", title=view.title)]
    if view.details:
        lines.append(plain(view.details))
    lines.append(t("task.line.due", when=due_text(view.due_at, zone)))
    lines.append(t("task.line.unit", unit=view.unit_name))
    if view.assigner:
        lines.append(t("task.line.assigner", name=view.assigner))
    if view.meeting:
        lines.append(t("task.line.meeting", meeting=view.meeting))
    if view.document:
        lines.append(t("task.line.document", title=view.document))
    return join_lines(lines)


def _status_with_percent(status: str, percent: int) -> str:
    shown = label(f"task.status.{status}")
    if status in ("doing", "overdue") and percent:
        return label("task.line.status_percent", status=shown, percent=percent)
    return shown


def share_line(person: AssigneeView) -> Rich:
    """One assignee on the card: their state, and whether the chat can reach them at all."""
    line = t("task.line.share", name=person.name, status=_status_with_percent(person.status, person.percent))
    return join_lines([line, t("task.line.not_joined")], " ") if not person.joined else line


def my_status_line(status: str, percent: int) -> Rich:
    """The assignee's own share, on their task screen."""
    return t("task.mine.status", status=_status_with_percent(status, percent))


def report_line(report: ReportView, zone: ZoneInfo) -> Rich:
    """«• 10:00 12/06 Trần Ngọc Mai: Hoàn thành — Đã gửi bản thảo 📎 bang.docx»."""
    at = f"{report.at.astimezone(zone):%H:%M %d/%m}"
    what = (
        label("task.report.done")
        if report.done
        else f"{report.percent}%"
        if report.percent is not None
        else ""
    )
    said = [plain(part) for part in (what, report.note) if part]
    parts = [t("task.line.report", at=at, name=report.name)]
    if said:
        parts.append(join_lines(said, " — "))
    if report.file_name:
        parts.append(t("task.line.report_file", name=report.file_name))
    return join_lines(parts, " ")


def event_line(event: EventView, zone: ZoneInfo) -> Rich:
    at = f"{event.at.astimezone(zone):%H:%M %d/%m}"
    values = {k: str(v) for k, v in event.details.items()}
    what = label(f"task.event.{event.kind}", **values)
    return t("task.line.event", at=at, who=event.actor or label("task.event.system"), what=what)


def card_text(card: TaskCard, zone: ZoneInfo) -> Rich:
    lines = [
        t("task.card.title", status=label(f"task.status.{card.task.status}")),
        task_lines(card.task, zone),
        t("task.card.people"),
    ]
    lines += [share_line(a) for a in card.assignees if a.status != "removed"]
    if card.reports:
        lines.append(t("task.card.reports"))
        lines += [report_line(r, zone) for r in card.reports[:5]]
    if card.history:
        lines.append(t("task.card.history"))
        lines += [event_line(e, zone) for e in card.history[-8:]]
    return join_lines(lines)


MEMBER_ACTIONS = ("accept", "report", "done")  # every member screen of a task, in this order


def member_actions(task_id: int, document_id: int | None) -> list[tuple[str, str, dict[str, object]]]:
    """(label, action, args) of an assignee's task screens: the same actions at the same places on
    every one (a numbered channel answers «2» with the same action whatever the screen); a second
    «Nhận việc» or «Đã hoàn thành» is answered, not hidden."""
    specs: list[tuple[str, str, dict[str, object]]] = [
        (label(f"task.btn.{name}"), f"task.{name}", {"task_id": task_id}) for name in MEMBER_ACTIONS
    ]
    if document_id is not None:  # the document's own action: access checked, Zalo gets a link
        specs.append((label("task.btn.document"), "document.file", {"document_id": document_id}))
    return specs


def member_buttons(session: AsyncSession, member_id: int, task: Task, now: datetime) -> tuple[Option, ...]:
    """The buttons an assignee's messages carry, valid until well after the deadline."""
    ttl = max(task.due_at - now, timedelta(0)) + BUTTON_TTL_AFTER_DUE
    return tuple(
        tokens.issue(session, member_id=member_id, label=name, action=action, now=now, ttl=ttl, **args)
        for name, action, args in member_actions(task.id, task.document_id)
    )


def card_button(session: AsyncSession, member_id: int, task_id: int, now: datetime) -> Option:
    """«Xem việc» on a message to the secretary: the task's card (checked again when pressed)."""
    return tokens.issue(
        session,
        member_id=member_id,
        label=label("task.btn.card"),
        action="task.card",
        now=now,
        ttl=BUTTON_TTL_AFTER_DUE,
        task_id=task_id,
    )
