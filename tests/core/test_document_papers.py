"""Meeting papers follow their meeting: moved with it, dropped with it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.documents import library, papers
from core.documents.library import DocumentDraft
from core.meetings import follow_up
from core.members.repository import MemberRepository
from core.org.rules import MemberRef
from core.outbox.models import OutboxMessage
from core.reminders.models import Reminder
from scheduler.jobs import send_due_reminders
from tests.factories import make_meeting
from tests.org_fixture import build_org


async def _ref(ctx, member_id: int) -> MemberRef:
    async with ctx.uow() as u:
        ref = await MemberRepository(u.session).ref(member_id)
    assert ref is not None
    return ref


async def _meeting_with_paper(ctx, clock):
    org = await build_org(ctx.uow)
    secretary = await _ref(ctx, org.secretary.id)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(days=3))
        await u.commit()
    upload = await library.receive_file(
        ctx, actor=secretary, file_name="bien-ban.pdf", data=b"%PDF-1.4\n% bien ban\n%%EOF\n"
    )
    draft = DocumentDraft(upload.draft.sha256, "bien-ban.pdf", title="Biên bản họp tháng 5")
    await papers.add_paper_file(ctx, actor=secretary, meeting_id=meeting.id, draft=draft)
    return org, secretary, meeting


async def _papers_reminders(ctx) -> list[Reminder]:
    async with ctx.uow() as u:
        return list(await u.session.scalars(select(Reminder).where(Reminder.kind == "meeting_papers")))


async def test_papers_reminder_moves_with_the_meeting_when_rescheduled(ctx, clock):
    org, secretary, meeting = await _meeting_with_paper(ctx, clock)
    new_start = meeting.starts_at + timedelta(days=4)
    await follow_up.reschedule_meeting(ctx, actor=secretary, meeting_id=meeting.id, starts_at=new_start)
    pending = [r for r in await _papers_reminders(ctx) if r.cancelled_at is None]
    assert len(pending) == 1 and pending[0].due_at == new_start - timedelta(days=1)

    clock.set(new_start - timedelta(days=1))
    await send_due_reminders(ctx)
    async with ctx.uow() as u:
        reminded = (
            await u.session.scalars(
                select(OutboxMessage.member_id).where(OutboxMessage.subject_kind == "meeting_papers")
            )
        ).all()
    assert len(reminded) == len(org.members)  # nobody opened the paper yet


async def test_papers_reminder_stays_cancelled_with_the_meeting(ctx, clock):
    _org, secretary, meeting = await _meeting_with_paper(ctx, clock)
    await follow_up.cancel_meeting(ctx, actor=secretary, meeting_id=meeting.id)
    assert all(r.cancelled_at is not None for r in await _papers_reminders(ctx))
