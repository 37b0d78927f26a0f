"""A real meeting cycle over HTTP: the aiogram bot polling the Telegram emulator."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import select

from core.documents import library
from core.documents.library import DocumentDraft
from core.invites.service import issue_invites
from core.meetings.models import Rsvp
from core.members.repository import MemberRepository
from tests.conftest import VN
from tests.e2e.harness import Harness, last_with_buttons, texts
from tests.org_fixture import build_org

BASE_ID = 7_200_000_000
RESOLUTION = "Nghị quyết Đại hội Đảng bộ lần thứ XIV"


async def _join_all(h: Harness, uow) -> tuple[object, dict[str, int]]:  # type: ignore[no-untyped-def]
    """Every member of the test organisation joins with their own code, as in a cell meeting."""
    org = await build_org(uow, join=False)
    ids: dict[str, int] = {}
    for index, row in enumerate(await issue_invites(h.ctx.uow(), h.clock, unit_code=None, ttl_days=30)):
        ids[row.full_name] = BASE_ID + index
        await h.say(ids[row.full_name], f"/start {row.code}")
    return org, ids


async def _schedule(h: Harness, secretary: int) -> None:
    await h.say(secretary, "/hop")
    kinds = h.tg.messages_to(secretary)[-1]
    got = await h.press(secretary, kinds, "Sinh hoạt định kỳ")
    assert "Nhập ngày họp" in texts(got)
    shown = h.tg.current_message(secretary, kinds["message_id"])
    assert shown is not None and not shown.get("reply_markup")  # answered: its buttons are gone
    await h.say(secretary, "15/6")
    got = await h.say(secretary, "7 giờ 30")
    got = await h.press(secretary, last_with_buttons(got), "90 phút")
    await h.say(secretary, "Phòng họp <số 2> & hội trường")
    got = await h.say(secretary, "Kiểm điểm công tác tháng 5")
    assert "07:30, Thứ Hai 15/06/2026" in texts(got)
    got = await h.press(secretary, last_with_buttons(got), "✅ Gửi thông báo")
    assert "Đã lên lịch họp" in texts(got)


async def test_meeting_cycle_when_secretary_schedules_and_members_answer(h: Harness, uow):
    org, ids = await _join_all(h, uow)
    secretary = ids["Trần Thị Bí Thư"]
    await _schedule(h, secretary)
    await h.deliver()
    for name in ("Trần Thị Bí Thư", "Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường", "Võ Văn Dũng"):
        notice = h.tg.messages_to(ids[name])[-1]
        assert "THÔNG BÁO HỌP" in notice["text"]
        assert "Phòng họp <số 2> & hội trường" in notice["text"]
        assert "&lt;số 2&gt; &amp; hội trường" in notice["html"]
    copy = h.tg.messages_to(ids["Huỳnh Văn Đảng Ủy"])[-1]
    assert "Bản sao gửi cấp ủy cấp trên" in copy["text"] and copy["reply_markup"] is None
    assert "THÔNG BÁO HỌP" not in texts(h.tg.messages_to(ids["Đặng Thị Em"]))

    an = ids["Nguyễn Văn An"]
    got = await h.press(an, h.tg.messages_to(an)[-1], "🚫 Vắng (có lý do)")
    assert "lý do vắng mặt" in texts(got)
    got = await h.say(an, "Đi khám bệnh ở Cần Thơ")
    assert "vắng mặt" in texts(got)
    binh = ids["Lê Thị Bình"]
    notice = h.tg.messages_to(binh)[-1]
    await h.press(binh, notice, "✅ Tham dự")
    kept = h.tg.current_message(binh, notice["message_id"])
    assert kept is not None and kept.get("reply_markup")  # a notice keeps its buttons: answers can change
    async with uow() as u:
        answers = {
            r.member_id: (r.answer, r.reason) for r in (await u.session.execute(select(Rsvp))).scalars()
        }
    assert answers[org.members[1].id] == ("absent", "Đi khám bệnh ở Cần Thơ")
    assert answers[org.members[2].id] == ("attend", None)

    got = await h.say(secretary, "/theodoi")
    got = await h.press(
        secretary,
        last_with_buttons(got),
        last_with_buttons(got)["reply_markup"]["inline_keyboard"][0][0]["text"],
    )
    status = texts(got)
    assert "Tham dự (1): Lê Thị Bình" in status
    assert "Vắng (1): Nguyễn Văn An (Đi khám bệnh ở Cần Thơ)" in status
    assert "Chưa trả lời (3)" in status


@pytest.fixture
def server_in_new_york() -> Iterator[None]:
    """The process's local time zone is New York for the test (and restored after)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.usefixtures("server_in_new_york")
