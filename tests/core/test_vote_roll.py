"""Attendance and ballots: voting marks a member present, a late arrival gets the ballots, the base
for an admission leaves out exempted members who are away."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.members.repository import MemberRepository
from core.minutes import service as minutes
from core.outbox.models import OutboxMessage
from core.texts import plain_text
from core.votes import follow, rules, service
from core.votes.rules import Base
from core.votes.views import result_text
from tests.core.test_minutes import _all_text
from tests.factories import make_meeting
from tests.org_fixture import build_org


async def _start(ctx, clock):  # type: ignore[no-untyped-def]
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
        repo = MemberRepository(u.session)
        refs = [await repo.ref(m.id) for m in org.members]
    return org, meeting, refs


async def test_a_member_who_votes_unrecorded_is_present_and_nobody_unrecorded_is_called_absent(ctx, clock):
    _org, meeting, (sec, an, binh, _cuong, _dung) = await _start(ctx, clock)
    vote, _ = await service.open_vote(
        ctx, actor=sec, draft=service.VoteDraft(meeting.id, "Thông qua nghị quyết", "resolution")
    )
    await service.cast_ballot(ctx, member=an, vote_id=vote.id, choice="dong_y")
    entries = (await follow.meeting_roll(ctx, actor=sec, meeting_id=meeting.id)).entries
    assert {e.full_name: e.voter.attendance for e in entries}["Nguyễn Văn An"] == "present"
    _name, data = await minutes.build_minutes(ctx, actor=sec, meeting_id=meeting.id)
    text = _all_text(data)
    assert "có mặt: 1; vắng có lý do: 0; vắng không lý do: 0" in text
    assert "Vắng không lý do:" not in text
    assert "Chưa điểm danh: Lê Thị Bình" in text and binh is not None


async def test_a_member_marked_present_after_a_vote_opened_gets_its_ballot(ctx, clock):
    org, meeting, (sec, _an, binh, _cuong, dung) = await _start(ctx, clock)
    await follow.set_attendance(ctx, actor=sec, meeting_id=meeting.id, member_id=binh.id, status="absent")
    vote, _ = await service.open_vote(
        ctx, actor=sec, draft=service.VoteDraft(meeting.id, "Thông qua nghị quyết", "resolution")
    )
    for member_id in (binh.id, dung.id):  # absent, then present; exempted Dũng arrives
        await follow.set_attendance(
            ctx, actor=sec, meeting_id=meeting.id, member_id=member_id, status="present"
        )
    async with ctx.uow() as u:
        rows = list(
            await u.session.scalars(select(OutboxMessage).where(OutboxMessage.subject_kind == "vote"))
        )
    ballots = [r for r in rows if r.member_id in (binh.id, dung.id) and r.payload["options"]]
    assert sorted(r.member_id for r in ballots) == sorted([binh.id, dung.id])
    assert [lbl for lbl, _tok in ballots[0].payload["options"]] == [
        "✅ Đồng ý",
        "❌ Không đồng ý",
        "⚪ Không biểu quyết",
    ]
    await service.cast_ballot(ctx, member=binh, vote_id=vote.id, choice="dong_y")
    assert org.cell is not None


def test_an_admission_leaves_out_exempted_members_who_are_away():
    base = Base(summoned_full=13, exempted_absent=1, excused_absent=0)
    result = rules.outcome("admission", {"dong_y": 8}, base, 13)
    assert (result.denominator, result.needed, result.passed) == (12, 8, True)


async def test_an_admission_result_shows_the_exempted_member_left_out(ctx, clock):
    _org, meeting, (sec, an, binh, _cuong, _dung) = await _start(ctx, clock)
    vote, _ = await service.open_vote(
        ctx, actor=sec, draft=service.VoteDraft(meeting.id, "Kết nạp quần chúng Nguyễn Văn Ưu", "admission")
    )
    for ref in (sec, an):
        await service.cast_ballot(ctx, member=ref, vote_id=vote.id, choice="dong_y")
    await service.cast_ballot(ctx, member=binh, vote_id=vote.id, choice="khong_dong_y")
    closed = await follow.close_vote(ctx, actor=sec, vote_id=vote.id)
    text = plain_text(result_text(closed))
    assert "2/3 đồng ý (cần ít nhất 2) — thông qua" in text  # 4 full members, Dũng (exempted) away
    assert "3 đảng viên chính thức của chi bộ: 4 đảng viên chính thức, trừ 1 miễn sinh hoạt vắng mặt" in text
