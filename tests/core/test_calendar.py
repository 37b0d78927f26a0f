"""The personal calendar through the conversation engine: free text → confirmation → reminder rows."""

from __future__ import annotations

import os
import time as systime
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from core.outbox.models import OutboxMessage
from core.texts import from_json, plain_text
from scheduler.jobs import send_due_reminders
from tests.chat_helpers import Person
from tests.factories import make_meeting
from tests.org_fixture import build_org

VN = ZoneInfo("Asia/Ho_Chi_Minh")  # the clock fixture starts on Wednesday 10/06/2026 08:00 here


async def _sent(ctx, kind: str) -> list[tuple[int, str]]:
    async with ctx.uow() as u:
        rows = (
            await u.session.scalars(
                select(OutboxMessage).where(OutboxMessage.subject_kind == kind).order_by(OutboxMessage.id)
            )
        ).all()
    return [(r.member_id, plain_text(from_json(r.payload["text"]))) for r in rows]


@pytest.fixture
def server_elsewhere():
    """The server's own time zone must not matter: run as if it were in New York."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    systime.tzset()
    yield
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    systime.tzset()


async def test_an_entry_in_own_words_is_confirmed_then_reminded_once_at_vietnam_time(
    ctx, clock, server_elsewhere
):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("nhắc tôi 7h30 sáng thứ sáu họp giao ban")
    assert "Họp giao ban" in an.text and "Thứ Sáu 12/06/2026" in an.text and "07:30" in an.text
    assert "đúng giờ" in an.text
    await an.presses("Lưu")
    assert "Đã ghi vào lịch" in an.text
    clock.set(datetime(2026, 6, 12, 7, 29, tzinfo=VN))
    assert await send_due_reminders(ctx) == 0
    clock.set(datetime(2026, 6, 12, 7, 30, 5, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1
    assert await send_due_reminders(ctx) == 0  # claimed once
    sent = await _sent(ctx, "calendar_entry")
    assert len(sent) == 1 and sent[0][0] == org.members[1].id
    assert "Họp giao ban" in sent[0][1] and "07:30" in sent[0][1] and "nhắc muộn" not in sent[0][1]


async def test_an_unclear_time_gets_a_question_and_nothing_is_saved(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("/nhac")
    await an.says("mai 3 giờ họp tổ")
    assert "15:00" in an.text and "03:00" in an.text  # asks which one
    await an.says("31/4 8h tiếp dân")
    assert "31/4" in an.text
    await an.says("/lichrieng")
    assert "Chưa có lịch" in an.text


async def test_a_weekly_entry_repeats_and_a_deleted_one_can_be_brought_back(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("thứ 2 hằng tuần 8h giao ban")
    assert "hằng tuần" in an.text and "Thứ Hai 15/06/2026" in an.text and "trước 30 phút" in an.text
    await an.presses("Lưu")
    for week in range(2):
        clock.set(datetime(2026, 6, 15, 7, 30, 10, tzinfo=VN) + timedelta(weeks=week))
        assert await send_due_reminders(ctx) == 1
    sent = await _sent(ctx, "calendar_entry")
    assert [("22/06/2026" in text) for _, text in sent] == [False, True]
    await an.says("/lichrieng")
    assert "08:00 Thứ Hai 22/06/2026" in an.text  # today's is still ahead at 07:30
    await an.presses("1.")
    await an.presses("Xóa")
    assert "Hoàn tác" in an.text
    await an.presses("Hoàn tác")  # deleted by mistake
    assert "khôi phục" in an.text
    clock.set(datetime(2026, 6, 29, 7, 31, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1
    await an.says("/lichrieng")
    await an.presses("1.")
    await an.presses("Xóa")
    clock.set(datetime(2026, 7, 6, 7, 31, tzinfo=VN))
    assert await send_due_reminders(ctx) == 0  # deleted: its reminders are gone
    await an.says("/lichrieng")
    assert "Chưa có lịch" in an.text


async def test_moving_an_entry_moves_its_reminder_and_keeps_its_title(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("14/6 15h tiếp dân")
    await an.presses("Lưu")
    await an.presses("Sửa")
    await an.says("16/6 9h")
    assert "Tiếp dân" in an.text and "16/06/2026" in an.text and "09:00" in an.text
    await an.presses("Lưu")
    clock.set(datetime(2026, 6, 14, 14, 31, tzinfo=VN))
    assert await send_due_reminders(ctx) == 0
    clock.set(datetime(2026, 6, 16, 8, 31, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1


async def test_a_missed_reminder_is_late_while_it_matters_and_dropped_after(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("11/6 9h họp tổ dân phố")
    await an.presses("Lưu")
    await an.says("11/6 14h đi công tác huyện")
    await an.presses("Lưu")
    clock.set(datetime(2026, 6, 11, 8, 45, tzinfo=VN))  # down from 08:25: the 08:30 reminder is late
    assert await send_due_reminders(ctx) == 1
    assert "nhắc muộn" in (await _sent(ctx, "calendar_entry"))[0][1]
    clock.set(datetime(2026, 6, 11, 15, 0, tzinfo=VN))  # the 13:30 one: its event has passed
    assert await send_due_reminders(ctx) == 0
    assert len(await _sent(ctx, "calendar_entry")) == 1


async def test_today_lists_meetings_and_entries_in_time_order_and_the_morning_digest(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        await make_meeting(u.session, unit=org.cell, starts_at=datetime(2026, 6, 10, 14, 0, tzinfo=VN))
        await u.commit()
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("hôm nay 17h đón con")
    await an.presses("Lưu")
    await an.says("10/6 9h gặp tổ trưởng")
    await an.presses("Lưu")
    await an.says("hôm nay")
    text = an.text
    assert text.index("09:00") < text.index("14:00") < text.index("17:00")
    assert "Gặp tổ trưởng" in text and "Chi bộ Khu vực 1" in text and "Đón con" in text
    await an.says("/lichrieng")
    await an.presses("Bản tin sáng")
    await an.says("6h15")
    assert "06:15" in an.text
    clock.set(datetime(2026, 6, 11, 6, 15, 30, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1
    clock.set(datetime(2026, 6, 12, 6, 16, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1  # every morning
    digests = await _sent(ctx, "calendar_digest")
    assert "11/06/2026" in digests[0][1] and "12/06/2026" in digests[1][1]


async def test_the_ics_link_shows_the_calendar_until_renewed(ctx, clock):
    from core.calendar import feed
    from core.errors import NotFound

    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("ngày 15 hằng tháng 8h nộp đảng phí")
    await an.presses("Lưu")
    await an.says("/lichrieng")
    await an.presses(".ics")
    secret = an.text.split("/lich/")[1].split(".ics")[0]
    cal = Calendar.from_ical(await feed.feed_ics(ctx, secret))
    events = list(cal.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Nộp đảng phí"]
    assert events[0]["rrule"]["FREQ"] == ["MONTHLY"]
    await an.presses("Tắt liên kết")
    with pytest.raises(NotFound):
        await feed.feed_ics(ctx, secret)


async def test_another_members_entry_is_not_found_and_logged(ctx, clock):
    from core.audit.models import AuditEntry

    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    binh = Person(ctx, org.accounts[org.members[2].id])
    await an.says("mai 8h đi công tác huyện")
    await an.presses("Lưu")
    token = next(o.token for s in an.last for o in s.options if "Xóa" in o.label)
    await binh.presses_token(token)
    assert "Không tìm thấy" in binh.text
    async with ctx.uow() as u:
        stmt = select(AuditEntry).where(AuditEntry.action == "access.refused")
        refused = (await u.session.scalars(stmt)).all()
    assert refused
    await an.says("/lichrieng")
    assert "Đi công tác huyện" in an.text


async def test_two_schedulers_running_at_once_send_a_reminder_once(ctx, clock):
    import asyncio

    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("12/6 10h họp tổ")
    await an.presses("Lưu")
    clock.set(datetime(2026, 6, 12, 9, 30, 1, tzinfo=VN))
    assert sorted(await asyncio.gather(*(send_due_reminders(ctx) for _ in range(3)))) == [0, 0, 1]
    assert len(await _sent(ctx, "calendar_entry")) == 1


async def test_moving_a_repeating_entry_moves_the_whole_series_and_deleting_says_so(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("mỗi tối thứ năm 20h sinh hoạt tổ")
    await an.presses("Lưu")
    await an.presses("Sửa")
    assert "cả chuỗi" in an.text
    await an.says("thứ sáu 21h")
    assert "hằng tuần, vào Thứ Sáu" in an.text and "12/06/2026" in an.text and "21:00" in an.text
    await an.presses("Lưu")
    assert "Đã dời «Sinh hoạt tổ»" in an.text and "Đã ghi vào lịch" not in an.text
    assert "hằng tuần, vào Thứ Sáu" in an.text
    for week in range(2):
        clock.set(datetime(2026, 6, 11, 19, 31, tzinfo=VN) + timedelta(weeks=week))
        assert await send_due_reminders(ctx) == 0  # no longer on Thursdays
        clock.set(datetime(2026, 6, 12, 20, 31, tzinfo=VN) + timedelta(weeks=week))
        assert await send_due_reminders(ctx) == 1
    await an.says("/lichrieng")
    await an.presses("1.")
    await an.presses("Xóa cả chuỗi")
    assert "mọi lần lặp lại (hằng tuần, vào Thứ Sáu)" in an.text


async def test_a_reminder_whose_time_has_passed_is_sent_at_once_and_said_so(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    clock.set(datetime(2026, 6, 10, 17, 8, tzinfo=VN))
    await an.says("17h15 hôm nay kiểm tra")
    await an.presses("Đổi giờ nhắc")
    await an.presses("Trước 1 giờ")
    assert "Nhắc: ngay khi lưu (giờ nhắc «trước 1 giờ» đã qua)" in an.text
    await an.presses("Lưu")
    assert "ngay khi lưu" in an.text
    assert await send_due_reminders(ctx) == 1
    sent = await _sent(ctx, "calendar_entry")
    assert "Kiểm tra — 17:15" in sent[0][1] and "nhắc muộn" not in sent[0][1]
    clock.set(datetime(2026, 6, 10, 17, 4, tzinfo=VN))
    await an.says("hằng ngày 17h30 tập thể dục")
    assert "ngay khi lưu (giờ nhắc «trước 30 phút» đã qua)" in an.text
    await an.presses("Lưu")
    assert await send_due_reminders(ctx) == 1
    await an.says("mai 18h họp tổ")  # an hour ahead: the usual reminder, not «at once»
    assert "trước 30 phút" in an.text and "ngay khi lưu" not in an.text
    clock.set(datetime(2026, 6, 11, 17, 0, 5, tzinfo=VN))
    assert await send_due_reminders(ctx) == 1  # the daily one goes on, tomorrow at 17:00
    assert "17:30 Thứ Năm 11/06/2026" in (await _sent(ctx, "calendar_entry"))[-1][1]


async def test_an_over_long_title_is_refused_when_typed_not_on_saving(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("a" * 600 + " mai 8h")
    assert "không dài quá 300 ký tự" in an.text and "Lưu" not in str(
        [o.label for s in an.last for o in s.options]
    )
    await an.says("mai 8h họp tổ")  # the same step goes on
    assert "Họp tổ" in an.text
    await an.presses("Lưu")
    assert "Đã ghi vào lịch" in an.text


async def test_todays_weekday_is_asked_and_next_years_date_is_offered_not_retyped(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("thứ 4 15h họp")  # a Wednesday at 08:00
    assert "là hôm nay (Thứ Tư 10/06/2026) hay Thứ Tư 17/06/2026" in an.text and "Lưu" not in an.text
    await an.says("tối mai lúc 7 rưỡi họp")
    assert "Việc: Họp" in an.text and "19:30" in an.text
    await an.presses("Hủy")
    clock.set(datetime(2026, 12, 4, 10, 0, tzinfo=VN))
    await an.says("30/4 8h diễu hành")
    assert "đã qua rồi" in an.text and "gõ cả năm" not in an.text
    await an.presses("Ghi vào Thứ Sáu 30/04/2027")
    assert "Việc: Diễu hành" in an.text and "Thứ Sáu 30/04/2027" in an.text
    await an.presses("Lưu")
    assert "Đã ghi vào lịch" in an.text
    await an.says("0h ngày 1/1")
    await an.presses("Ghi vào")
    assert "Việc gì?" in an.text
    await an.says("đón giao thừa")
    assert "Việc: Đón giao thừa" in an.text and "Thứ Sáu 01/01/2027" in an.text and "00:00" in an.text


async def test_a_title_typed_after_the_question_is_capitalised(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("mai 8h")
    assert "chưa rõ việc gì" in an.text
    await an.says("họp tổ")
    assert "Việc: Họp tổ" in an.text


async def test_a_monthly_entry_on_the_31st_says_short_months_have_none(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("ngày 31 hằng tháng 8h nộp báo cáo")
    assert "31/07/2026" in an.text and "tháng nào không có ngày 31 thì tháng đó không có lịch này" in an.text
    await an.says("/huy")
    await an.says("ngày 15 hằng tháng 8h nộp đảng phí")
    assert "ngày 15 hằng tháng" in an.text and "tháng nào không có" not in an.text


async def test_my_entries_mark_a_repeat_and_its_card_shows_the_next_time_when_weeks_have_passed(ctx, clock):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("thứ 2 hằng tuần 8h giao ban")
    await an.presses("Lưu")
    await an.says("20/7 9h họp tổ")
    await an.presses("Lưu")
    clock.set(datetime(2026, 7, 1, 9, 0, tzinfo=VN))  # three weeks on, a Wednesday
    await an.says("/lichrieng")
    assert "1. 08:00 Thứ Hai 06/07/2026 — Giao ban (🔁 hằng tuần, vào Thứ Hai)" in an.text
    assert an.text.endswith("2. 09:00 Thứ Hai 20/07/2026 — Họp tổ")  # a one-off: no marker
    await an.presses("1.")
    assert "Ngày: Thứ Hai 06/07/2026" in an.text and "15/06/2026" not in an.text
    assert "Lặp lại: hằng tuần, vào Thứ Hai" in an.text
