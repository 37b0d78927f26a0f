"""Meeting papers: attached by the secretary, listed with the notice, read-tracked, reminded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import service as audit
from core.context import Context
from core.conversation import tokens
from core.conversation.screens import Option, Screen
from core.db.uow import UnitOfWork
from core.documents import library
from core.documents.access import load_visible
from core.documents.library import DocumentDraft
from core.documents.models import Document, DocumentRead, MeetingPaper
from core.documents.views import DocumentView, label_of
from core.meetings.access import meeting_for
from core.meetings.models import Meeting
from core.meetings.repository import MeetingRepository
from core.meetings.views import MeetingView, when_text
from core.org.models import Unit
from core.org.rules import MemberRef, can, member_id_of
from core.outbox import service as outbox
from core.reminders.models import Reminder
from core.reminders.service import ReminderHandler
from core.texts import join_lines, label, t

REMINDER_KIND = "meeting_papers"
REMIND_BEFORE = timedelta(days=1)


@dataclass(frozen=True)
class PaperStat:
    document: DocumentView
    opened: int  # invitees who opened it
    invited: int
    opened_by_me: bool


@dataclass(frozen=True)
class MeetingPapers:
    meeting: MeetingView
    papers: tuple[PaperStat, ...]
    can_manage: bool


async def add_paper_file(
    ctx: Context, *, actor: MemberRef, meeting_id: int, draft: DocumentDraft
) -> DocumentView:
    """A new file straight into a meeting: owned by the meeting's unit, not put in its library."""
    async with ctx.uow() as uow:
        _meeting, unit = await meeting_for(
            uow, actor, meeting_id, ctx.clock.now(), manage=True, permission="meeting.papers"
        )
    view = await library.add_document(ctx, actor=actor, draft=draft, unit_id=unit.id, in_library=False)
    await attach_paper(ctx, actor=actor, meeting_id=meeting_id, document_id=view.id)
    return view


async def attach_paper(
    ctx: Context, *, actor: MemberRef, meeting_id: int, document_id: int, from_unit_id: int | None = None
) -> bool:
    """Attaches a visible document; invitees are told while the meeting is ahead. False if already there."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, _unit = await meeting_for(
            uow, actor, meeting_id, now, manage=True, permission="meeting.papers"
        )
        doc = await load_visible(uow, actor, document_id, permission="document.attach", at=now)
        added = await add_to_meeting(
            uow, meeting, doc, actor_id=member_id_of(actor), from_unit_id=from_unit_id, now=now, zone=ctx.zone
        )
        if added:
            audit.record(
                uow.session,
                actor=audit.member_actor(actor.id),
                action="paper.attach",
                at=now,
                target_kind="meeting",
                target_id=meeting.id,
                document_id=doc.id,
            )
        await uow.commit()
        return added


async def add_to_meeting(
    uow: UnitOfWork,
    meeting: Meeting,
    doc: Document,
    *,
    actor_id: int | None,
    from_unit_id: int | None,
    now: datetime,
    zone: ZoneInfo,
) -> bool:
    """The paper row, the reminder a day before, and a message to invitees; nothing if already attached."""
    exists = await uow.session.scalar(
        select(MeetingPaper.id).where(
            MeetingPaper.meeting_id == meeting.id, MeetingPaper.document_id == doc.id
        )
    )
    if exists is not None:
        return False
    try:
        async with uow.session.begin_nested():
            uow.session.add(
                MeetingPaper(
                    meeting_id=meeting.id,
                    document_id=doc.id,
                    from_unit_id=from_unit_id,
                    added_by=actor_id,
                    added_at=now,
                )
            )
    except IntegrityError:
        return False
    if meeting.status == "scheduled" and meeting.starts_at > now:
        await _schedule_reminder(uow.session, meeting, now)
        await _tell_invitees(uow, meeting, doc, now, zone)
    return True


async def schedule_papers_reminder(session: AsyncSession, meeting: Meeting, now: datetime) -> None:
    """After a meeting moved: its papers (if any) are reminded a day before the new time."""
    has_papers = await session.scalar(
        select(MeetingPaper.id).where(MeetingPaper.meeting_id == meeting.id).limit(1)
    )
    if has_papers is not None and meeting.status == "scheduled" and meeting.starts_at > now:
        await _schedule_reminder(session, meeting, now)


async def _schedule_reminder(session: AsyncSession, meeting: Meeting, now: datetime) -> None:
    due = max(meeting.starts_at - REMIND_BEFORE, now)
    stmt = select(Reminder.id).where(
        Reminder.kind == REMINDER_KIND,
        Reminder.subject_id == meeting.id,
        Reminder.sent_at.is_(None),
        Reminder.cancelled_at.is_(None),
    )
    if await session.scalar(stmt) is None:
        session.add(Reminder(kind=REMINDER_KIND, subject_id=meeting.id, due_at=due))


async def _tell_invitees(
    uow: UnitOfWork, meeting: Meeting, doc: Document, now: datetime, zone: ZoneInfo
) -> None:
    unit = await uow.session.get(Unit, meeting.unit_id)
    assert unit is not None
    when = when_text(meeting.starts_at, zone)
    text = t("paper.new", title=doc.title, when=when, unit=unit.name)
    items = [
        (m.id, Screen(text, _open_options(uow.session, m.id, meeting, doc.id, now)))
        for m in await MeetingRepository(uow.session).invitees(meeting, unit)
    ]
    await outbox.enqueue(uow.session, items=items, subject_kind="paper", subject_id=doc.id, now=now)


def _open_options(
    session: AsyncSession, member_id: int, meeting: Meeting, document_id: int, now: datetime
) -> tuple[Option, ...]:
    ttl = max(meeting.starts_at - now, timedelta(0)) + timedelta(days=30)
    return (
        tokens.issue(
            session,
            member_id=member_id,
            label=label("document.btn.file"),
            action="document.file",
            now=now,
            ttl=ttl,
            document_id=document_id,
        ),
        tokens.issue(
            session,
            member_id=member_id,
            label=label("paper.btn.all"),
            action="paper.list",
            now=now,
            ttl=ttl,
            meeting_id=meeting.id,
        ),
    )


async def meeting_papers(ctx: Context, *, member: MemberRef, meeting_id: int) -> MeetingPapers:
    async with ctx.uow() as uow:
        meeting, unit = await meeting_for(
            uow, member, meeting_id, ctx.clock.now(), manage=False, permission="meeting.papers"
        )
        docs = list(
            await uow.session.scalars(
                select(Document)
                .join(MeetingPaper, MeetingPaper.document_id == Document.id)
                .where(MeetingPaper.meeting_id == meeting.id)
                .order_by(MeetingPaper.added_at, MeetingPaper.id)
            )
        )
        views = await library.views_for(uow.session, member, docs)
        invitee_ids = {m.id for m in await MeetingRepository(uow.session).invitees(meeting, unit)}
        readers = await _readers(uow.session, [d.id for d in docs])
        stats = tuple(
            PaperStat(
                v,
                len(readers.get(v.id, set()) & invitee_ids),
                len(invitee_ids),
                member.id in readers.get(v.id, set()),
            )
            for v in views
        )
        return MeetingPapers(
            MeetingView.of(meeting, unit.name), stats, can(member, "meeting.manage", unit.path)
        )


async def _readers(session: AsyncSession, document_ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    if not document_ids:
        return out
    stmt = select(DocumentRead.document_id, DocumentRead.member_id).where(
        DocumentRead.document_id.in_(document_ids)
    )
    for doc_id, member_id in (await session.execute(stmt)).all():
        out.setdefault(doc_id, set()).add(member_id)
    return out


async def paper_readers(
    ctx: Context, *, actor: MemberRef, meeting_id: int, document_id: int
) -> tuple[DocumentView, tuple[str, ...], tuple[str, ...]]:
    """For the secretary: who of the invitees opened this paper, and who has not."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, unit = await meeting_for(
            uow, actor, meeting_id, now, manage=True, permission="meeting.papers"
        )
        attached = await uow.session.scalar(
            select(MeetingPaper.id).where(
                MeetingPaper.meeting_id == meeting.id, MeetingPaper.document_id == document_id
            )
        )
        doc = await uow.session.get(Document, document_id) if attached else None
        if doc is None:
            await audit.refuse(
                uow,
                member_id=actor.id,
                target_kind="document",
                target_id=document_id,
                permission="paper.readers",
                at=now,
                code="document_not_found",
            )
        readers = (await _readers(uow.session, [document_id])).get(document_id, set())
        invitees = sorted(
            await MeetingRepository(uow.session).invitees(meeting, unit), key=lambda m: m.name_folded
        )
        opened = tuple(m.full_name for m in invitees if m.id in readers)
        waiting = tuple(m.full_name for m in invitees if m.id not in readers)
        view = (await library.views_for(uow.session, actor, [doc]))[0]
        return view, opened, waiting


