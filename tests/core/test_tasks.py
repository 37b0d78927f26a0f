"""Giao việc through the conversation engine, on real databases: assign, report, remind, follow up."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.audit.models import AuditEntry
from core.documents import library
from core.documents.library import DocumentDraft
from core.errors import NotFound
from core.members.repository import MemberRepository
from core.outbox.models import OutboxMessage
from core.tasks import rules, work
from core.texts import from_json, plain_text
from scheduler.jobs import send_due_reminders
from tests.chat_helpers import Person
from tests.factories import make_meeting
from tests.org_fixture import build_org

VN = ZoneInfo("Asia/Ho_Chi_Minh")  # the clock starts on Wednesday 10/06/2026 08:00 here


async def _outbox(ctx, member_id: int) -> list[tuple[str, list[list[str]]]]:
    """What was queued for a member: (text, [[label, token], …]) in order."""
    async with ctx.uow() as u:
        rows = (
            await u.session.scalars(
                select(OutboxMessage).where(OutboxMessage.member_id == member_id).order_by(OutboxMessage.id)
            )
        ).all()
    return [(plain_text(from_json(r.payload["text"])), r.payload.get("options", [])) for r in rows]


async def _last(ctx, member_id: int) -> str:
    sent = await _outbox(ctx, member_id)
    return sent[-1][0] if sent else ""


async def _press_sent(person: Person, ctx, member_id: int, label_part: str) -> str:
    """Presses a button of the latest queued message that has it, as the member would in the chat."""
    for _text, options in reversed(await _outbox(ctx, member_id)):
        for option_label, token in options:
            if label_part in option_label:
                await person.presses_token(token)
                return person.text
    raise AssertionError(f"no queued button {label_part!r} for member {member_id}")


async def _assign(secretary: Person, who: str, title: str, due: str, plan: str = "Trước 3 ngày") -> str:
    await secretary.says("/giaoviec")
    assert "Giao cho ai?" in secretary.text
    await secretary.says(who)
    assert "Đã hiểu người nhận" in secretary.text
    await secretary.says(title)
    await secretary.presses("Bỏ qua")
    await secretary.says(due)
    await secretary.presses(plan)
    summary = secretary.text
    await secretary.presses("Giao việc")
    assert "Đã giao việc" in secretary.text
    return summary


def _people(ctx, org):
    sec = Person(ctx, org.accounts[org.secretary.id])
    binh, an, cuong = (Person(ctx, org.accounts[org.members[i].id]) for i in (2, 1, 3))
    return sec, an, binh, cuong


async def test_a_task_to_several_is_accepted_reported_and_done_and_the_secretary_hears_each_step(ctx, clock):
    org = await build_org(ctx.uow)
    sec, an, binh, _ = _people(ctx, org)
    an_id, binh_id, sec_id = org.members[1].id, org.members[2].id, org.secretary.id
    summary = await _assign(sec, "An, Bình", "Chuẩn bị báo cáo quý", "17/6")
    assert "Nguyễn Văn An, Lê Thị Bình" in summary
    assert "17:00, Thứ Tư 17/06/2026" in summary and "tính đến 17:00" in summary
    assert "Việc mới" in await _last(ctx, an_id) and "Chuẩn bị báo cáo quý" in await _last(ctx, binh_id)

    assert "Đã nhận việc" in await _press_sent(an, ctx, an_id, "Nhận việc")
    assert "Đ/c Nguyễn Văn An đã nhận việc «Chuẩn bị báo cáo quý»" in await _last(ctx, sec_id)
    told_before = len(await _outbox(ctx, sec_id))
    again = await _press_sent(an, ctx, an_id, "Nhận việc")  # pressed a second time
    assert "đã nhận việc này từ trước" in again and "đã được báo" not in again
    assert len(await _outbox(ctx, sec_id)) == told_before  # nobody is told twice

    await _press_sent(an, ctx, an_id, "Báo cáo tiến độ")
    await an.presses("50%")
    await an.says("Đã thu số liệu 3 tổ")
    assert "Đã gửi báo cáo" in an.text and "Đang làm — 50%" in an.text
    told = await _last(ctx, sec_id)
    assert "Đ/c Nguyễn Văn An báo cáo «Chuẩn bị báo cáo quý»: 50%" in told
    assert "Ghi chú: Đã thu số liệu 3 tổ" in told

    await an.presses("Báo cáo tiến độ")  # a second report corrects the first
    await an.says("60")
    await an.presses("Bỏ qua")
    assert "60%" in await _last(ctx, sec_id)

    await _press_sent(binh, ctx, binh_id, "Đã hoàn thành")
    await binh.presses("Đúng, đã hoàn thành")
    await binh.says("Đã nộp bản thảo")
    assert "Đã báo hoàn thành" in binh.text
    assert "Đ/c Lê Thị Bình đã hoàn thành việc" in await _last(ctx, sec_id)
    await an.presses("Đã hoàn thành")
    await an.presses("Đúng, đã hoàn thành")
    await an.presses("Bỏ qua")
    assert "Tất cả người nhận đã hoàn thành" in await _last(ctx, sec_id)

    await an.says("/viec")
    assert "không có việc nào" in an.text
    await _press_sent(sec, ctx, sec_id, "Xem việc")
    assert "Hoàn thành" in sec.text and "Lịch sử" in sec.text and "báo cáo 60%" in sec.text

    await _press_sent(an, ctx, an_id, "Báo cáo tiến độ")  # «done» by mistake: a new report reopens it
    await an.presses("75%")
    await an.says("Còn thiếu phụ lục")
    assert "Đang làm — 75%" in an.text
    await an.says("/viec")
    assert "1. Chuẩn bị báo cáo quý" in an.text and "Đang làm" in an.text


async def test_default_reminders_fall_3_days_1_day_and_the_morning_at_vietnam_time_not_for_those_done(
    ctx, clock
):
    org = await build_org(ctx.uow)
    sec, _an, binh, _ = _people(ctx, org)
    an_id, binh_id, sec_id = org.members[1].id, org.members[2].id, org.secretary.id
    await _assign(sec, "1, 2", "Thu đảng phí", "20/6")  # Saturday 20/06/2026 17:00
    await _press_sent(binh, ctx, binh_id, "Đã hoàn thành")
    await binh.presses("Đúng, đã hoàn thành")
    await binh.presses("Bỏ qua")
    before = len(await _outbox(ctx, binh_id))
    for day, hour, minute in ((17, 17, 0), (19, 17, 0), (20, 7, 0)):
        clock.set(datetime(2026, 6, day, hour, minute, tzinfo=VN) - timedelta(minutes=1))
        assert await send_due_reminders(ctx) == 0
        clock.set(datetime(2026, 6, day, hour, minute, tzinfo=VN))
        assert await send_due_reminders(ctx) == 1
        assert "Nhắc việc" in await _last(ctx, an_id) and "Thu đảng phí" in await _last(ctx, an_id)
    assert len(await _outbox(ctx, binh_id)) == before  # done: no reminder

    clock.set(datetime(2026, 6, 20, 17, 0, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1
    assert "Việc đã quá hạn" in await _last(ctx, an_id)
    assert "quá hạn 1 ngày" not in await _last(ctx, sec_id)
    clock.set(datetime(2026, 6, 21, 17, 0, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1
    escalated = await _last(ctx, sec_id)
    assert "Việc «Thu đảng phí» (Chi bộ Khu vực 1) quá hạn 1 ngày" in escalated
    assert "Chưa hoàn thành: Nguyễn Văn An (0%)" in escalated and "Bình" not in escalated
    assert "(nhắc muộn)" not in escalated


async def test_extending_moves_the_reminders_and_cancelling_stops_them(ctx, clock):
    org = await build_org(ctx.uow)
    sec, _, _, _ = _people(ctx, org)
    an_id = org.members[1].id
    await _assign(sec, "An", "Họp tổ", "13/6 9h")
    await sec.presses("Xem việc")
    await sec.presses("Gia hạn")
    assert "hạn hiện tại: 09:00, Thứ Bảy 13/06/2026" in sec.text
    await sec.says("hôm qua")
    assert "đã qua" in sec.text
    await sec.says("24/6 8h")
    await sec.presses("Gia hạn")
    assert "Đã gia hạn" in sec.text and "08:00, Thứ Tư 24/06/2026" in sec.text
    assert "được gia hạn" in await _last(ctx, an_id)
    clock.set(datetime(2026, 6, 13, 9, 30, tzinfo=VN))  # the old deadline: nothing
    before = len(await _outbox(ctx, an_id))
    assert await send_due_reminders(ctx) == 0
    clock.set(datetime(2026, 6, 21, 8, 0, tzinfo=VN))  # 3 days before the new one
    assert await send_due_reminders(ctx) == 1
    assert "Nhắc việc: còn 3 ngày đến hạn" in await _last(ctx, an_id)
    assert "Hạn: 08:00, Thứ Tư 24/06/2026" in await _last(ctx, an_id)
    await sec.says("/congviec")  # buttons shown days ago have expired: the secretary opens the list again
    await sec.presses("Chưa nhận (1 việc)")
    await sec.presses("1. Họp tổ")
    await sec.presses("Hủy việc")
    await sec.presses("Hủy việc này")
    assert "Đã hủy việc" in sec.text
    assert "đã hủy" in await _last(ctx, an_id)
    clock.set(datetime(2026, 6, 26, 8, 0, tzinfo=VN))
    assert await send_due_reminders(ctx) == 0
    assert len(await _outbox(ctx, an_id)) == before + 2


async def test_reassigning_tells_the_member_taken_off_and_the_one_added(ctx, clock):
    org = await build_org(ctx.uow)
    sec, an, _, _ = _people(ctx, org)
    an_id, binh_id = org.members[1].id, org.members[2].id
    await _assign(sec, "An", "Viết tin", "20/6")
    await sec.presses("Xem việc")
    await sec.presses("Giao lại")
    assert "(đang giao)" in sec.text
    await sec.says("Bình")
    await sec.presses("Giao lại")
    assert "Đã giao lại" in sec.text and "Lê Thị Bình: Chưa nhận" in sec.text
    assert "Nguyễn Văn An" not in sec.text.split("Người nhận:")[1].split("Lịch sử")[0]
    assert "giao cho người khác" in await _last(ctx, an_id)
    assert "Việc được chuyển sang đồng chí" in await _last(ctx, binh_id)
    await _press_sent(an, ctx, an_id, "Nhận việc")  # the old button
    assert "đã được giao cho người khác" in an.text


async def test_the_secretary_sees_tasks_by_status(ctx, clock):
    org = await build_org(ctx.uow)
    sec, an, binh, _ = _people(ctx, org)
    await _assign(sec, "An", "Việc A chưa nhận", "20/6")
    await _assign(sec, "Bình", "Việc B đang làm", "20/6")
    await _press_sent(binh, ctx, org.members[2].id, "Nhận việc")
    await _assign(sec, "An", "Việc C xong", "20/6")
    await _press_sent(an, ctx, org.members[1].id, "Đã hoàn thành")
    await an.presses("Đúng, đã hoàn thành")
    await an.presses("Bỏ qua")
    await _assign(sec, "Bình", "Việc D trễ", "mai 9h")
    clock.set(datetime(2026, 6, 11, 10, 0, tzinfo=VN))
    await sec.says("/congviec")
    for line in ("Chưa nhận: 1", "Đang làm: 1", "Hoàn thành: 1", "Quá hạn: 1"):
        assert line in sec.text
    await sec.presses("Quá hạn (1 việc)")
    assert "Việc D trễ" in sec.text and "Việc A" not in sec.text
    await sec.says("/congviec")
    await sec.presses("Chưa nhận (1 việc)")
    assert "Việc A chưa nhận" in sec.text and "Việc B" not in sec.text


async def test_a_button_from_another_cell_is_not_found_and_logged(ctx, clock):
    org = await build_org(ctx.uow)
    sec, _, _, _ = _people(ctx, org)
    await _assign(sec, "An", "Việc riêng chi bộ 1", "20/6")
    em = Person(ctx, org.accounts[org.other_members[1].id])
    await _press_sent(em, ctx, org.members[1].id, "Nhận việc")  # An's button, pressed by someone else
    assert em.text == "Không tìm thấy."
    card = next(o.token for o in sec.last[0].options if "Xem việc" in o.label)  # the secretary's reply
    await em.presses_token(card)
    assert em.text == "Không tìm thấy."
    async with ctx.uow() as u:
        em_ref = await MemberRepository(u.session).ref(org.other_members[1].id)
        refused = (
            await u.session.scalars(select(AuditEntry).where(AuditEntry.action == "access.refused"))
        ).all()
    assert len(refused) == 2
    assert em_ref is not None
    with pytest.raises(NotFound):  # asking the service directly is refused the same way
        await work.accept_task(ctx, actor=em_ref, task_id=1)


async def test_probationary_and_ordinary_members_cannot_assign(ctx, clock):
    org = await build_org(ctx.uow)
    _, an, _, cuong = _people(ctx, org)
    for person in (an, cuong):
        await person.says("/giaoviec")
        assert "dành cho Bí thư, Phó Bí thư" in person.text
        await person.says("/congviec")
        assert "dành cho Bí thư, Phó Bí thư" in person.text


async def test_a_committee_secretary_chooses_a_cell_below_and_sees_only_its_members(ctx, clock):
    org = await build_org(ctx.uow)
    boss = Person(ctx, org.accounts[org.committee_secretary.id])
    await boss.says("/giaoviec")
    assert "Giao việc cho đơn vị nào?" in boss.text
    await boss.presses("Chi bộ Khu vực 2")
    assert "Đặng Thị Em" in boss.text and "Nguyễn Văn An" not in boss.text
    await boss.says("Em")
    assert "Đã hiểu người nhận: Đặng Thị Em" in boss.text


async def test_a_percentage_out_of_range_is_asked_again_and_nothing_is_sent(ctx, clock):
    org = await build_org(ctx.uow)
    sec, an, _, _ = _people(ctx, org)
    await _assign(sec, "An", "Cập nhật sổ", "20/6")
    before = len(await _outbox(ctx, org.secretary.id))
    await _press_sent(an, ctx, org.members[1].id, "Báo cáo tiến độ")
    await an.says("150")
    assert "từ 0 đến 100" in an.text and "50%" in [o.label for s in an.last for o in s.options]
    assert len(an.last) == 1 and "vui lòng chọn" not in an.text  # one clear reply
    await an.says("Hủy")
    assert len(await _outbox(ctx, org.secretary.id)) == before


async def test_a_deadline_that_cannot_be_read_or_has_passed_is_asked_again(ctx, clock):
    org = await build_org(ctx.uow)
    sec, _, _, _ = _people(ctx, org)
    await sec.says("/giaoviec")
    await sec.says("An")
    await sec.says("Kiểm tra hồ sơ")
    await sec.says("Đối chiếu danh sách")
    await sec.says("32/13")
    assert "Ngày «32/13» không có trên lịch" in sec.text
    await sec.says("việc gấp")
    assert "Chưa hiểu hạn «việc gấp»" in sec.text and "Hạn hoàn thành?" in sec.text
    await sec.says("9/6")
    assert "Thời điểm hôm qua 09/06/2026 đã qua rồi" in sec.text
    await sec.says("thứ sáu")
    assert "Nhắc người nhận" in sec.text
    await sec.presses("Chỉ sáng")
    assert "17:00, Thứ Sáu 12/06/2026" in sec.text and "Đối chiếu danh sách" in sec.text
    await sec.presses("Sửa người nhận")  # the summary can be corrected
    await sec.says("An, 99, Lan")
    assert "Không thấy trong danh sách: 99, Lan" in sec.text  # as typed
    await sec.says("1-2")
    assert "Lê Thị Bình, Nguyễn Văn An" in sec.text and "Kiểm tra trước khi giao" in sec.text


async def test_a_reminder_found_late_says_so_and_a_pointless_one_is_dropped(ctx, clock):
    org = await build_org(ctx.uow)
    sec, _, _, _ = _people(ctx, org)
    an_id = org.members[1].id
    await _assign(sec, "An", "Nộp biên bản", "20/6")
    clock.set(datetime(2026, 6, 19, 18, 0, tzinfo=VN))  # the service was down since before the 17/6 reminder
    assert await send_due_reminders(ctx) == 1  # 17/6 is superseded by 19/6: one reminder, marked late
    assert (await _last(ctx, an_id)).startswith("(nhắc muộn)")
    clock.set(datetime(2026, 6, 22, 8, 0, tzinfo=VN))  # down again past the deadline: no «before» reminder
    assert await send_due_reminders(ctx) == 2  # overdue to An, escalation to the secretary, both late
    assert "(nhắc muộn)" in await _last(ctx, an_id) and "quá hạn" in await _last(ctx, an_id)
    assert "Nhắc việc" not in await _last(ctx, an_id)
    assert "quá hạn 1 ngày 15 giờ" in await _last(ctx, org.secretary.id)  # the real delay, not «1 ngày»


async def test_a_task_from_a_meeting_carries_a_document_and_the_links_can_be_corrected(ctx, clock):
    org = await build_org(ctx.uow)
    sec, an, _, _ = _people(ctx, org)
    async with ctx.uow() as u:
        await make_meeting(u.session, unit=org.cell, starts_at=datetime(2026, 6, 8, 7, 30, tzinfo=VN))
        await u.commit()
        actor = await MemberRepository(u.session).ref(org.secretary.id)
    assert actor is not None
    upload = await library.receive_file(ctx, actor=actor, file_name="Kế hoạch.pdf", data=b"%PDF-1.4 kh")
    draft = DocumentDraft(upload.draft.sha256, "Kế hoạch.pdf", title="Kế hoạch công tác tháng 6")
    await library.add_document(ctx, actor=actor, draft=draft, unit_id=org.cell.id)
    await sec.says("/giaoviec")
    await sec.says("An")
    await sec.says("Triển khai kế hoạch")
    await sec.presses("Bỏ qua")
    await sec.says("20/6")
    assert "Việc này từ cuộc họp nào" in sec.text
    await sec.presses("Sinh hoạt")
    assert "Kèm tài liệu nào?" in sec.text
    await sec.presses("Kế hoạch công tác tháng 6")
    await sec.presses("Trước 3 ngày")
    assert "Từ cuộc họp: Sinh hoạt" in sec.text and "📄 Tài liệu: Kế hoạch công tác tháng 6" in sec.text
    await sec.presses("Sửa cuộc họp, tài liệu")
    await sec.presses("Không gắn cuộc họp")
    await sec.presses("Kế hoạch công tác tháng 6")
    assert "Từ cuộc họp" not in sec.text and "📄 Tài liệu: Kế hoạch công tác tháng 6" in sec.text
    await sec.presses("Giao việc")
    await _press_sent(an, ctx, org.members[1].id, "Xem tài liệu")
    assert an.last[0].attachment is not None and an.last[0].attachment["document_id"]


@pytest.mark.parametrize(
    ("typed", "chosen", "unknown"),
    [
        ("1, 3, 5", [0, 2, 4], []),
        ("1-3", [0, 1, 2], []),
        ("2 4", [1, 3], []),
        ("an và binh", [1, 0], []),
        ("Tất cả", [0, 1, 2, 3, 4], []),
        ("7, Lan", [], ["7", "Lan"]),
    ],
)
def test_people_are_chosen_by_numbers_ranges_or_names(typed, chosen, unknown):
    names = ["Lê Thị Bình", "Nguyễn Văn An", "Phạm Văn Cường", "Trần Thị Bí Thư", "Võ Văn Dũng"]
    found = rules.select_people(typed, names)
    assert (found.chosen, found.unknown) == (chosen, unknown)


def test_a_name_shared_by_two_is_asked_back():
    found = rules.select_people("An", ["Nguyễn Văn An", "Lê Thị An", "Phạm Bình"])
    assert found.ambiguous == [("An", [0, 1])]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("20/12", "17:00, Chủ nhật 20/12/2026"),
        ("20/12 17h", "17:00, Chủ nhật 20/12/2026"),
        ("9h30 thứ sáu", "09:30, Thứ Sáu 12/06/2026"),
        ("cuối tháng", "17:00, Thứ Ba 30/06/2026"),
        ("3 ngày nữa", "17:00, Thứ Bảy 13/06/2026"),
        ("1 tuần nữa", "17:00, Thứ Tư 17/06/2026"),
        ("trước 15/6 lúc 8h", "08:00, Thứ Hai 15/06/2026"),
        ("mai", "17:00, Thứ Năm 11/06/2026"),
        ("cuối tuần", "17:00, Thứ Bảy 13/06/2026"),
        ("đầu tuần sau", "17:00, Thứ Hai 15/06/2026"),
        ("cuối tháng sau", "17:00, Thứ Sáu 31/07/2026"),
        ("ngày 20", "17:00, Thứ Bảy 20/06/2026"),
        ("tối nay 9h", "21:00, Thứ Tư 10/06/2026"),
        ("trưa mai", "12:00, Thứ Năm 11/06/2026"),
        ("mai 15h", "15:00, Thứ Năm 11/06/2026"),
    ],
)
async def test_deadlines_are_read_by_the_calendars_parser(ctx, clock, typed, shown):
    org = await build_org(ctx.uow)
    sec, _, _, _ = _people(ctx, org)
    await sec.says("/giaoviec")
    await sec.says("An")
    await sec.says("Kiểm tra hồ sơ")
    await sec.presses("Bỏ qua")
    await sec.says(typed)
    assert "Nhắc người nhận" in sec.text, sec.text
    await sec.presses("Chỉ sáng")
    assert shown in sec.text


async def test_a_deadline_that_needs_a_guess_is_asked_back_never_guessed(ctx, clock):
    org = await build_org(ctx.uow)
    sec, _, _, _ = _people(ctx, org)
    await sec.says("/giaoviec")
    await sec.says("An")
    await sec.says("Kiểm tra hồ sơ")
    await sec.presses("Bỏ qua")
    await sec.says("mai 3 giờ")
    assert "03:00 sáng hay 15:00 chiều" in sec.text and "Nhắc người nhận" not in sec.text
    await sec.says("31/4")
    assert "Ngày «31/4» không có trên lịch" in sec.text
    await sec.says("mai 15h")
    assert "Nhắc người nhận" in sec.text