async def test_reminders_fire_at_vietnam_time_whatever_the_server_zone(h: Harness, uow):
    assert time.strftime("%Z") in ("EST", "EDT")
    _org, ids = await _join_all(h, uow)
    await _schedule(h, ids["Trần Thị Bí Thư"])
    await h.deliver()
    binh = ids["Lê Thị Bình"]
    before = len(h.tg.messages_to(binh))
    h.clock.set(datetime(2026, 6, 14, 7, 29, tzinfo=VN))
    assert await h.run_reminders() == 0
    h.clock.set(datetime(2026, 6, 14, 7, 30, tzinfo=VN))
    assert await h.run_reminders() == 1
    await h.deliver()
    reminder = h.tg.messages_to(binh)[before]
    assert "ngày mai họp" in reminder["text"] and "07:30, Thứ Hai 15/06/2026" in reminder["text"]
    h.clock.set(datetime(2026, 6, 15, 6, 45, tzinfo=VN))  # service was down at 06:30
    assert await h.run_reminders() == 1
    await h.deliver()
    assert "nhắc muộn" in h.tg.messages_to(binh)[-1]["text"]
    assert await h.run_reminders() == 0


async def test_reschedule_and_cancel_reach_every_member(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    secretary = ids["Trần Thị Bí Thư"]
    await _schedule(h, secretary)
    await h.deliver()
    got = await h.say(secretary, "/theodoi")
    got = await h.press(
        secretary,
        last_with_buttons(got),
        last_with_buttons(got)["reply_markup"]["inline_keyboard"][0][0]["text"],
    )
    got = await h.press(secretary, last_with_buttons(got), "🕑 Dời lịch")
    await h.say(secretary, "16/6")
    got = await h.say(secretary, "14:00")
    assert "16:00" not in texts(got) and "14:00, Thứ Ba 16/06/2026" in texts(got)
    got = await h.press(secretary, last_with_buttons(got), "✅ Dời lịch")
    assert "Đã dời lịch" in texts(got)
    await h.deliver()
    assert "DỜI LỊCH HỌP" in h.tg.messages_to(ids["Võ Văn Dũng"])[-1]["text"]
    got = await h.press(secretary, last_with_buttons(got), "📋 Theo dõi")
    got = await h.press(secretary, last_with_buttons(got), "❌ Hủy cuộc họp")
    got = await h.press(secretary, last_with_buttons(got), "Có, hủy cuộc họp")
    await h.deliver()
    for name in ("Nguyễn Văn An", "Võ Văn Dũng"):
        assert "HỦY CUỘC HỌP" in h.tg.messages_to(ids[name])[-1]["text"]
    an = ids["Nguyễn Văn An"]
    notice = next(m for m in h.tg.messages_to(an) if "THÔNG BÁO HỌP" in m["text"])
    got = await h.press(an, notice, "✅ Tham dự")
    assert "đã bị hủy" in texts(got)


async def test_blocked_member_is_reported_unreachable_and_429_is_honoured(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    secretary = ids["Trần Thị Bí Thư"]
    h.tg.user_blocks_bot(ids["Phạm Văn Cường"])
    await h.settle()
    await _schedule(h, secretary)
    h.tg.fail_next("sendMessage", count=1, retry_after=1)
    calls_before = len(h.tg.calls)
    await h.deliver()
    assert "THÔNG BÁO HỌP" in h.tg.messages_to(ids["Võ Văn Dũng"])[-1]["text"]
    sends = [c for c in h.tg.calls[calls_before:] if c[0] == "sendMessage"]
    first = sends[0][1]["chat_id"]
    assert [c[1]["chat_id"] for c in sends].count(first) == 2  # refused with 429, then sent again
    assert len(sends) == 6  # 4 reachable members + the superior's copy + the refused attempt
    for name in ("Trần Thị Bí Thư", "Nguyễn Văn An", "Lê Thị Bình", "Võ Văn Dũng"):
        assert "THÔNG BÁO HỌP" in texts(h.tg.messages_to(ids[name])), name
    assert "THÔNG BÁO HỌP" not in texts(h.tg.messages_to(ids["Phạm Văn Cường"]))
    h.tg.user_unblocks_bot(ids["Phạm Văn Cường"])  # back again: what missed him still arrives
    await h.settle()
    await h.deliver()
    assert "THÔNG BÁO HỌP" in texts(h.tg.messages_to(ids["Phạm Văn Cường"]))
    h.tg.user_blocks_bot(ids["Phạm Văn Cường"])
    await h.settle()
    got = await h.say(secretary, "/theodoi")
    got = await h.press(
        secretary,
        last_with_buttons(got),
        last_with_buttons(got)["reply_markup"]["inline_keyboard"][0][0]["text"],
    )
    assert "đã chặn bot (1): Phạm Văn Cường" in texts(got)


async def test_forged_button_cannot_answer_for_another_cell(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    await _schedule(h, ids["Trần Thị Bí Thư"])
    await h.deliver()
    notice = h.tg.messages_to(ids["Lê Thị Bình"])[-1]
    token = notice["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    em = ids["Đặng Thị Em"]
    h.new_messages(em)
    h.tg.user_presses_data(em, notice, token)
    await h.settle()
    assert "Không tìm thấy" in texts(h.new_messages(em))  # someone else's button: refused, logged
    h.tg.user_presses_data(em, notice, "meeting:1:attend")
    await h.settle()
    assert "hết hiệu lực" in texts(h.new_messages(em))
    async with uow() as u:
        assert (await u.session.execute(select(Rsvp))).first() is None


async def test_direct_reply_waits_out_a_429_when_flood_control_hits(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    h.tg.fail_next("sendMessage", count=1, retry_after=1)
    got = await h.say(ids["Lê Thị Bình"], "/lich")
    assert "chưa có cuộc họp" in texts(got)


async def test_papers_picked_in_hop_come_with_the_one_notice_and_open_from_it(h: Harness, uow):
    org, ids = await _join_all(h, uow)
    async with uow() as u:
        committee = await MemberRepository(u.session).ref(org.committee_secretary.id)  # type: ignore[attr-defined]
    assert committee is not None
    for title, number in ((RESOLUTION, "01-NQ/ĐU"), ("Kế hoạch học tập", "05-KH/ĐU")):
        data = b"%PDF-1.4\n% " + title.encode() + b"\n%%EOF\n"
        upload = await library.receive_file(h.ctx, actor=committee, file_name="vb.pdf", data=data)
        draft = DocumentDraft(upload.draft.sha256, "vb.pdf", title=title, number=number)
        await library.add_document(h.ctx, actor=committee, draft=draft, unit_id=org.party_committee.id)  # type: ignore[attr-defined]
    secretary = ids["Trần Thị Bí Thư"]
    await h.say(secretary, "/hop")
    await h.press(secretary, h.tg.messages_to(secretary)[-1], "Sinh hoạt định kỳ")
    await h.say(secretary, "15/6")
    got = await h.say(secretary, "7 giờ 30")
    got = await h.press(secretary, last_with_buttons(got), "90 phút")
    await h.say(secretary, "Hội trường")
    got = await h.say(secretary, "Học tập nghị quyết")
    got = await h.press(secretary, last_with_buttons(got), "📎 Kèm tài liệu họp")
    got = await h.press(secretary, last_with_buttons(got), f"▫️ 01-NQ/ĐU · {RESOLUTION}")
    got = await h.press(secretary, last_with_buttons(got), "▫️ 05-KH/ĐU · Kế hoạch học tập")
    assert "đã chọn 2" in texts(got)
    got = await h.press(secretary, last_with_buttons(got), "✔️ Xong")
    assert f"1. 01-NQ/ĐU · {RESOLUTION}\n2. 05-KH/ĐU · Kế hoạch học tập" in texts(got)
    got = await h.press(secretary, last_with_buttons(got), "✅ Gửi thông báo")
    assert "Đã lên lịch họp" in texts(got)
    await h.deliver()

    binh = ids["Lê Thị Bình"]
    received = h.tg.messages_to(binh)
    assert not any("Tài liệu mới" in m["text"] for m in received)
    notice = received[-1]
    assert "THÔNG BÁO HỌP" in notice["text"] and "2. 05-KH/ĐU · Kế hoạch học tập" in notice["text"]
    got = await h.press(binh, notice, "📎 Xem tài liệu họp")
    assert "Tài liệu cuộc họp" in texts(got) and "Kế hoạch học tập" in texts(got)
    got = await h.press(binh, last_with_buttons(got), "📄 2. 05-KH/ĐU · Kế hoạch học tập")
    sent = [m for m in got if m["method"] == "sendDocument"]
    assert len(sent) == 1 and "Kế hoạch học tập" in sent[0]["text"]  # the file itself, with its title
