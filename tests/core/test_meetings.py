"""Meetings through the channel-neutral conversation and services, on real databases."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from core.audit.models import AuditEntry
from core.conversation.screens import Screen
from core.meetings import service
from core.meetings.models import Meeting, Rsvp
from core.members.repository import MemberRepository
from core.outbox.models import OutboxMessage
from core.reminders.models import Reminder
from core.texts import plain_text
from tests.chat_helpers import Person
from tests.conftest import VN
from tests.org_fixture import build_org


async def _outbox(ctx, subject_kind: str) -> list[OutboxMessage]:
    async with ctx.uow() as u:
        stmt = (
            select(OutboxMessage).where(OutboxMessage.subject_kind == subject_kind).order_by(OutboxMessage.id)
        )
        return list((await u.session.execute(stmt)).scalars())


async def _schedule_by_chat(ctx, org) -> Person:
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.says("/hop")
    assert "loại cuộc họp" in secretary.text
    await secretary.presses("Sinh hoạt định kỳ")
    assert "ngày họp" in secretary.text
    await secretary.says("15/6")
    assert "giờ bắt đầu" in secretary.text
    await secretary.says("14h30")
    await secretary.presses("90 phút")
    await secretary.says("Hội trường <Đảng ủy> & khu phố")
    await secretary.says("1. Kiểm điểm tháng 5\n2. Phương hướng tháng 6")
    assert "Kiểm tra lại" in secretary.text
    assert "14:30, Thứ Hai 15/06/2026" in secretary.text
    await secretary.presses("Gửi thông báo")
    assert "Đã lên lịch họp" in secretary.text
    return secretary


async def _move_to_16_june_8am(secretary: Person) -> None:
    await secretary.presses("Theo dõi")
    await secretary.presses("Dời lịch")
    await secretary.says("16/6")
    await secretary.says("8 giờ")
    assert "Dời cuộc họp sang" in secretary.text
    await secretary.presses("✅ Dời lịch")


async def test_notice_reaches_every_cell_member_when_secretary_schedules_by_chat(ctx, uow):
    org = await build_org(uow)
    await _schedule_by_chat(ctx, org)
    notices = await _outbox(ctx, "meeting_notice")
    assert sorted(n.member_id for n in notices) == sorted(m.id for m in org.members)
    screen = Screen.from_payload(notices[0].payload)
    assert "Hội trường <Đảng ủy> & khu phố" in plain_text(screen.text)
    assert "1. Kiểm điểm tháng 5\n2. Phương hướng tháng 6" in plain_text(screen.text)  # one item per line
    assert [o.label for o in screen.options] == ["✅ Tham dự", "🚫 Vắng (có lý do)"]
    copies = await _outbox(ctx, "meeting_copy")
    assert [c.member_id for c in copies] == [org.committee_secretary.id]
    assert copies[0].payload["options"] == []


async def test_meeting_time_is_vietnam_local_when_stored_in_utc(ctx, uow):
    org = await build_org(uow)
    await _schedule_by_chat(ctx, org)
    async with uow() as u:
        meeting = (await u.session.execute(select(Meeting))).scalar_one()
        reminders = sorted((r.kind, r.due_at) for r in (await u.session.execute(select(Reminder))).scalars())
    assert meeting.starts_at == datetime(2026, 6, 15, 14, 30, tzinfo=VN)
    assert meeting.starts_at.utcoffset() == timedelta(0)
    assert reminders == [
        ("meeting_1h", datetime(2026, 6, 15, 13, 30, tzinfo=VN)),
        ("meeting_24h", datetime(2026, 6, 14, 14, 30, tzinfo=VN)),
    ]


async def test_member_answers_absent_with_reason_and_can_change_until_start(ctx, uow, clock):
    org = await build_org(uow)
    await _schedule_by_chat(ctx, org)
    member = Person(ctx, org.accounts[org.members[1].id])
    notice = next(n for n in await _outbox(ctx, "meeting_notice") if n.member_id == org.members[1].id)
    absent_token = notice.payload["options"][1][1]
    await member.presses_token(absent_token)
    assert "lý do vắng mặt" in member.text
    await member.says("Đi công tác tỉnh")
    assert "vắng mặt" in member.text and "Đi công tác tỉnh" in member.text
    attend_token = notice.payload["options"][0][1]
    await member.presses_token(attend_token)
    assert "tham dự" in member.text
    async with uow() as u:
        rsvp = (await u.session.execute(select(Rsvp))).scalar_one()
    assert (rsvp.answer, rsvp.reason) == ("attend", None)
    clock.set(datetime(2026, 6, 15, 14, 31, tzinfo=VN))
    await member.presses_token(absent_token)
    assert "đã bắt đầu" in member.text


async def test_button_of_another_member_is_refused_when_pressed_by_someone_else(ctx, uow):
    org = await build_org(uow)
    await _schedule_by_chat(ctx, org)
    notice = next(n for n in await _outbox(ctx, "meeting_notice") if n.member_id == org.members[1].id)
    outsider = Person(ctx, org.accounts[org.other_members[1].id])
    await outsider.presses_token(notice.payload["options"][0][1])
    assert "Không tìm thấy" in outsider.text  # someone else's button: refused and logged
    async with uow() as u:
        refused = (
            await u.session.scalars(select(AuditEntry).where(AuditEntry.action == "access.refused"))
        ).one()
    assert refused.actor == f"member:{org.other_members[1].id}" and refused.target_kind == "meeting"
    await outsider.presses_token("forged-token-123")
    assert "hết hiệu lực" in outsider.text
    async with uow() as u:
        assert (await u.session.execute(select(func.count(Rsvp.id)))).scalar_one() == 0


async def test_member_of_another_cell_cannot_answer_when_service_is_called_directly(ctx, uow):
    org = await build_org(uow)
    await _schedule_by_chat(ctx, org)
    async with uow() as u:
        meeting_id = (await u.session.execute(select(Meeting.id))).scalar_one()
        outsider = await MemberRepository(u.session).ref(org.other_members[1].id)
    try:
        await service.answer_meeting(ctx, member=outsider, meeting_id=meeting_id, answer="attend")
    except Exception as exc:
        assert getattr(exc, "code", None) == "meeting_not_found"
    else:
        raise AssertionError("outsider could answer")
    async with uow() as u:
        refused = (
            await u.session.execute(select(AuditEntry).where(AuditEntry.action == "access.refused"))
        ).scalars()
        assert [(a.actor, a.target_id) for a in refused] == [(f"member:{outsider.id}", meeting_id)]


async def test_secretary_sees_counts_and_reminds_only_unanswered(ctx, uow):
    org = await build_org(uow)
    secretary = await _schedule_by_chat(ctx, org)
    notice = next(n for n in await _outbox(ctx, "meeting_notice") if n.member_id == org.members[1].id)
    await Person(ctx, org.accounts[org.members[1].id]).presses_token(notice.payload["options"][0][1])
    await secretary.presses("Theo dõi")
    assert "Tham dự (1): Nguyễn Văn An" in secretary.text
    assert "Chưa trả lời (4)" in secretary.text
    await secretary.presses("Nhắc 4 người")
    assert "4 đồng chí" in secretary.text
    nudges = await _outbox(ctx, "meeting_nudge")
    assert org.members[1].id not in {n.member_id for n in nudges}
    assert len(nudges) == 4


async def test_member_of_cell_cannot_follow_meeting_when_not_secretary(ctx, uow):
    org = await build_org(uow)
    await _schedule_by_chat(ctx, org)
    member = Person(ctx, org.accounts[org.members[2].id])
    await member.says("/theodoi")
    assert "dành cho Bí thư" in member.text
    await member.says("/hop")
    assert "dành cho Bí thư" in member.text


async def test_reschedule_and_cancel_notify_everyone(ctx, uow):
    org = await build_org(uow)
    secretary = await _schedule_by_chat(ctx, org)
    await _move_to_16_june_8am(secretary)
    assert "Đã dời lịch" in secretary.text and "08:00, Thứ Ba 16/06/2026" in secretary.text
    updates = await _outbox(ctx, "meeting_update")
    assert len(updates) == len(org.members)
    async with uow() as u:
        live = (
            (await u.session.execute(select(Reminder).where(Reminder.cancelled_at.is_(None)))).scalars().all()
        )
    assert sorted(r.due_at for r in live) == [
        datetime(2026, 6, 15, 8, 0, tzinfo=VN),
        datetime(2026, 6, 16, 7, 0, tzinfo=VN),
    ]
    await secretary.presses("Theo dõi")
    await secretary.presses("Hủy cuộc họp")
    await secretary.presses("Có, hủy")
    assert "Đã hủy cuộc họp" in secretary.text
    cancels = await _outbox(ctx, "meeting_cancel")
    assert len(cancels) == len(org.members)
    cancelled = plain_text(Screen.from_payload(cancels[0].payload).text)
    assert "HỦY CUỘC HỌP" in cancelled and "xác nhận" not in cancelled


async def test_wrong_date_and_past_time_are_asked_again_in_vietnamese(ctx, uow):
    org = await build_org(uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.says("/hop")
    await secretary.presses("Sinh hoạt chuyên đề")
    await secretary.says("hôm kia nữa")
    assert "Chưa hiểu ngày" in secretary.text and "ví dụ: 17/6 hoặc 17/6/2026" in secretary.text
    await secretary.says("31/4")
    assert "Không có ngày 31 trong tháng 4" in secretary.text
    await secretary.says("1/6")
    assert "Ngày 01/06/2026 đã qua" in secretary.text and "1/6/2027" in secretary.text
    await secretary.says("10/6/2026")
    await secretary.says("7h")
    assert "đã qua" in secretary.text and "ngày họp" in secretary.text
    await secretary.says("11/6")
    await secretary.says("25h")
    assert "Giờ chưa đúng" in secretary.text
    await secretary.says("1 giờ 20")
    assert "chiều (13:20) hay ban đêm (01:20)" in secretary.text
    await secretary.says("1 giờ 20 chiều")
    assert "bao lâu" in secretary.text


async def test_my_meetings_lists_upcoming_with_my_answer(ctx, uow):
    org = await build_org(uow)
    await _schedule_by_chat(ctx, org)
    member = Person(ctx, org.accounts[org.members[3].id])
    await member.says("/lich")
    assert "1** cuộc họp" not in member.text
    assert "có 1 cuộc họp" in member.text
    assert "chưa trả lời" in member.text
    other = Person(ctx, org.accounts[org.other_members[1].id])
    await other.says("lịch họp")
    assert "chưa có cuộc họp" in other.text


async def test_simultaneous_presses_keep_one_answer_when_member_double_taps(ctx, uow):
    import asyncio

    org = await build_org(uow)
    await _schedule_by_chat(ctx, org)
    async with uow() as u:
        meeting_id = (await u.session.execute(select(Meeting.id))).scalar_one()
        member = await MemberRepository(u.session).ref(org.members[1].id)
    results = await asyncio.gather(
        *(
            service.answer_meeting(ctx, member=member, meeting_id=meeting_id, answer="attend")
            for _ in range(5)
        )
    )
    assert len(results) == 5
    async with uow() as u:
        assert (await u.session.execute(select(func.count(Rsvp.id)))).scalar_one() == 1


async def test_status_counts_only_reachable_members_as_unanswered_and_nudge_matches(ctx, uow):
    org = await build_org(uow)
    async with uow() as u:
        from core.members.models import ChatAccount

        accounts = {a.member_id: a for a in (await u.session.execute(select(ChatAccount))).scalars()}
        await u.session.delete(accounts[org.members[3].id])  # Phạm Văn Cường never joined
        accounts[org.members[4].id].blocked_at = accounts[
            org.members[4].id
        ].bound_at  # Võ Văn Dũng blocked the bot
        await u.commit()
    secretary = await _schedule_by_chat(ctx, org)
    await secretary.presses("Theo dõi")
    assert "Chưa trả lời (3)" in secretary.text
    assert "Chưa tham gia Sổ tay (1): Phạm Văn Cường" in secretary.text
    assert "đã chặn bot (1): Võ Văn Dũng" in secretary.text
    await secretary.presses("Nhắc 3 người")
    assert "tới 3 đồng chí" in secretary.text
    nudges = await _outbox(ctx, "meeting_nudge")
    assert sorted(n.member_id for n in nudges) == sorted(m.id for m in org.members[:3])
    await secretary.presses("Theo dõi")
    assert "Tình hình trả lời" in secretary.text
    await secretary.presses("Nhắc 3 người")  # again, at once
    assert "Vừa nhắc xong" in secretary.text


async def test_rescheduling_asks_everyone_again_and_says_the_old_time(ctx, uow):
    org = await build_org(uow)
    secretary = await _schedule_by_chat(ctx, org)
    notice = next(n for n in await _outbox(ctx, "meeting_notice") if n.member_id == org.members[1].id)
    member = Person(ctx, org.accounts[org.members[1].id])
    await member.presses_token(notice.payload["options"][0][1])
    await _move_to_16_june_8am(secretary)
    update = next(n for n in await _outbox(ctx, "meeting_update") if n.member_id == org.members[1].id)
    assert "cuộc họp lúc 14:30, Thứ Hai 15/06/2026 được dời" in plain_text(
        Screen.from_payload(update.payload).text
    )
    await member.says("/lich")
    assert "chưa trả lời" in member.text


async def test_superior_secretary_in_the_meeting_gets_no_extra_copy(ctx, uow):
    org = await build_org(uow)
    async with uow() as u:
        from tests.factories import make_role

        await make_role(u.session, member=org.members[1], unit=org.party_committee, role="bi_thu")
        await u.commit()
    await _schedule_by_chat(ctx, org)
    copies = await _outbox(ctx, "meeting_copy")
    assert sorted(c.member_id for c in copies) == [
        org.committee_secretary.id
    ]  # not Nguyễn Văn An, who is invited


async def test_cancel_word_in_a_flow_says_nothing_was_sent(ctx, uow):
    org = await build_org(uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.says("/hop")
    await secretary.says("/huy")
    assert "Đã hủy thao tác đang làm" in secretary.text
    await secretary.says("/huy")
    assert "Đã hủy" not in secretary.text


async def test_button_of_an_earlier_step_has_expired_when_pressed_again(ctx, uow):
    org = await build_org(uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.says("/hop")
    kind_screen = secretary.last
    await secretary.presses("Sinh hoạt định kỳ")
    assert "ngày họp" in secretary.text
    secretary.last = kind_screen
    await secretary.presses("Họp bất thường")
    assert "thuộc bước trước" in secretary.text and "câu hỏi đang dở" in secretary.text
    await secretary.says("20/6")  # the flow is still waiting for the date
    assert "giờ bắt đầu" in secretary.text


async def test_answer_typed_to_a_notice_shows_the_meetings_with_their_buttons(ctx, uow):
    org = await build_org(uow)
    await _schedule_by_chat(ctx, org)
    member = Person(ctx, org.accounts[org.members[2].id])
    await member.says("Tôi tham dự")
    assert "có 1 cuộc họp" in member.text
    assert any("Tham dự" in o.label for s in member.last for o in s.options)


async def test_choices_can_be_typed_by_words_or_number_when_buttons_are_hard(ctx, uow):
    org = await build_org(uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.says("/hop")
    await secretary.says("sinh hoat dinh ky")
    assert "ngày họp" in secretary.text
    await secretary.says("/hop")
    await secretary.says("5")
    await secretary.says("20/6")
    await secretary.says("8h")
    await secretary.says("2")  # the second length offered: 120 minutes
    await secretary.says("Hội trường")
    await secretary.says("bỏ qua")
    assert "Họp bất thường" in secretary.text and "120 phút" in secretary.text


async def test_member_joining_after_the_notice_learns_of_the_meeting_at_once(ctx, uow, clock):
    from core.invites.service import reissue_invite
    from core.members.models import ChatAccount

    org = await build_org(uow)
    async with uow() as u:
        late = org.members[3]  # Phạm Văn Cường had not joined when the meeting was called
        account = (
            await u.session.execute(select(ChatAccount).where(ChatAccount.member_id == late.id))
        ).scalar_one()
        await u.session.delete(account)
        await u.commit()
    await _schedule_by_chat(ctx, org)
    code = (await reissue_invite(uow(), clock, member_code=late.code, ttl_days=30)).code
    newcomer = Person(ctx, "7999999999")
    await newcomer.says(f"/start {code}")
    assert "Chào mừng đồng chí Phạm Văn Cường" in newcomer.text
    assert "đang có 1 cuộc họp sắp tới" in newcomer.text
    await newcomer.presses("Lịch họp của tôi")
    assert any("Tham dự" in o.label for s in newcomer.last for o in s.options)
