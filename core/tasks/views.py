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


def share_line(name: str, status: str, percent: int) -> Rich:
    shown = label(f"task.status.{status}")
    if status in ("doing", "overdue") and percent:
        return t("task.line.share_percent", name=name, status=shown, percent=percent)
    return t("task.line.share", name=name, status=shown)


def report_line(report: ReportView, zone: ZoneInfo) -> Rich:
    at = f"{report.at.astimezone(zone):%H:%M %d/%m}"
    what = (
        label("task.report.done")
        if report.done
        else f"{report.percent}%"
        if report.percent is not None
        else "—"
    )
    line = t("task.line.report", at=at, name=report.name, what=what, note=report.note or "")
    if report.file_name:
        line = join_lines([line, t("task.line.report_file", name=report.file_name)], " ")
    return line


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
    lines += [share_line(a.name, a.status, a.percent) for a in card.assignees if a.status != "removed"]
    if card.reports:
        lines.append(t("task.card.reports"))
        lines += [report_line(r, zone) for r in card.reports[:5]]
    if card.history:
        lines.append(t("task.card.history"))
        lines += [event_line(e, zone) for e in card.history[-8:]]
    return join_lines(lines)


def member_buttons(
    session: AsyncSession, member_id: int, task: Task, state: str, now: datetime
) -> tuple[Option, ...]:
    """The buttons an assignee's messages carry: accept (until accepted), report, done."""
    ttl = max(task.due_at - now, timedelta(0)) + BUTTON_TTL_AFTER_DUE
    names = (["accept"] if state == "new" else []) + ["report", "done"]
    buttons = [
        tokens.issue(
            session,
            member_id=member_id,
            label=label(f"task.btn.{name}"),
            action=f"task.{name}",
            now=now,
            ttl=ttl,
            task_id=task.id,
        )
        for name in names
    ]
    if task.document_id is not None:  # the document's own action: access checked, Zalo gets a link
        buttons.append(
            tokens.issue(
                session,
                member_id=member_id,
                label=label("task.btn.document"),
                action="document.file",
                now=now,
                ttl=ttl,
                document_id=task.document_id,
            )
        )
    return tuple(buttons)


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
