"""Posting the conclusion, and building the minutes from what the meeting recorded."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import service as audit
from core.context import Context
from core.conversation import tokens
from core.conversation.screens import Option, Screen
from core.documents import library, papers
from core.documents.library import DocumentDraft
from core.documents.models import Document, MeetingPaper, Placement
from core.documents.views import DocumentView
from core.errors import Conflict, InvalidInput
from core.meetings.access import meeting_for
from core.meetings.models import Meeting
from core.meetings.repository import MeetingRepository
from core.meetings.views import when_text
from core.minutes.comments import draft_summaries
from core.minutes.docx import MinutesData, VoteLine, render
from core.minutes.models import Conclusion
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import MemberRef, member_id_of
from core.outbox import service as outbox
from core.quality.sheet import GRADES
from core.text import clean_lines, fold
from core.texts import join_lines, label, plain, plain_text, t
from core.votes.models import Vote
from core.votes.roll import roll
from core.votes.views import result_text

MAX_CONCLUSION = 20_000
RATING_TTL = timedelta(days=30)
MINUTES_TYPE = "BB"


async def post_conclusion(
    ctx: Context, *, actor: MemberRef, meeting_id: int, text: str, document_ids: tuple[int, ...] = ()
) -> int:
    """Stores (or corrects) the conclusion — text and/or files already made papers of the meeting —
    and sends it to everyone invited, with the files and a way to rate the meeting; returns how many."""
    text = clean_lines(text)
    if not text and not document_ids:
        raise InvalidInput("conclusion_empty")
    if len(text) > MAX_CONCLUSION:
        raise InvalidInput("conclusion_too_long", limit=MAX_CONCLUSION)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, unit = await meeting_for(uow, actor, meeting_id, now, manage=True, permission="minutes")
        _started(meeting, now)
        row = await uow.session.scalar(select(Conclusion).where(Conclusion.meeting_id == meeting.id))
        corrected = row is not None
        if row is None:
            row = Conclusion(
                meeting_id=meeting.id, text=text, posted_by=member_id_of(actor), posted_at=now, updated_at=now
            )
            uow.session.add(row)
        else:
            row.text, row.updated_at = text, now
        head = t(
            "conclusion.corrected" if corrected else "conclusion.title",
            when=when_text(meeting.starts_at, ctx.zone),
            unit=unit.name,
        )
        body = join_lines([head, plain(text), t("quality.rate_ask")])
        invitees = await MeetingRepository(uow.session).invitees(meeting, unit)
        items = [
            (
                m.id,
                Screen(
                    body,
                    _files(uow.session, m.id, document_ids, now)
                    + _rating(uow.session, m.id, meeting.id, now),
                    columns=2,
                ),
            )
            for m in invitees
        ]
        await outbox.enqueue(
            uow.session, items=items, subject_kind="conclusion", subject_id=meeting.id, now=now
        )
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="conclusion.post",
            at=now,
            target_kind="meeting",
            target_id=meeting.id,
            corrected=corrected,
        )
        await uow.commit()
        return len(invitees)


async def conclusion_documents(
    ctx: Context, *, actor: MemberRef, meeting_id: int, files: list[dict[str, Any]]
) -> tuple[int, ...]:
    """The files kept while the conclusion was written, made documents of the meeting only now that it
    is sent (so members may open them); the meeting has started, so nobody is told of a new paper."""
    ids: list[int] = []
    for file in files:
        if file.get("existing"):
            await papers.attach_paper(
                ctx, actor=actor, meeting_id=meeting_id, document_id=int(file["existing"])
            )
            ids.append(int(file["existing"]))
            continue
        draft = DocumentDraft(str(file["sha256"]), str(file["name"]), title=str(file["title"]))
        view = await papers.add_paper_file(ctx, actor=actor, meeting_id=meeting_id, draft=draft)
        ids.append(view.id)
    return tuple(ids)


def _rating(session: AsyncSession, member_id: int, meeting_id: int, now: datetime) -> tuple[Option, ...]:
    """Each member may rate the meeting themselves, from the conclusion's message."""
    return tuple(
        tokens.issue(
            session,
            member_id=member_id,
            label=label(f"quality.grade.{g}"),
            action="quality.rate",
            now=now,
            ttl=RATING_TTL,
            meeting_id=meeting_id,
            grade=g,
        )
        for g in GRADES
    )


def _files(
    session: AsyncSession, member_id: int, document_ids: tuple[int, ...], now: datetime
) -> tuple[Option, ...]:
    return tuple(
        tokens.issue(
            session,
            member_id=member_id,
            label=label("conclusion.btn.file", n=n),
            action="document.file",
            now=now,
            ttl=RATING_TTL,
            document_id=document_id,
        )
        for n, document_id in enumerate(document_ids, 1)
    )


def _started(meeting: Meeting, now: datetime) -> None:
    """A conclusion is what the meeting concluded: not before it has started."""
    if meeting.starts_at > now:
        raise Conflict("conclusion_before_meeting")


