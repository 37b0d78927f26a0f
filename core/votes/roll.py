"""The meeting's roll: each invitee with their attendance (recorded, else from their answer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.meetings.models import Meeting
from core.meetings.repository import MeetingRepository
from core.members.models import Member
from core.org.models import Unit
from core.votes.models import Attendance
from core.votes.rules import ATTENDANCE, Voter

FROM_ANSWER = {"attend": "present", "absent": "absent_excused"}


@dataclass(frozen=True)
class RollEntry:
    member_id: int
    full_name: str
    voter: Voter
    recorded: bool  # by the secretary, rather than taken from the answer to the notice


async def roll(session: AsyncSession, meeting: Meeting, unit: Unit) -> list[RollEntry]:
    repo = MeetingRepository(session)
    members = sorted(await repo.invitees(meeting, unit), key=lambda m: m.name_folded)
    answers = await repo.rsvps(meeting.id)
    stmt = select(Attendance).where(Attendance.meeting_id == meeting.id)
    recorded = {a.member_id: a.status for a in await session.scalars(stmt)}
    return [_entry(m, recorded.get(m.id), answers[m.id].answer if m.id in answers else None) for m in members]


def _entry(member: Member, recorded: str | None, answer: str | None) -> RollEntry:
    status = recorded or FROM_ANSWER.get(answer or "")
    voter = Voter(member.id, member.status == "chinh_thuc", member.exempted, status, member.excluded)
    return RollEntry(member.id, member.full_name, voter, recorded is not None)


async def record(
    session: AsyncSession, meeting_id: int, member_id: int, status: str, *, by: int | None, at: datetime
) -> None:
    if status not in ATTENDANCE:
        raise ValueError(status)
    stmt = select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.member_id == member_id)
    row = await session.scalar(stmt)
    if row is None:
        session.add(
            Attendance(
                meeting_id=meeting_id, member_id=member_id, status=status, recorded_by=by, recorded_at=at
            )
        )
    else:
        row.status, row.recorded_by, row.recorded_at = status, by, at
