"""The one guard for 'this member may see (or manage) this meeting', used by every meeting feature."""

from __future__ import annotations

from datetime import datetime

from core.audit import service as audit
from core.db.uow import UnitOfWork
from core.meetings import rules
from core.meetings.models import Meeting
from core.meetings.repository import MeetingRepository
from core.org.models import Unit
from core.org.rules import MemberRef, can


async def meeting_for(
    uow: UnitOfWork,
    member: MemberRef,
    meeting_id: int,
    at: datetime,
    *,
    manage: bool,
    permission: str,
) -> tuple[Meeting, Unit]:
    """The meeting if the member manages it (or, unless `manage`, is invited); else logged, not found.

    `permission` names, in the audit log, what the member was trying to do.
    """
    found = await MeetingRepository(uow.session).get_with_unit(meeting_id)
    allowed = found is not None and (
        can(member, "meeting.manage", found[1].path)
        or (
            not manage
            and rules.is_invited(
                member, meeting_kind=found[0].kind, unit_id=found[1].id, unit_path=found[1].path
            )
        )
    )
    if not allowed or found is None:
        await audit.refuse(
            uow,
            member_id=member.id,
            target_kind="meeting",
            target_id=meeting_id,
            permission=permission,
            at=at,
            code="meeting_not_found",
        )
    return found
