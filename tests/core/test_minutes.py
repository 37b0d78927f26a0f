"""The conclusion reaches everyone; the minutes open in Word and carry the meeting's figures."""

from __future__ import annotations

import io
from datetime import timedelta

from docx import Document
from sqlalchemy import func, select

from core.documents.models import Document as DocumentRow
from core.documents.models import MeetingPaper
from core.members.repository import MemberRepository
from core.minutes import service
from core.outbox.models import OutboxMessage
from core.quality import service as quality
from core.quality.models import MeetingScore, MemberRating, ScoreSheet
from core.quality.sheet import Criterion, Sheet
from core.reminders.models import Reminder
from core.votes import follow
from core.votes import service as votes
from tests.chat_helpers import Person
from tests.factories import make_meeting
from tests.org_fixture import build_org


def _all_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join([*cells, *(p.text for p in doc.paragraphs)])


async def test_conclusion_and_minutes_with_attendance_votes_and_layout(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(
            u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1), place="Hội trường, Vị Thanh"
        )
        await u.commit()
        secretary = await MemberRepository(u.session).ref(org.secretary.id)
    assert secretary is not None
    present = org.members[:3]  # Bí thư, An, Bình
    for member in present:
        await follow.set_attendance(
            ctx, actor=secretary, meeting_id=meeting.id, member_id=member.id, status="present"
        )
    await follow.set_attendance(
        ctx, actor=secretary, meeting_id=meeting.id, member_id=org.members[3].id, status="absent_excused"
    )
    vote, _ = await votes.open_vote(
        ctx, actor=secretary, draft=votes.VoteDraft(meeting.id, "Thông qua nghị quyết tháng 6", "resolution")
    )
    async with ctx.uow() as u:
        refs = [await MemberRepository(u.session).ref(m.id) for m in present]
    for ref in refs:
        assert ref is not None
        await votes.cast_ballot(ctx, member=ref, vote_id=vote.id, choice="dong_y")
    await follow.close_vote(ctx, actor=secretary, vote_id=vote.id)
    clock.advance(timedelta(hours=3))
    told = await service.post_conclusion(
        ctx, actor=secretary, meeting_id=meeting.id, text="Giao đồng chí An <báo cáo>."
    )
    assert told == len(org.members)
    async with ctx.uow() as u:
        rows = await u.session.scalar(select(func.count()).where(OutboxMessage.subject_kind == "conclusion"))
    assert rows == len(org.members)

    name, data = await service.build_minutes(ctx, actor=secretary, meeting_id=meeting.id)
    assert name.endswith(".docx") and "chi-bo-khu-vuc-1" in name
    text = _all_text(data)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BIÊN BẢN",
        "Số      -BB/CB",
        "CHI BỘ KHU VỰC 1",
        "ĐẢNG BỘ PHƯỜNG I",
        "Vị Thanh, ngày 10 tháng 6 năm 2026",
        "Tổng số đảng viên được triệu tập: 5; có mặt: 3; vắng có lý do: 1",
        "Vắng có lý do: Phạm Văn Cường",
        "1. Kiểm điểm tháng trước",
        "Thông qua nghị quyết tháng 6",
        "3/3 đồng ý (cần ít nhất 2) — thông qua",
        "Giao đồng chí An <báo cáo>.",
        "T/M CHI BỘ",
        "Nơi nhận:",
        "Trần Thị Bí Thư",
        "Miễn sinh hoạt, không dự: Võ Văn Dũng",
    ):
        assert expected in text, expected
    assert "1. 1." not in text


