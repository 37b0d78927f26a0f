"""Which documents a member may see, as one SQL condition used by every query and every check.

A member sees a document placed in the library of their unit or a unit above it, a paper of a
meeting they are invited to, and — if they manage documents or meetings somewhere — what lies
in the units they manage. Everything else answers "không tìm thấy" and is logged.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import service as audit
from core.db.uow import UnitOfWork
from core.documents.models import Document, MeetingPaper, Placement, Publication
from core.documents.rules import ancestor_ids
from core.meetings.models import Meeting
from core.org.models import Unit
from core.org.rules import COMMITTEE_ROLES, MemberRef, managed_paths


def _under(paths: list[str]) -> ColumnElement[bool]:
    return or_(false(), *(Unit.path.startswith(path, autoescape=True) for path in paths))


def visible(member: MemberRef) -> ColumnElement[bool]:
    """A condition on `Document` true exactly for the documents this member may see."""
    above = ancestor_ids(member.unit_path)
    doc_managed = managed_paths(member, "document.manage")
    meeting_managed = managed_paths(member, "meeting.manage")
    committees = [r.unit_id for r in member.roles if r.role in COMMITTEE_ROLES]
    in_library = (
        select(Placement.document_id)
        .join(Unit, Unit.id == Placement.unit_id)
        .where(or_(Unit.id.in_(above), _under(doc_managed)))
    )
    invited = or_(
        Meeting.unit_id.in_(above) & (Meeting.kind != "cap_uy"),
        Meeting.unit_id.in_(committees),
        _under(meeting_managed),
    )
    as_paper = (
        select(MeetingPaper.document_id)
        .join(Meeting, Meeting.id == MeetingPaper.meeting_id)
        .join(Unit, Unit.id == Meeting.unit_id)
        .where(invited)
    )
    owned = select(Unit.id).where(_under(doc_managed))
    return or_(Document.id.in_(in_library), Document.id.in_(as_paper), Document.owner_unit_id.in_(owned))


def listed(member: MemberRef) -> ColumnElement[bool]:
    """What library lists and search show: visible documents that are in some library, a meeting's
    paper or published. A unit's own file kept aside (the minutes built for its secretary) is opened
    only through its own button or link."""
    shown = select(Placement.document_id).union(
        select(MeetingPaper.document_id), select(Publication.document_id)
    )
    return visible(member) & Document.id.in_(shown)


async def can_see(session: AsyncSession, member: MemberRef, document_id: int) -> bool:
    found = await session.scalar(select(Document.id).where(Document.id == document_id, visible(member)))
    return found is not None


async def load_visible(
    uow: UnitOfWork, member: MemberRef, document_id: int, *, permission: str, at: datetime
) -> Document:
    """The document if this member may see it; otherwise the refusal is logged and NotFound raised."""
    document = await uow.session.get(Document, document_id)
    if document is None or not await can_see(uow.session, member, document_id):
        await audit.refuse(
            uow,
            member_id=member.id,
            target_kind="document",
            target_id=document_id,
            permission=permission,
            at=at,
            code="document_not_found",
        )
    return document
