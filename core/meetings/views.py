"""Meeting DTOs and the screens that show them (channel-neutral)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from core.conversation.screens import Option, Screen
from core.meetings.models import Meeting
from core.texts import Rich, join_lines, label, names_block, t

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class MeetingView:
    id: int
    unit_id: int
    unit_name: str
    kind: str
    starts_at: datetime
    duration_minutes: int
    place: str
    agenda: str
    status: str
    papers: tuple[str, ...] = ()  # titles of the documents attached to it

    @classmethod
    def of(cls, meeting: Meeting, unit_name: str, papers: tuple[str, ...] = ()) -> MeetingView:
        return cls(
            meeting.id,
            meeting.unit_id,
            unit_name,
            meeting.kind,
            meeting.starts_at,
            meeting.duration_minutes,
            meeting.place,
            meeting.agenda,
            meeting.status,
            papers,
        )


@dataclass(frozen=True)
class MeetingStatusView:
    meeting: MeetingView
    attending: tuple[str, ...]
    absent: tuple[tuple[str, str], ...]
    unanswered: tuple[str, ...]
    not_joined: tuple[str, ...]
    unreachable: tuple[str, ...]


def when_text(starts_at: datetime, zone: ZoneInfo) -> str:
    local = starts_at.astimezone(zone)
    return f"{local:%H:%M}, {WEEKDAYS[local.weekday()]} {local:%d/%m/%Y}"


def details(meeting: MeetingView, zone: ZoneInfo) -> Rich:
    lines = [
        t("meeting.line.unit", unit=meeting.unit_name),
        t("meeting.line.kind", kind=label(f"meeting.kind.{meeting.kind}")),
        t("meeting.line.when", when=when_text(meeting.starts_at, zone)),
        t("meeting.line.duration", minutes=meeting.duration_minutes),
        t("meeting.line.place", place=meeting.place),
    ]
    if meeting.agenda:
        lines.append(t("meeting.line.agenda", agenda=meeting.agenda))
    if meeting.papers:
        lines.append(
            t("meeting.line.papers", papers="\n".join(f"{i}. {p}" for i, p in enumerate(meeting.papers, 1)))
        )
    return join_lines(lines)


def notice_screen(meeting: MeetingView, zone: ZoneInfo, title: Rich, options: tuple[Option, ...]) -> Screen:
    ask = (t("meeting.please_answer"),) if options else ()  # a cancellation asks nothing
    return Screen(join_lines([title, details(meeting, zone), *ask]), options, columns=2)


def copy_screen(meeting: MeetingView, zone: ZoneInfo, title: Rich) -> Screen:
    return Screen(join_lines([t("meeting.copy_for_superior"), title, details(meeting, zone)]))


def answer_text(answer: str | None, reason: str | None) -> Rich:
    if answer == "attend":
        return t("meeting.answer.attend")
    if answer == "absent":
        return t("meeting.answer.absent", reason=reason or "")
    return t("meeting.answer.none")


def status_text(view: MeetingStatusView, zone: ZoneInfo) -> Rich:
    absent = tuple(f"{name} ({reason})" if reason else name for name, reason in view.absent)
    return join_lines(
        [
            t("meeting.status.title"),
            details(view.meeting, zone),
            names_block("meeting.status.attending", view.attending),
            names_block("meeting.status.absent", absent),
            names_block("meeting.status.unanswered", view.unanswered),
            names_block("meeting.status.not_joined", view.not_joined),
            names_block("meeting.status.unreachable", view.unreachable),
        ]
    )
