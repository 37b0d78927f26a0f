"""Opening a vote in the chat: each field checked at its own step, with a way forward."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.votes.models import Vote
from tests.chat_helpers import Person
from tests.factories import make_meeting
from tests.org_fixture import build_org


async def _secretary_at_new_vote(ctx, clock):  # type: ignore[no-untyped-def]
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
    sec = Person(ctx, org.accounts[org.secretary.id])
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Mở biểu quyết")
    return org, meeting, sec


async def test_candidates_are_full_members_matched_without_diacritics_when_typed(ctx, clock):
    _org, meeting, sec = await _secretary_at_new_vote(ctx, clock)
    await sec.says("Bầu Phó Bí thư")
    await sec.presses("Bầu cử")
    await sec.says("Nguyen Van An\nPham Van Cuong")  # Cường is a probationary member
    assert "Phạm Văn Cường là đảng viên dự bị nên chưa có quyền ứng cử" in sec.text
    assert "tên người ứng cử" in sec.text  # asked again at this step
    await sec.says("Nguyen Van An\nNguyễn Văn Ngoài")
    assert "Không có đảng viên chính thức nào tên «Nguyễn Văn Ngoài»" in sec.text
    await sec.says("1. nguyen van an\n2. LE THI BINH")
    assert "Khi nào đóng biểu quyết" in sec.text
    await sec.presses("Bí thư tự đóng")
    assert "Người ứng cử: Nguyễn Văn An, Lê Thị Bình" in sec.text
    await sec.presses("ở biểu quyết")  # «Vẫn mở biểu quyết»: nobody is marked present yet
    async with ctx.uow() as u:
        vote = await u.session.scalar(select(Vote).where(Vote.meeting_id == meeting.id))
    assert vote is not None and vote.choices == ["Nguyễn Văn An", "Lê Thị Bình", "khong_bieu_quyet"]


async def test_a_too_long_question_is_refused_at_its_step_and_asked_again(ctx, clock):
    _org, _meeting, sec = await _secretary_at_new_vote(ctx, clock)
    await sec.says("Thông qua " + "nghị quyết " * 60)
    assert "không dài quá 500 ký tự" in sec.text and "nội dung cần biểu quyết" in sec.text
    await sec.says("Thông qua nghị quyết tháng 6")
    assert "loại biểu quyết nào" in sec.text


async def test_a_refusal_at_the_last_step_goes_back_to_the_step_to_correct(ctx, clock):
    _org, _meeting, sec = await _secretary_at_new_vote(ctx, clock)
    await sec.says("Thông qua nghị quyết tháng 6")
    await sec.presses("Thông qua nghị quyết")
    await sec.presses("công khai")
    soon = clock.now().astimezone(ctx.zone) + timedelta(minutes=2)
    await sec.says(f"{soon:%H:%M}")
    clock.advance(timedelta(minutes=5))  # the closing time passed while the secretary checked
    await sec.presses("ở biểu quyết")
    assert "Giờ đóng phải sau thời điểm hiện tại" in sec.text and "Khi nào đóng biểu quyết" in sec.text
    await sec.presses("Bí thư tự đóng")
    await sec.presses("ở biểu quyết")
    assert "Đã mở biểu quyết" in sec.text


async def test_a_too_long_draft_title_is_refused_at_its_step(ctx, clock):
    _org, _meeting, sec = await _secretary_at_new_vote(ctx, clock)
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Dự thảo")
    await sec.presses("Đăng dự thảo")
    await sec.says("Dự thảo " + "nghị quyết " * 60)
    assert "Tên dự thảo không được để trống và không dài quá 500 ký tự" in sec.text
    assert "tên dự thảo" in sec.text
    await sec.says("Dự thảo Nghị quyết tháng 7")
    assert "nội dung dự thảo" in sec.text
