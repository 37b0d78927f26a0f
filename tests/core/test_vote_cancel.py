"""A vote opened by mistake is cancelled by the secretary: members are told, it is not in the minutes."""

from __future__ import annotations

from sqlalchemy import select

from core.minutes import service as minutes
from core.outbox.models import OutboxMessage
from tests.chat_helpers import Person
from tests.core.test_minutes import _all_text
from tests.core.vote_setup import open_vote_for_an


async def test_a_cancelled_vote_is_told_to_members_refuses_ballots_and_stays_out_of_the_minutes(ctx, clock):
    opened = await open_vote_for_an(ctx, "Biểu quyết mở nhầm")
    org, meeting, sec, an, yes = opened.org, opened.meeting, opened.secretary, opened.an, opened.yes
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
