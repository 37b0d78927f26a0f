"""What members and the secretary read about a vote: words that say exactly what happened."""

from __future__ import annotations

from datetime import timedelta

from core.members.repository import MemberRepository
from core.texts import plain_text
from core.votes import follow, service
from core.votes.views import result_text
from tests.chat_helpers import Person
from tests.core.vote_setup import open_vote_for_an
from tests.factories import make_meeting
from tests.org_fixture import build_org


async def test_pressing_the_same_choice_again_does_not_say_changed(ctx, clock):
    opened = await open_vote_for_an(ctx, "Thông qua nghị quyết")
    org, an, yes = opened.org, opened.an, opened.yes
    await an.presses_token(yes)
    assert "Đã ghi nhận ý kiến" in an.text
    await an.presses_token(yes)
    assert "vẫn là" in an.text and "Đã đổi" not in an.text

    sec_chat = Person(ctx, org.accounts[org.secretary.id])
    await sec_chat.says("/theodoi")
    await sec_chat.presses("Sinh hoạt")
    await sec_chat.presses("Biểu quyết")
    await sec_chat.presses("Thông qua nghị quyết")
    assert (
        "Không thuộc diện biểu quyết (2): Phạm Văn Cường (đảng viên dự bị), "
        "Võ Văn Dũng (miễn sinh hoạt, không có mặt)"
    ) in sec_chat.text


async def test_an_even_base_keeps_more_than_half_and_ballot_buttons_are_capitalised(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
        repo = MemberRepository(u.session)
        refs = [await repo.ref(m.id) for m in org.members]
    sec = refs[0]
    await follow.set_attendance(ctx, actor=sec, meeting_id=meeting.id, member_id=refs[4].id, status="present")
    vote, _ = await service.open_vote(
        ctx, actor=sec, draft=service.VoteDraft(meeting.id, "Thông qua nghị quyết", "resolution")
    )
    for ref in refs[:3]:
        await service.cast_ballot(ctx, member=ref, vote_id=vote.id, choice="dong_y")
    closed = await follow.close_vote(ctx, actor=sec, vote_id=vote.id)
    assert "3/4 đồng ý (cần hơn 2) — thông qua" in plain_text(result_text(closed))

    chat = Person(ctx, org.accounts[org.secretary.id])
    await chat.says("/theodoi")
    await chat.presses("Sinh hoạt")
    await chat.presses("Biểu quyết")
    await chat.presses("Mở biểu quyết")
    await chat.says("Thông qua quy chế")
    await chat.presses("Thông qua nghị quyết")
    labels = [o.label for s in chat.last for o in s.options]
    assert "Biểu quyết công khai" in labels and "Bỏ phiếu kín" in labels
