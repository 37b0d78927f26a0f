"""Small async factories for test rows; every value that must be unique is made unique."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.meetings.models import Meeting, Rsvp
from core.members.models import ChatAccount, Member
from core.org.models import Role, Unit
from core.org.rules import child_path
from core.text import fold

_seq = itertools.count(1)
DEFAULT_NOW = datetime(2026, 6, 10, 1, 0, tzinfo=UTC)


def _next() -> int:
    return next(_seq)


async def make_unit(
    session: AsyncSession,
    *,
    name: str | None = None,
    kind: str = "chi_bo_co_so",
    parent: Unit | None = None,
    now: datetime = DEFAULT_NOW,
) -> Unit:
    n = _next()
    name = name or f"Chi bộ số {n}"
    unit = Unit(
        code=f"U{n:05d}",
        name=name,
        name_folded=fold(name),
        kind=kind,
        parent_id=parent.id if parent else None,
        path="/",
        created_at=now,
        updated_at=now,
    )
    session.add(unit)
    await session.flush()
    unit.path = child_path(parent.path if parent else None, unit.id)
    await session.flush()
    return unit


async def make_member(
    session: AsyncSession,
    *,
    unit: Unit,
    full_name: str | None = None,
    status: str = "chinh_thuc",
    exempted: bool = False,
    now: datetime = DEFAULT_NOW,
) -> Member:
    n = _next()
    full_name = full_name or f"Nguyễn Văn Thử {n}"
    member = Member(
        code=f"M{n:05d}",
        full_name=full_name,
        name_folded=fold(full_name),
        unit_id=unit.id,
        status=status,
        exempted=exempted,
        created_at=now,
        updated_at=now,
    )
    session.add(member)
    await session.flush()
    return member


async def make_role(session: AsyncSession, *, member: Member, unit: Unit, role: str = "bi_thu") -> Role:
    row = Role(member_id=member.id, unit_id=unit.id, role=role, created_at=DEFAULT_NOW)
    session.add(row)
    await session.flush()
    return row


async def make_account(
    session: AsyncSession,
    *,
    member: Member,
    channel: str = "telegram",
    user_id: str | None = None,
    blocked: bool = False,
    now: datetime = DEFAULT_NOW,
) -> ChatAccount:
    user_id = user_id or str(700_000_000 + _next())
    account = ChatAccount(
        member_id=member.id,
        channel=channel,
        user_id=user_id,
        chat_id=user_id,
        display_name=None,
        bound_at=now,
        blocked_at=now if blocked else None,
    )
    session.add(account)
    await session.flush()
    return account


async def make_meeting(
    session: AsyncSession,
    *,
    unit: Unit,
    starts_at: datetime,
    kind: str = "dinh_ky",
    place: str = "Hội trường Đảng ủy",
    agenda: str = "1. Kiểm điểm tháng trước\n2. Nhiệm vụ tháng tới",
    status: str = "scheduled",
    now: datetime = DEFAULT_NOW,
) -> Meeting:
    meeting = Meeting(
        unit_id=unit.id,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=90,
        place=place,
        agenda=agenda,
        status=status,
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    await session.flush()
    return meeting


async def make_rsvp(
    session: AsyncSession,
    *,
    meeting: Meeting,
    member: Member,
    answer: str = "attend",
    reason: str | None = None,
    now: datetime = DEFAULT_NOW,
) -> Rsvp:
    rsvp = Rsvp(meeting_id=meeting.id, member_id=member.id, answer=answer, reason=reason, answered_at=now)
    session.add(rsvp)
    await session.flush()
    return rsvp
