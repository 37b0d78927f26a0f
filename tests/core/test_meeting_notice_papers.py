"""Papers picked on the /hop summary reach members in the one notice, not in separate messages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.audit.models import AuditEntry
from core.conversation.screens import Screen
from core.documents import library
from core.documents.library import DocumentDraft
from core.documents.models import MeetingPaper
from core.errors import NotFound
from core.meetings import service
from core.meetings.models import Meeting
from core.members.repository import MemberRepository
from core.org.rules import MemberRef
from core.outbox.models import OutboxMessage
from core.reminders.models import Reminder
from core.texts import plain_text
from tests.chat_helpers import Person
from tests.conftest import VN
from tests.org_fixture import Org, build_org

RESOLUTION = "Nghị quyết Đại hội Đảng bộ phường I lần thứ XIV"
PLAN = "Kế hoạch học tập nghị quyết"


async def _ref(ctx, member_id: int) -> MemberRef:
    async with ctx.uow() as u:
        ref = await MemberRepository(u.session).ref(member_id)
    assert ref is not None
    return ref


async def _add(ctx, actor: MemberRef, unit_id: int, title: str, number: str) -> int:
    data = b"%PDF-1.4\n% " + title.encode() + b"\n%%EOF\n"
    upload = await library.receive_file(ctx, actor=actor, file_name="van-ban.pdf", data=data)
    draft = DocumentDraft(upload.draft.sha256, "van-ban.pdf", title=title, number=number)
    return (await library.add_document(ctx, actor=actor, draft=draft, unit_id=unit_id)).id


async def _library(ctx) -> tuple[Org, dict[str, int]]:
    """Two documents of the committee above the cell, and one of the other cell (not the secretary's)."""
    org = await build_org(ctx.uow)
    committee = await _ref(ctx, org.committee_secretary.id)
    ids = {
        "resolution": await _add(ctx, committee, org.party_committee.id, RESOLUTION, "01-NQ/ĐU"),
        "plan": await _add(ctx, committee, org.party_committee.id, PLAN, "05-KH/ĐU"),
        "foreign": await _add(ctx, committee, org.other_cell.id, "Báo cáo riêng của Chi bộ 2", "02-BC/CB"),
    }
    return org, ids


async def _to_summary(secretary: Person) -> None:
    await secretary.says("/hop")
    await secretary.presses("Sinh hoạt định kỳ")
    await secretary.says("15/6")
    await secretary.says("14h30")
    await secretary.presses("90 phút")
    await secretary.says("Hội trường Đảng ủy")
    await secretary.says("Học tập nghị quyết")
    assert "Kiểm tra lại" in secretary.text


async def _outbox(ctx, subject_kind: str) -> list[OutboxMessage]:
    async with ctx.uow() as u:
        stmt = select(OutboxMessage).where(OutboxMessage.subject_kind == subject_kind)
        return list(await u.session.scalars(stmt.order_by(OutboxMessage.id)))


async def test_one_notice_lists_the_papers_picked_on_the_summary_and_opens_them(ctx):
    org, _ids = await _library(ctx)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await _to_summary(secretary)
    await secretary.presses("📎 Kèm tài liệu họp")
    assert "Tài liệu mới nhất" in secretary.text
    labels = [o.label for s in secretary.last for o in s.options]
    assert "Báo cáo riêng của Chi bộ 2" not in " ".join(labels)  # another cell's: not offered
    await secretary.presses(RESOLUTION[:20])
    assert "đã chọn 1" in secretary.text
    await secretary.says("05-KH/DU")  # typed: a search by number, diacritics optional
    assert "Kết quả tìm «05-KH/DU»" in secretary.text
    await secretary.presses(PLAN)
    assert "đã chọn 2" in secretary.text
    await secretary.says("xong")
    assert "Kiểm tra lại" in secretary.text
    assert f"📎 Tài liệu họp:\n1. 01-NQ/ĐU · {RESOLUTION}\n2. 05-KH/ĐU · {PLAN}" in secretary.text
    await secretary.presses("Gửi thông báo")
    assert "Đã lên lịch họp" in secretary.text

    notices = await _outbox(ctx, "meeting_notice")
    assert sorted(n.member_id for n in notices) == sorted(m.id for m in org.members)  # one each
    assert await _outbox(ctx, "paper") == []  # no separate «Tài liệu mới» message
    an = next(n for n in notices if n.member_id == org.members[1].id)
    screen = Screen.from_payload(an.payload)
    text = plain_text(screen.text)
    assert f"1. 01-NQ/ĐU · {RESOLUTION}" in text and f"2. 05-KH/ĐU · {PLAN}" in text
    assert [o.label for o in screen.options] == ["✅ Tham dự", "🚫 Vắng (có lý do)", "📎 Xem tài liệu họp"]

    member = Person(ctx, org.accounts[org.members[1].id])
    await member.presses_token(screen.options[2].token)
    assert "Tài liệu cuộc họp" in member.text
    assert RESOLUTION in member.text and PLAN in member.text
    await member.presses("05-KH/ĐU")
    async with ctx.uow() as u:
        reminders = list(await u.session.scalars(select(Reminder).where(Reminder.kind == "meeting_papers")))
    assert [r.due_at for r in reminders] == [datetime(2026, 6, 14, 14, 30, tzinfo=VN)]


async def test_a_paper_unticked_on_the_picker_is_not_attached(ctx):
    org, _ids = await _library(ctx)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await _to_summary(secretary)
    await secretary.presses("📎 Kèm tài liệu họp")
    await secretary.says("1")  # Zalo-style: the number of a choice
    assert "đã chọn 1" in secretary.text
    await secretary.presses("✅")
    assert "đã chọn 0" in secretary.text
    await secretary.presses("Xong")
    assert "Tài liệu họp:" not in secretary.text
    await secretary.presses("Gửi thông báo")
    notice = (await _outbox(ctx, "meeting_notice"))[0]
    assert [o[0] for o in notice.payload["options"]] == ["✅ Tham dự", "🚫 Vắng (có lý do)"]


async def test_foreign_document_is_refused_and_nothing_is_created_when_forged(ctx, clock):
    org, ids = await _library(ctx)
    secretary = await _ref(ctx, org.secretary.id)
    draft = service.MeetingDraft(
        unit_id=org.cell.id,
        kind="dinh_ky",
        starts_at=clock.now() + timedelta(days=3),
        duration_minutes=90,
        place="Hội trường",
        agenda="",
        paper_ids=(ids["resolution"], ids["foreign"]),
    )
    with pytest.raises(NotFound) as refused:
        await service.schedule_meeting(ctx, actor=secretary, draft=draft)
    assert refused.value.code == "document_not_found"
    async with ctx.uow() as u:
        assert await u.session.scalar(select(func.count(Meeting.id))) == 0
        assert await u.session.scalar(select(func.count(MeetingPaper.id))) == 0
        assert await u.session.scalar(select(func.count(OutboxMessage.id))) == 0
        entry = (
            await u.session.scalars(select(AuditEntry).where(AuditEntry.action == "access.refused"))
        ).one()
    assert (entry.target_kind, entry.target_id) == ("document", ids["foreign"])


async def test_a_paper_removed_before_sending_sends_nothing_and_asks_again(ctx):
    org, ids = await _library(ctx)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await _to_summary(secretary)
    await secretary.presses("📎 Kèm tài liệu họp")
    await secretary.presses(PLAN)
    await secretary.presses("Xong")
    committee = await _ref(ctx, org.committee_secretary.id)
    await library.remove_document(ctx, actor=committee, document_id=ids["plan"])
    await secretary.presses("Gửi thông báo")
    assert "không còn mở được nên chưa gửi gì" in secretary.text
    assert "đã chọn 0" in secretary.text
    assert await _outbox(ctx, "meeting_notice") == []
    await secretary.presses("Xong")
    await secretary.presses("Gửi thông báo")
    assert "Đã lên lịch họp" in secretary.text
