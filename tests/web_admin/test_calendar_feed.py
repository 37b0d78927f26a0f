"""The private .ics link as a phone calendar app fetches it: over HTTP, until renewed or turned off."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta

import httpx
import pytest
from icalendar import Calendar

from core.context import Context
from tests.chat_helpers import Person
from tests.conftest import VN
from tests.factories import make_meeting
from tests.org_fixture import build_org
from web_admin.app import create_app


@pytest.fixture
async def web(ctx: Context) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(ctx, secret_key="khoa-bi-mat-cho-kiem-thu")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http


def _path(chat_text: str) -> str:
    return "/lich/" + chat_text.split("/lich/")[1].split(".ics")[0] + ".ics"


async def test_the_link_serves_meetings_and_entries_until_renewed_then_not_found(ctx, web):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        await make_meeting(u.session, unit=org.cell, starts_at=datetime(2026, 6, 15, 14, 0, tzinfo=VN))
        await u.commit()
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("ngày 15 hằng tháng 8h nộp đảng phí")
    await an.presses("Lưu")
    await an.says("/lichrieng")
    await an.presses(".ics")
    first = _path(an.text)
    got = await web.get(first)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/calendar")
    events = {str(e["summary"]): e for e in Calendar.from_ical(got.content).walk("VEVENT")}
    assert set(events) == {"Nộp đảng phí", "Họp: Sinh hoạt định kỳ"}
    assert events["Nộp đảng phí"]["rrule"]["FREQ"] == ["MONTHLY"]
    meeting = events["Họp: Sinh hoạt định kỳ"]
    assert meeting.decoded("dtstart") == datetime(2026, 6, 15, 14, 0, tzinfo=VN)
    assert meeting.decoded("dtend") == datetime(2026, 6, 15, 15, 30, tzinfo=VN)  # its 90 minutes
    await an.says("/lichrieng")
    await an.presses(".ics")
    await an.presses("Tạo liên kết mới")
    second = _path(an.text)
    assert (await web.get(first)).status_code == 404  # the old link no longer works
    assert (await web.get(second)).status_code == 200
    await an.presses("Tắt liên kết")
    gone = await web.get(second)
    assert gone.status_code == 404 and "Không tìm thấy lịch" in gone.text
    binh = Person(ctx, org.accounts[org.members[2].id])
    await binh.says("/lichrieng")
    await binh.presses(".ics")
    theirs = Calendar.from_ical((await web.get(_path(binh.text))).content)
    events = [str(e["summary"]) for e in theirs.walk("VEVENT")]
    assert events == ["Họp: Sinh hoạt định kỳ"]  # the same meeting; an's own entries stay an's


async def test_every_event_has_an_end_a_unique_stable_uid_and_entries_their_reminder(ctx, web):
    org = await build_org(ctx.uow)
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("mai 8h họp tổ")
    await an.presses("Lưu")
    await an.says("thứ sáu trực cơ quan")
    await an.presses("Lưu")
    sec = Person(ctx, org.accounts[org.secretary.id])
    for step in ("/giaoviec", "An", "Kiểm tra hồ sơ"):
        await sec.says(step)
    await sec.presses("Bỏ qua")
    await sec.says("20/6 17h")
    await sec.presses("Chỉ sáng")
    await sec.presses("Giao việc")
    await an.says("/lichrieng")
    await an.presses(".ics")
    first, again = (await web.get(_path(an.text))).content, (await web.get(_path(an.text))).content
    events = {str(e["summary"]): e for e in Calendar.from_ical(first).walk("VEVENT")}
    meeting = events["Họp tổ"]
    assert meeting.decoded("dtend") == datetime(2026, 6, 11, 9, 0, tzinfo=VN)  # an hour by default
    alarms = meeting.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("trigger") == -timedelta(minutes=30)
    all_day = events["Trực cơ quan"]
    assert all_day.decoded("dtend") == date(2026, 6, 13) and all_day.decoded("dtstart") == date(2026, 6, 12)
    assert all_day.walk("VALARM")[0].decoded("trigger") == timedelta(hours=7)  # 07:00 that day
    task = events["Hạn công việc: Kiểm tra hồ sơ"]
    assert task.decoded("dtend") - task.decoded("dtstart") == timedelta(minutes=15)
    uids = [str(e["uid"]) for e in Calendar.from_ical(first).walk("VEVENT")]
    assert uids == [str(e["uid"]) for e in Calendar.from_ical(again).walk("VEVENT")]  # stable
    assert all(not uid.endswith("-1@sotay") and "@" in uid and len(uid.split("@")[0]) > 20 for uid in uids)


async def test_meetings_and_task_deadlines_carry_the_alarms_the_chat_reminds_at_when_subscribed(ctx, web):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        await make_meeting(u.session, unit=org.cell, starts_at=datetime(2026, 6, 15, 14, 0, tzinfo=VN))
        await u.commit()
    sec = Person(ctx, org.accounts[org.secretary.id])
    for step in ("/giaoviec", "An", "Kiểm tra hồ sơ"):
        await sec.says(step)
    await sec.presses("Bỏ qua")
    await sec.says("20/6 17h")
    await sec.presses("Không gắn cuộc họp")
    await sec.presses("Trước 3 ngày, 1 ngày")  # the default plan
    await sec.presses("Giao việc")
    for step in ("/giaoviec", "An", "Viết tin"):
        await sec.says(step)
    await sec.presses("Bỏ qua")
    await sec.says("22/6 17h")
    await sec.presses("Không gắn cuộc họp")
    await sec.presses("Không nhắc trước")
    await sec.presses("Giao việc")
    an = Person(ctx, org.accounts[org.members[1].id])
    await an.says("/lichrieng")
    await an.presses(".ics")
    events = {
        str(e["summary"]): e
        for e in Calendar.from_ical((await web.get(_path(an.text))).content).walk("VEVENT")
    }

    def triggers(summary: str) -> list[timedelta]:
        return sorted(alarm.decoded("trigger") for alarm in events[summary].walk("VALARM"))

    assert triggers("Họp: Sinh hoạt định kỳ") == [-timedelta(hours=24), -timedelta(hours=1)]
    # 3 days and 1 day before 17:00, and 07:00 on the day: 10 hours before
    assert triggers("Hạn công việc: Kiểm tra hồ sơ") == [
        -timedelta(days=3),
        -timedelta(days=1),
        -timedelta(hours=10),
    ]
    assert triggers("Hạn công việc: Viết tin") == []  # no reminders chosen, none in the app either
    alarm = events["Họp: Sinh hoạt định kỳ"].walk("VALARM")[0]
    assert str(alarm["action"]) == "DISPLAY" and str(alarm["description"]) == "Họp: Sinh hoạt định kỳ"