async def test_the_secretary_gets_the_minutes_file_in_the_chat(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
    sec = Person(ctx, org.accounts[org.secretary.id])
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Kết luận")
    assert "Cuộc họp chưa bắt đầu nên chưa thể gửi kết luận" in sec.text
    clock.advance(timedelta(hours=2))
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Kết luận")
    await sec.says("Chi bộ thống nhất kế hoạch tháng 7.")
    await sec.presses("Gửi kết luận")
    assert "Đã gửi kết luận tới 5 đồng chí" in sec.text
    await sec.presses("Biên bản")
    attachment = sec.last[0].attachment
    assert attachment is not None and attachment["name"].endswith(".docx")
    assert "Chi bộ thống nhất kế hoạch tháng 7." in _all_text(await ctx.files.read(attachment["file"]))


async def test_the_minutes_go_only_to_the_secretary_and_never_become_a_paper(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
        secretary = await MemberRepository(u.session).ref(org.secretary.id)
    assert secretary is not None
    for _ in range(2):
        view = await service.minutes_document(ctx, actor=secretary, meeting_id=meeting.id)
    async with ctx.uow() as u:
        papers = await u.session.scalar(select(func.count()).select_from(MeetingPaper))
        told = await u.session.scalar(select(func.count()).select_from(OutboxMessage))
        reminders = await u.session.scalar(select(func.count()).select_from(Reminder))
        docs = await u.session.scalar(select(func.count()).select_from(DocumentRow))
    assert (papers, told, reminders, docs) == (0, 0, 0, 1)
    assert view.attachment()["document_id"] == view.id  # Zalo sends it as a link signed for the secretary
    _name, data = await service.build_minutes(ctx, actor=secretary, meeting_id=meeting.id)
    assert "Tài liệu họp" not in _all_text(data)


async def test_scoring_follows_the_sheet_and_members_rate_from_the_conclusion(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
    sec = Person(ctx, org.accounts[org.secretary.id])
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Chấm điểm")
    assert "«Mặc định 2025»" in sec.text and "mac-dinh" not in sec.text and "Tiêu chí 1/8" in sec.text
    for value in ("5", "4", "9", "31", "25", "8", "4", "25", "3"):  # 31 > 30: asked again
        await sec.says(value)
    assert "Điểm phải là một số từ 0 đến 30" not in sec.text
    assert "83/100 điểm — xếp loại Khá" in sec.text
    async with ctx.uow() as u:
        score = await u.session.scalar(select(MeetingScore))
    assert score is not None and (score.total, score.grade, score.sheet_version) == (
        83,
        "kha",
        "mac-dinh-2025",
    )

    async with ctx.uow() as u:
        ref = await MemberRepository(u.session).ref(org.secretary.id)
    clock.advance(timedelta(hours=2))
    await service.post_conclusion(ctx, actor=ref, meeting_id=meeting.id, text="Thống nhất.")  # type: ignore[arg-type]
    async with ctx.uow() as u:
        row = await u.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.subject_kind == "conclusion", OutboxMessage.member_id == org.members[1].id
            )
        )
    assert row is not None
    token = next(tok for lbl, tok in row.payload["options"] if lbl == "Tốt")
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.presses_token(token)
    assert "Cảm ơn đồng chí đã đánh giá: Tốt" in an.text
    async with ctx.uow() as u:
        rating = await u.session.scalar(select(MemberRating))
    assert rating is not None and rating.grade == "tot"


async def test_an_organisation_keeps_its_own_sheet_version(ctx, clock):
    org = await build_org(ctx.uow)
    custom = Sheet(
        "hau-giang-2026",
        (Criterion("all", "Toàn bộ", 10),),
        ((8, "tot"), (6, "kha"), (4, "trung_binh"), (0, "kem")),
    )
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        u.session.add(
            ScoreSheet(
                unit_id=org.province.id, version=custom.version, data=custom.to_data(), created_at=clock.now()
            )
        )
        await u.commit()
        ref = await MemberRepository(u.session).ref(org.secretary.id)
    assert ref is not None
    assert (await quality.sheet_for(ctx, actor=ref, meeting_id=meeting.id)).version == "hau-giang-2026"
    result = await quality.score_meeting(ctx, actor=ref, meeting_id=meeting.id, scores={"all": 7})
    assert (result.total, result.grade) == (7, "kha")


async def test_scores_of_zero_and_one_are_scores_and_the_hub_stays_reachable_after_the_start(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
    clock.advance(timedelta(hours=3))  # the meeting has been held
    sec = Person(ctx, org.accounts[org.secretary.id])
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Chấm điểm")
    for value in ("1", "0", "10", "30", "10", "5", "30", "5"):
        await sec.says(value)
        assert "Đã hủy" not in sec.text
    assert "91/100 điểm — xếp loại Tốt" in sec.text


async def _papers_and_notices(ctx):  # type: ignore[no-untyped-def]
    async with ctx.uow() as u:
        papers = await u.session.scalar(select(func.count()).select_from(MeetingPaper))
        told = await u.session.scalar(
            select(func.count()).where(OutboxMessage.subject_kind.in_(["paper", "conclusion"]))
        )
        reminders = await u.session.scalar(select(func.count()).select_from(Reminder))
    return papers, told, reminders


async def test_a_conclusion_file_goes_out_only_with_the_conclusion(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        await make_meeting(u.session, unit=org.cell, starts_at=clock.now() - timedelta(hours=1))
        await u.commit()
    sec = Person(ctx, org.accounts[org.secretary.id])
    for last in ("Hủy", "Gửi kết luận"):
        await sec.says("/theodoi")
        await sec.presses("Sinh hoạt")
        await sec.presses("Biểu quyết")
        await sec.presses("Kết luận")
        await sec.sends_file("ket-luan.pdf", b"%PDF-1.4 ket luan")
        assert "Tệp kèm: 1" in sec.text
        assert await _papers_and_notices(ctx) == (
            0,
            0,
            0,
        )  # nobody told of a paper to read before the meeting
        await sec.presses(last)
    papers, told, reminders = await _papers_and_notices(ctx)
    assert (told, reminders) == (len(org.members), 0)  # the conclusion itself, with its file
    async with ctx.uow() as u:
        kinds = set(await u.session.scalars(select(OutboxMessage.subject_kind)))
    assert kinds == {"conclusion"} and papers == 1
