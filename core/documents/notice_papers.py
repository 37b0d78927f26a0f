"""Papers chosen while calling a meeting: attached before its notice is built, so the one notice
lists them (no separate «Tài liệu mới» message), and reminded a day before like any paper."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from core.audit import service as audit
from core.context import Context
from core.db.uow import UnitOfWork
from core.documents.access import can_see, listed
from core.documents.finding import search_documents
from core.documents.models import Document, MeetingPaper
from core.documents.papers import schedule_papers_reminder
from core.documents.views import item_label, label_of
from core.meetings.models import Meeting
from core.org.rules import MemberRef, member_id_of

RECENT_LIMIT = 8  # on Zalo every choice is a numbered line: keep the list short


async def notice_candidates(ctx: Context, *, member: MemberRef, query: str = "") -> list[tuple[int, str]]:
    """(id, label) of the documents a secretary may attach to a notice: the most recent she may see,
    or what a search by words or number finds."""
    if query:
        found = await search_documents(ctx, member=member, query=query)
        return [(v.id, item_label(v)) for v in found.items]
    async with ctx.uow() as uow:
        stmt = (
            select(Document)
            .where(listed(member))
            .order_by(Document.created_at.desc(), Document.id.desc())
            .limit(RECENT_LIMIT)
        )
        return [(d.id, label_of(d.number, d.title)) for d in await uow.session.scalars(stmt)]


async def attach_for_notice(
    uow: UnitOfWork, actor: MemberRef, meeting: Meeting, document_ids: Sequence[int], now: datetime
) -> int:
    """Attaches the chosen documents to a meeting being created, inside its transaction.

    Every id is checked against what the actor may see; one that fails (forged, or no longer there)
    drops the whole meeting — nothing is created or sent — and the refusal is logged.
    """
    wanted = list(dict.fromkeys(int(i) for i in document_ids))
    for document_id in wanted:
        if not await can_see(uow.session, actor, document_id):
            await uow.session.rollback()  # the meeting and its reminders are not kept
            await audit.refuse(
                uow,
                member_id=actor.id,
                target_kind="document",
                target_id=document_id,
                permission="document.attach",
                at=now,
                code="document_not_found",
            )
    for document_id in wanted:
        uow.session.add(
            MeetingPaper(
                meeting_id=meeting.id,
                document_id=document_id,
                from_unit_id=None,
                added_by=member_id_of(actor),
                added_at=now,
            )
        )
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="paper.attach",
            at=now,
            target_kind="meeting",
            target_id=meeting.id,
            document_id=document_id,
        )
    await uow.flush()
    await schedule_papers_reminder(uow.session, meeting, now)
    return len(wanted)