async def current_conclusion(ctx: Context, *, actor: MemberRef, meeting_id: int) -> str:
    """The conclusion posted so far; refused while the meeting is still ahead."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, _unit = await meeting_for(uow, actor, meeting_id, now, manage=True, permission="minutes")
        _started(meeting, now)
        row = await uow.session.scalar(select(Conclusion).where(Conclusion.meeting_id == meeting.id))
        return row.text if row else ""


async def build_minutes(ctx: Context, *, actor: MemberRef, meeting_id: int) -> tuple[str, bytes]:
    """The minutes as a .docx: (file name, bytes)."""
    async with ctx.uow() as uow:
        meeting, unit = await meeting_for(
            uow, actor, meeting_id, ctx.clock.now(), manage=True, permission="minutes"
        )
        entries = await roll(uow.session, meeting, unit)
        votes = list(
            await uow.session.scalars(
                select(Vote).where(Vote.meeting_id == meeting.id, Vote.status == "closed").order_by(Vote.id)
            )
        )
        conclusion = await uow.session.scalar(
            select(Conclusion.text).where(Conclusion.meeting_id == meeting.id)
        )
        superior = await uow.session.get(Unit, unit.parent_id) if unit.parent_id else None
        secretaries = await UnitRepository(uow.session).role_holders(unit.id, ["bi_thu"])
        paper_titles = await MeetingRepository(uow.session).paper_titles(meeting.id)
        drafts = await draft_summaries(uow.session, meeting.id)
    local = meeting.starts_at.astimezone(ctx.zone)
    by_status: dict[str, list[str]] = {
        "present": [],
        "absent_excused": [],
        "absent": [],
        "exempted": [],
        "unrecorded": [],
    }
    for entry in entries:
        status = entry.voter.attendance or "unrecorded"  # never «absent without reason» by default
        exempted_away = entry.voter.exempted and status != "present"
        by_status["exempted" if exempted_away else status].append(entry.full_name)
    data = MinutesData(
        superior=superior.name if superior else "",
        unit=unit.name,
        place=meeting.place,
        starts_at=local,
        ended_note=label("minutes.ended"),
        kind=label(f"meeting.kind.{meeting.kind}").lower(),
        chair=secretaries[0].full_name if secretaries else actor.full_name,
        summoned=len(entries),
        present=tuple(by_status["present"]),
        excused=tuple(by_status["absent_excused"]),
        absent=tuple(by_status["absent"]),
        exempted_absent=tuple(by_status["exempted"]),
        unrecorded=tuple(by_status["unrecorded"]),
        agenda=tuple(line.strip() for line in meeting.agenda.splitlines() if line.strip()),
        votes=tuple(_vote_line(v) for v in votes),
        conclusion=conclusion or "",
        papers=paper_titles,
        drafts=drafts,
    )
    name = f"bien-ban-{fold(unit.name).replace(' ', '-')}-{local:%Y-%m-%d-%Hh%M}.docx"
    return name, render(data)


def _vote_line(vote: Vote) -> VoteLine:
    """The verdict first (for an election: who was elected), then the figures."""
    lines = plain_text(result_text(vote)).splitlines()[1:]
    verdict = next((i for i, line in enumerate(lines) if "Trúng cử" in line or "trúng cử" in line), 0)
    return VoteLine(
        vote.title, lines[verdict] if lines else "", tuple(x for i, x in enumerate(lines) if i != verdict)
    )


async def minutes_document(ctx: Context, *, actor: MemberRef, meeting_id: int) -> DocumentView:
    """Builds the minutes for the secretary who asked: a document of the unit kept out of its library
    and never a paper of the meeting (nobody is told); pressing again refreshes the same document."""
    name, data = await build_minutes(ctx, actor=actor, meeting_id=meeting_id)
    upload = await library.receive_file(ctx, actor=actor, file_name=name, data=data)
    now: datetime = ctx.clock.now()
    title = label("minutes.document_title", date=f"{now.astimezone(ctx.zone):%d/%m/%Y %H:%M}")
    async with ctx.uow() as uow:
        _meeting, unit = await meeting_for(uow, actor, meeting_id, now, manage=True, permission="minutes")
        placed = select(Placement.document_id).union(select(MeetingPaper.document_id))
        earlier = await uow.session.scalar(
            select(Document).where(
                Document.owner_unit_id == unit.id,
                Document.file_name == name,
                Document.type_code == MINUTES_TYPE,
                Document.id.not_in(placed),
            )
        )
        if earlier is not None:
            earlier.sha256, earlier.title, earlier.updated_at = upload.draft.sha256, title, now
            await uow.commit()
            return (await library.views_for(uow.session, actor, [earlier]))[0]
    draft = DocumentDraft(upload.draft.sha256, name, title=title, type_code=MINUTES_TYPE)
    return await library.add_document(ctx, actor=actor, draft=draft, unit_id=unit.id, in_library=False)