def papers_reminder(zone: ZoneInfo) -> ReminderHandler:
    """One reminder per member a day before: the papers they have not opened yet."""

    async def handle(
        session: AsyncSession, reminder: Reminder, now: datetime, late: bool
    ) -> list[tuple[int, Screen]] | None:
        found = await MeetingRepository(session).get_with_unit(reminder.subject_id)
        if found is None or found[0].status != "scheduled" or found[0].starts_at <= now:
            return None
        meeting, unit = found
        docs = list(
            await session.scalars(
                select(Document)
                .join(MeetingPaper, MeetingPaper.document_id == Document.id)
                .where(MeetingPaper.meeting_id == meeting.id)
                .order_by(MeetingPaper.id)
            )
        )
        readers = await _readers(session, [d.id for d in docs])
        answers = await MeetingRepository(session).rsvps(meeting.id)
        head = t(
            "paper.reminder_late" if late else "paper.reminder",
            when=when_text(meeting.starts_at, zone),
            unit=unit.name,
        )
        items: list[tuple[int, Screen]] = []
        for member in await MeetingRepository(session).invitees(meeting, unit):
            unread = [d for d in docs if member.id not in readers.get(d.id, set())]
            answer = answers.get(member.id)
            if not unread or (answer is not None and answer.answer == "absent"):
                continue
            lines = [head, *(t("document.list.item", n=i + 1, label=_label(d)) for i, d in enumerate(unread))]
            options = tuple(
                tokens.issue(
                    session,
                    member_id=member.id,
                    label=f"{i + 1}. {_label(d)}",
                    action="document.file",
                    now=now,
                    ttl=timedelta(days=30),
                    document_id=d.id,
                )
                for i, d in enumerate(unread)
            )
            items.append((member.id, Screen(join_lines(lines), options)))
        return items

    return handle


def _label(doc: Document) -> str:
    return label_of(doc.number, doc.title)


async def upcoming_for_papers(ctx: Context, *, actor: MemberRef) -> list[MeetingView]:
    """Meetings ahead that this member can attach papers to."""
    from core.meetings.follow_up import managed_upcoming_meetings

    return await managed_upcoming_meetings(ctx, actor=actor)
