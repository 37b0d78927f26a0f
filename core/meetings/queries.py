"""Read models of meetings and their attendance answers for the admin pages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from core.db.uow import UnitOfWork
from core.errors import NotFound
from core.labels import MEETING_KIND_LABELS, MEETING_STATUS_LABELS, RSVP_LABELS, label_of
from core.meetings.models import Meeting, Rsvp
from core.meetings.repository import MeetingRepository
from core.members.models import Member
from core.org.models import Role, Unit
from core.org.queries import MAX_ID, subtree_sums
from core.org.repository import UnitRepository
from core.org.rules import COMMITTEE_ROLES

DATE_TIME_FORMAT = "%d/%m/%Y %H:%M"


@dataclass(frozen=True)
class MeetingRow:
    id: int
    unit_id: int
    unit_name: str
    kind: str
    kind_label: str
    starts_at: datetime
    when: str
    place: str
    agenda: str
    duration_minutes: int
    status: str
    status_label: str
    invited: int
    attend: int
    absent: int

    @property
    def no_answer(self) -> int:
        return max(self.invited - self.attend - self.absent, 0)


@dataclass(frozen=True)
class AttendanceRow:
    member_id: int
    full_name: str
    unit_name: str
    answer: str  # attend | absent | none
    answer_label: str
    answered_at: str | None


@dataclass(frozen=True)
class MeetingAttendanceView:
    meeting: MeetingRow
    rows: tuple[AttendanceRow, ...]


def _row(meeting: Meeting, unit: Unit, zone: ZoneInfo, invited: int, answers: Counter[str]) -> MeetingRow:
    return MeetingRow(
        id=meeting.id,
        unit_id=unit.id,
        unit_name=unit.name,
        kind=meeting.kind,
        kind_label=label_of(MEETING_KIND_LABELS, meeting.kind),
        starts_at=meeting.starts_at,
        when=meeting.starts_at.astimezone(zone).strftime(DATE_TIME_FORMAT),
        place=meeting.place,
        agenda=meeting.agenda,
        duration_minutes=meeting.duration_minutes,
        status=meeting.status,
        status_label=label_of(MEETING_STATUS_LABELS, meeting.status),
        invited=invited,
        attend=answers["attend"],
        absent=answers["absent"],
    )


async def meetings_overview(
    uow: UnitOfWork, *, zone: ZoneInfo, now: datetime | None = None, limit: int = 100
) -> list[MeetingRow]:
    """Upcoming meetings (soonest first) then recent ones (latest first); without `now`, latest first."""
    async with uow:
        pairs = await _listed(uow, now, limit)
        invited = await _invited_counts(uow, [(m.kind, u.id) for m, u in pairs])
        answers = await _answer_counts(uow, [m.id for m, _ in pairs])
        return [
            _row(m, u, zone, invited.get((m.kind == "cap_uy", u.id), 0), answers.get(m.id, Counter()))
            for m, u in pairs
        ]


async def _listed(uow: UnitOfWork, now: datetime | None, limit: int) -> list[tuple[Meeting, Unit]]:
    base = select(Meeting, Unit).join(Unit, Unit.id == Meeting.unit_id)
    if now is None:
        stmt = base.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(limit)
        return [(m, u) for m, u in (await uow.session.execute(stmt)).all()]
    upcoming = base.where(Meeting.starts_at >= now).order_by(Meeting.starts_at, Meeting.id).limit(limit)
    recent = base.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    rows = list((await uow.session.execute(upcoming)).all())
    rows += (await uow.session.execute(recent.limit(limit))).all()
    return [(m, u) for m, u in rows]


async def _invited_counts(uow: UnitOfWork, kinds_units: list[tuple[str, int]]) -> dict[tuple[bool, int], int]:
    """(committee meeting?, unit id) → how many are invited: the committee, or everyone in the subtree."""
    repo = UnitRepository(uow.session)
    totals = subtree_sums(await repo.all(), await repo.join_counts())
    out = {
        (False, unit_id): totals.get(unit_id, (0, 0))[1] for kind, unit_id in kinds_units if kind != "cap_uy"
    }
    committee_units = {unit_id for kind, unit_id in kinds_units if kind == "cap_uy"}
    if committee_units:
        stmt = (
            select(Role.unit_id, func.count(func.distinct(Role.member_id)))
            .where(Role.unit_id.in_(committee_units), Role.role.in_(COMMITTEE_ROLES))
            .group_by(Role.unit_id)
        )
        out.update({(True, u): int(n) for u, n in (await uow.session.execute(stmt)).all()})
    return out


async def _answer_counts(uow: UnitOfWork, meeting_ids: list[int]) -> dict[int, Counter[str]]:
    if not meeting_ids:
        return {}
    stmt = (
        select(Rsvp.meeting_id, Rsvp.answer, func.count(Rsvp.id))
        .where(Rsvp.meeting_id.in_(meeting_ids))
        .group_by(Rsvp.meeting_id, Rsvp.answer)
    )
    out: dict[int, Counter[str]] = {}
    for meeting_id, answer, n in (await uow.session.execute(stmt)).all():
        out.setdefault(meeting_id, Counter())[answer] += int(n)
    return out


async def meeting_attendance(uow: UnitOfWork, meeting_id: int, *, zone: ZoneInfo) -> MeetingAttendanceView:
    """Every invited member with their answer: 'Tham dự', 'Vắng: <lý do>' or 'Chưa trả lời'."""
    async with uow:
        repo = MeetingRepository(uow.session)
        found = await repo.get_with_unit(meeting_id) if 0 < meeting_id <= MAX_ID else None
        if found is None:
            raise NotFound("meeting_not_found", meeting_id=meeting_id)
        meeting, unit = found
        invitees = await repo.invitees(meeting, unit)
        rsvps = await repo.rsvps(meeting.id)
        units = await UnitRepository(uow.session).by_ids([m.unit_id for m in invitees])
        rows = tuple(
            _attendance_row(m, rsvps.get(m.id), units[m.unit_id].name if m.unit_id in units else "", zone)
            for m in invitees
        )
        counts = Counter(row.answer for row in rows)
        return MeetingAttendanceView(meeting=_row(meeting, unit, zone, len(rows), counts), rows=rows)


def _attendance_row(member: Member, rsvp: Rsvp | None, unit_name: str, zone: ZoneInfo) -> AttendanceRow:
    answer = rsvp.answer if rsvp is not None and rsvp.answer in RSVP_LABELS else "none"
    text = RSVP_LABELS[answer]
    if answer == "absent" and rsvp is not None and rsvp.reason:
        text = f"{text}: {rsvp.reason}"
    answered = rsvp.answered_at.astimezone(zone).strftime(DATE_TIME_FORMAT) if rsvp is not None else None
    return AttendanceRow(member.id, member.full_name, unit_name, answer, text, answered)
