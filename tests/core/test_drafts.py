"""Drafts and comments: several per member, editable and withdrawable in the window, marked, finalised."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.drafts import service
from core.drafts.models import DraftComment
from core.errors import Conflict, NotFound
from core.members.repository import MemberRepository
from core.outbox.models import OutboxMessage
from tests.chat_helpers import Person
from tests.document_samples import party_docx
from tests.factories import make_meeting
from tests.org_fixture import build_org


async def _setup(ctx, clock):  # type: ignore[no-untyped-def]
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(days=2))
        await u.commit()
    return org, meeting


async def test_post_comment_edit_withdraw_mark_and_finalise_in_the_chat(ctx, clock):
    org, _meeting = await _setup(ctx, clock)
    sec = Person(ctx, org.accounts[org.secretary.id])
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Dự thảo")
    await sec.presses("Đăng dự thảo")
    await sec.says("Dự thảo Nghị quyết tháng 7")
    await sec.says("1. Hoàn thành kế hoạch quý III.\n2. Kết nạp 1 quần chúng ưu tú.")
    await sec.presses("Trong 24 giờ")
    assert "Đã gửi dự thảo" in sec.text
    async with ctx.uow() as u:
        notice = await u.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.subject_kind == "draft", OutboxMessage.member_id == org.members[1].id
            )
        )
    assert notice is not None
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.presses_token(next(tok for lbl, tok in notice.payload["options"] if "Góp ý" in lbl))
    await an.says("Đề nghị thêm chỉ tiêu <phát triển đảng viên>.")
    await an.presses("Góp ý thêm")
    await an.says("Sửa «quý III» thành «quý 3».")
    await an.presses("Đọc dự thảo")
    assert "Hoàn thành kế hoạch quý III" in an.text and "Góp ý 2 của đồng chí" in an.text
    await an.presses("Rút góp ý 2")
    assert "Đã rút góp ý" in an.text
    await an.presses_token(next(tok for lbl, tok in notice.payload["options"] if "Đọc" in lbl))
    await an.presses("Sửa góp ý 1")
    await an.says("Đề nghị thêm chỉ tiêu phát triển 2 đảng viên.")
    assert "Đã sửa góp ý" in an.text

    sec_draft = Person(ctx, org.accounts[org.secretary.id])
    await sec_draft.says("/theodoi")
    await sec_draft.presses("Sinh hoạt")
    await sec_draft.presses("Biểu quyết")
    await sec_draft.presses("Dự thảo")
    await sec_draft.presses("1. Dự thảo")
    assert "Nguyễn Văn An: Đề nghị thêm chỉ tiêu phát triển 2 đảng viên." in sec_draft.text
    assert "quý 3" not in sec_draft.text  # withdrawn
    await sec_draft.presses("1 ✅ Tiếp thu")
    assert "1. ✅ Nguyễn Văn An" in sec_draft.text
    await sec_draft.presses("Chốt văn bản cuối")
    await sec_draft.says(
        "1. Hoàn thành kế hoạch quý III.\n2. Kết nạp 1 quần chúng ưu tú.\n3. Phát triển 2 đảng viên."
    )
    await sec_draft.presses("Gửi văn bản cuối")
    assert f"tới {len(org.members)} đồng chí" in sec_draft.text
    async with ctx.uow() as u:
        final = await u.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.subject_kind == "draft_final", OutboxMessage.member_id == org.members[2].id
            )
        )
    text = "".join(part for part, _bold in final.payload["text"])
    assert "đã tiếp thu 1 góp ý" in text and "➕ 3. Phát triển 2 đảng viên." in text
    assert "VĂN BẢN CUỐI: Nghị quyết tháng 7" in text  # the final text is no longer a draft


async def test_the_window_closes_and_others_cannot_touch_a_comment(ctx, clock):
    org, meeting = await _setup(ctx, clock)
    async with ctx.uow() as u:
        repo = MemberRepository(u.session)
        sec, an, binh = [await repo.ref(m.id) for m in org.members[:3]]
    draft = await service.post_draft(
        ctx,
        actor=sec,
        meeting_id=meeting.id,
        title="Dự thảo",
        text="Nội dung",
        closes_at=clock.now() + timedelta(hours=1),
    )
    comment = await service.add_comment(ctx, member=an, draft_id=draft.id, text="Ý kiến")
    with pytest.raises(NotFound):
        await service.change_comment(ctx, member=binh, comment_id=comment, text="Sửa hộ")
    async with ctx.uow() as u:
        outsider = await MemberRepository(u.session).ref(org.other_members[1].id)
    with pytest.raises(NotFound):
        await service.add_comment(ctx, member=outsider, draft_id=draft.id, text="Tôi ở chi bộ khác")
    clock.advance(timedelta(hours=2))
    with pytest.raises(Conflict):
        await service.add_comment(ctx, member=an, draft_id=draft.id, text="Muộn")
    with pytest.raises(Conflict):
        await service.change_comment(ctx, member=an, comment_id=comment, text=None)
    await service.finalize(ctx, actor=sec, draft_id=draft.id, final_text="Nội dung cuối")
    with pytest.raises(Conflict):  # sent once; a second press does not send it again
        await service.finalize(ctx, actor=sec, draft_id=draft.id, final_text="Lần nữa")
    async with ctx.uow() as u:
        kept = await u.session.get(DraftComment, comment)
    assert kept is not None and kept.text == "Ý kiến" and not kept.withdrawn


async def test_a_draft_and_a_conclusion_may_carry_files(ctx, clock):
    org, _meeting = await _setup(ctx, clock)
    sec = Person(ctx, org.accounts[org.secretary.id])
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Dự thảo")
    await sec.presses("Đăng dự thảo")
    await sec.says("Dự thảo Quy chế làm việc")
    await sec.sends_file("du-thao-quy-che.docx", party_docx())
    assert "Đã đính kèm 1 tài liệu" in sec.text
    await sec.presses("Đến giờ họp")
    assert "Đã gửi dự thảo" in sec.text
    async with ctx.uow() as u:
        notice = await u.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.subject_kind == "draft", OutboxMessage.member_id == org.members[1].id
            )
        )
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.presses_token(next(tok for lbl, tok in notice.payload["options"] if "Đọc" in lbl))
    await an.presses("Tài liệu kèm 1")
    assert an.last[0].attachment is not None and an.last[0].attachment["name"] == "du-thao-quy-che.docx"

    clock.advance(timedelta(days=3))  # after the meeting
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Kết luận")
    await sec.sends_file("ket-luan.pdf", b"%PDF-1.4 ket luan")
    assert "Tệp kèm: 1" in sec.text
    await sec.says("Thông qua quy chế.")
    await sec.presses("Gửi kết luận")
    async with ctx.uow() as u:
        row = await u.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.subject_kind == "conclusion", OutboxMessage.member_id == org.members[2].id
            )
        )
    assert next(lbl for lbl, _tok in row.payload["options"]) == "📄 Tệp kèm 1"


async def _comment_setup(ctx, clock):  # type: ignore[no-untyped-def]
    org, meeting = await _setup(ctx, clock)
    async with ctx.uow() as u:
        repo = MemberRepository(u.session)
        sec, an, binh = [await repo.ref(m.id) for m in org.members[:3]]
    draft = await service.post_draft(
        ctx,
        actor=sec,
        meeting_id=meeting.id,
        title="Dự thảo Nghị quyết tháng 7",
        text="Nội dung",
        closes_at=clock.now() + timedelta(hours=1),
    )
    return meeting, draft, sec, an, binh


async def test_an_edited_comment_loses_the_secretarys_mark_when_edited(ctx, clock):
    _meeting, draft, sec, an, _binh = await _comment_setup(ctx, clock)
    comment = await service.add_comment(ctx, member=an, draft_id=draft.id, text="Thêm chỉ tiêu")
    await service.mark_comment(ctx, actor=sec, comment_id=comment, taken_in=True)
    await service.change_comment(ctx, member=an, comment_id=comment, text="Bỏ chỉ tiêu")
    _draft, seen = await service.all_comments(ctx, actor=sec, draft_id=draft.id)
    assert [(c.text, c.taken_in) for c in seen] == [("Bỏ chỉ tiêu", None)]


async def test_the_minutes_summarise_each_drafts_comments_with_names_and_marks(ctx, clock):
    import io

    from docx import Document

    from core.minutes import service as minutes

    meeting, draft, sec, an, binh = await _comment_setup(ctx, clock)
    taken = await service.add_comment(ctx, member=an, draft_id=draft.id, text="Thêm chỉ tiêu <kết nạp>.")
    skipped = await service.add_comment(ctx, member=binh, draft_id=draft.id, text="Bỏ mục 3.")
    await service.add_comment(ctx, member=binh, draft_id=draft.id, text="Sửa lỗi chính tả.")
    await service.mark_comment(ctx, actor=sec, comment_id=taken, taken_in=True)
    await service.mark_comment(ctx, actor=sec, comment_id=skipped, taken_in=False)
    _name, data = await minutes.build_minutes(ctx, actor=sec, meeting_id=meeting.id)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "II. TÓM TẮT GÓP Ý DỰ THẢO" in text
    assert "– Dự thảo Nghị quyết tháng 7: 3 góp ý." in text
    assert "Đồng chí Nguyễn Văn An (tiếp thu): Thêm chỉ tiêu <kết nạp>." in text
    assert "Đồng chí Lê Thị Bình (không tiếp thu): Bỏ mục 3." in text
    assert "Đồng chí Lê Thị Bình (chưa xem xét): Sửa lỗi chính tả." in text
