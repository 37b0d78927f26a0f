"""What the secretary and the assignees read about a task: who cannot be reached, counts, wording."""

from __future__ import annotations

from datetime import datetime

from core.texts.vi_calendar import CALENDAR
from core.texts.vi_tasks import TASKS
from core.texts.vi_when import WHEN
from scheduler.jobs import send_due_reminders
from tests.chat_helpers import Person
from tests.conftest import VN
from tests.core.test_tasks import _assign, _last, _people, _press_sent
from tests.factories import make_member
from tests.org_fixture import build_org


async def _add_members(ctx, org, *names: str) -> list[int]:
    """Members of the cell who never joined the chat (no account)."""
    async with ctx.uow() as u:
        ids = [(await make_member(u.session, unit=org.cell, full_name=name)).id for name in names]
        await u.commit()
    return ids


async def test_an_assignee_who_never_joined_is_named_at_assignment_and_on_the_card_when_assigning(ctx, clock):
    org = await build_org(ctx.uow)
    await _add_members(ctx, org, "Đỗ Thị Lan")
    sec, _, _, _ = _people(ctx, org)
    await sec.says("/giaoviec")
    await sec.says("An, Lan")
    warning = "Chưa tham gia Sổ tay, sẽ không nhận được việc trong chat: Đỗ Thị Lan."
    assert warning in sec.text and "Nguyễn Văn An." not in sec.text
    await sec.says("Kiểm kê tài sản")
    await sec.presses("Bỏ qua")
    await sec.says("20/6")
    await sec.presses("Chỉ sáng")
    assert "Kiểm tra trước khi giao" in sec.text and warning in sec.text  # the confirmation
    await sec.presses("Giao việc")
    assert "Đã giao việc" in sec.text
    assert "Chưa gửi được cho Đỗ Thị Lan: chưa tham gia Sổ tay" in sec.text  # the result
    await sec.presses("Xem việc")
    assert "• Đỗ Thị Lan: Chưa nhận — 📵 chưa tham gia Sổ tay, không nhận được việc trong chat" in sec.text
    assert "• Nguyễn Văn An: Chưa nhận\n" in sec.text  # joined: nothing said


async def test_follow_up_counts_each_assignee_and_lists_who_when_one_of_two_has_not_accepted(ctx, clock):
    org = await build_org(ctx.uow)
    sec, _, binh, _ = _people(ctx, org)
    await _assign(sec, "An, Bình", "Chuẩn bị hội nghị", "20/6")
    await _press_sent(binh, ctx, org.members[2].id, "Nhận việc")
    await sec.says("/congviec")
    assert "Công việc — Chi bộ Khu vực 1 (1 việc đang theo dõi)" in sec.text
    assert "Theo người nhận (mỗi việc tính riêng):" in sec.text
    assert "• Chưa nhận: 1 người, ở 1 việc" in sec.text and "• Đang làm: 1 người, ở 1 việc" in sec.text
    assert "• Hoàn thành: 0" in sec.text
    await sec.presses("Chưa nhận (1 việc)")
    assert "1. Chuẩn bị hội nghị — hạn 17:00, Thứ Bảy 20/06/2026 — Nguyễn Văn An" in sec.text
    assert "Lê Thị Bình" not in sec.text


async def test_a_name_several_share_names_the_members_not_the_typed_text_when_assigning(ctx, clock):
    org = await build_org(ctx.uow)
    await _add_members(ctx, org, "Trần Văn Hùng", "Đỗ Mạnh Hùng")
    sec, _, _, _ = _people(ctx, org)
    await sec.says("/giaoviec")
    await sec.says("hung")
    assert "Có nhiều người trùng tên:" in sec.text
    assert (
        "Đỗ Mạnh Hùng" in sec.text.split("trùng tên:")[1]
        and "Trần Văn Hùng" in sec.text.split("trùng tên:")[1]
    )
    assert "«hung»" not in sec.text


async def test_a_title_too_long_is_counted_in_characters_when_assigning(ctx, clock):
    org = await build_org(ctx.uow)
    sec, _, _, _ = _people(ctx, org)
    await sec.says("/giaoviec")
    await sec.says("An")
    await sec.says("Việc " * 70)
    assert "không quá 300 ký tự" in sec.text and " chữ" not in sec.text


async def test_the_notice_says_unit_and_giver_once_and_the_member_screen_reads_naturally_when_assigned(
    ctx, clock
):
    org = await build_org(ctx.uow)
    sec, an, _, _ = _people(ctx, org)
    an_id = org.members[1].id
    await _assign(sec, "An", "Viết tin hoạt động", "20/6")
    notice = await _last(ctx, an_id)
    assert notice.count("Chi bộ Khu vực 1") == 1 and notice.count("Trần Thị Bí Thư") == 1
    assert notice.count("📌") == 1 and notice.startswith("🆕 Việc mới\n📌 Viết tin hoạt động")
    got = await _press_sent(an, ctx, an_id, "Nhận việc")
    assert "Tình trạng: Đang làm" in got and "Đồng chí: " not in got


async def test_a_done_report_reads_with_a_separator_on_the_card_when_a_note_is_given(ctx, clock):
    org = await build_org(ctx.uow)
    sec, _, binh, _ = _people(ctx, org)
    await _assign(sec, "Bình", "Nộp bản thảo", "20/6")
    await _press_sent(binh, ctx, org.members[2].id, "Đã hoàn thành")
    assert "Báo hoàn thành việc «Nộp bản thảo»?" in binh.text  # asked once more
    await binh.presses("Đúng, đã hoàn thành")
    await binh.says("Đã gửi bản thảo")
    await _press_sent(sec, ctx, org.secretary.id, "Xem việc")
    assert "Lê Thị Bình: Hoàn thành — Đã gửi bản thảo" in sec.text


async def test_a_reminder_says_the_deadline_once_when_it_is_due(ctx, clock):
    org = await build_org(ctx.uow)
    sec, _, _, _ = _people(ctx, org)
    an_id = org.members[1].id
    await _assign(sec, "An", "Thu đảng phí", "20/6")
    clock.set(datetime(2026, 6, 17, 17, 0, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1
    reminder = await _last(ctx, an_id)
    assert reminder.startswith("🔔 Nhắc việc: còn 3 ngày đến hạn.")
    assert reminder.count("20/06/2026") == 1 and "⏰ Hạn: 17:00, Thứ Bảy 20/06/2026" in reminder
    clock.set(datetime(2026, 6, 20, 17, 0, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1
    assert (await _last(ctx, an_id)).count("20/06/2026") == 1  # the overdue notice too


def test_no_text_of_tasks_or_the_calendar_says_bam_when_read():
    for catalogue in (TASKS, CALENDAR, WHEN):
        for key, text in catalogue.items():
            assert "bấm" not in text.lower(), key


async def test_calendar_screens_write_weekdays_as_task_screens_do_when_listed(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("thứ hai 8h giao ban")
    assert "Thứ Hai 15/06/2026" in an.text and "thứ hai" not in an.text
