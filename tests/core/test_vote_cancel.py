"""A vote opened by mistake is cancelled by the secretary: members are told, it is not in the minutes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.members.repository import MemberRepository
from core.minutes import service as minutes
from core.outbox.models import OutboxMessage
from core.votes import service
from tests.chat_helpers import Person
from tests.core.test_minutes import _all_text
from tests.factories import make_meeting
from tests.org_fixture import build_org


async def test_a_cancelled_vote_is_told_to_members_refuses_ballots_and_stays_out_of_the_minutes(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
        sec = await MemberRepository(u.session).ref(org.secretary.id)
    await service.open_vote(
        ctx, actor=sec, draft=service.VoteDraft(meeting.id, "Biểu quyết mở nhầm", "resolution")
    )
    async with ctx.uow() as u:
        ballot = await u.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.subject_kind == "vote", OutboxMessage.member_id == org.members[1].id
            )
        )
    assert ballot is not None
    yes = next(tok for lbl, tok in ballot.payload["options"] if "Đồng ý" in lbl and "Không" not in lbl)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.presses_token(yes)

    chat = Person(ctx, org.accounts[org.secretary.id])
    await chat.says("/theodoi")
    await chat.presses("Sinh hoạt")
    await chat.presses("Biểu quyết")
    await chat.presses("Biểu quyết mở nhầm")
    await chat.presses("Hủy biểu quyết")
    assert "không có trong biên bản" in chat.text
    await chat.presses("Đồng ý hủy")
    assert "Đã hủy biểu quyết «Biểu quyết mở nhầm»" in chat.text
    async with ctx.uow() as u:
        told = list(
            await u.session.scalars(select(OutboxMessage).where(OutboxMessage.subject_kind == "vote_cancel"))
        )
    assert len(told) == len(org.members)
    assert "đã được Bí thư hủy" in "".join(part for part, _bold in told[0].payload["text"])
    await an.presses_token(yes)
    assert "Biểu quyết này đã bị hủy" in an.text
    _name, data = await minutes.build_minutes(ctx, actor=sec, meeting_id=meeting.id)
    assert "Biểu quyết mở nhầm" not in _all_text(data)
