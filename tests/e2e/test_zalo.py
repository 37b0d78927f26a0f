"""Zalo end to end: the same core flows as numbered text, over HTTP against the Zalo emulator."""

from __future__ import annotations

import re
from datetime import datetime

import httpx
from sqlalchemy import select

from core.invites.service import issue_invites
from core.meetings.models import Meeting, Rsvp
from core.members.models import ChatAccount
from core.outbox.models import OutboxMessage
from core.votes.models import Ballot
from tests.conftest import VN
from tests.document_samples import party_docx
from tests.e2e.harness import Harness, last_with_buttons, texts
from tests.e2e.test_meetings_telegram import _schedule
from tests.e2e.zalo_harness import ZaloSide
from web_admin.app import create_app

ON_ZALO = ("Nguyễn Văn An", "Lê Thị Bình", "Đặng Thị Em")
TG_BASE = 7_300_000_000
LINK = re.compile(r"(http://sotay\.test/d/\S+)")


async def _join_mixed(h: Harness, z: ZaloSide, uow) -> tuple[dict[str, int], dict[str, str]]:  # type: ignore[no-untyped-def]
    """Three members join on Zalo by sending their code as a message; the others on Telegram."""
    from tests.org_fixture import build_org

    await build_org(uow, join=False)
    tg: dict[str, int] = {}
    zalo: dict[str, str] = {}
    for index, row in enumerate(await issue_invites(h.ctx.uow(), h.clock, unit_code=None, ttl_days=30)):
        if row.full_name in ON_ZALO:
            zalo[row.full_name] = z.new_user()
            got = await z.say(zalo[row.full_name], row.code.lower())  # typed, in lower case
            assert f"Chào mừng đồng chí {row.full_name}" in got and "Tài khoản Zalo này" in got, got
        else:
            tg[row.full_name] = TG_BASE + index
            await h.say(tg[row.full_name], f"/start {row.code}")
    return tg, zalo


async def test_join_by_sending_the_code_and_clear_answers_before(h: Harness, z: ZaloSide, uow):
    stranger = z.new_user()
    assert "mã mời" in await z.say(stranger, "Xin chào")
    assert "Mã mời không đúng" in await z.say(stranger, "ZZZZ9999")
    z.zl.user_sends_unsupported(stranger)
    await z.settle()
    assert "chỉ đọc được tin nhắn chữ" in "\n".join(z.new_texts(stranger))
    await _join_mixed(h, z, uow)


async def test_menus_are_numbered_and_answered_by_number_or_words(h: Harness, z: ZaloSide, uow):
    _tg, zalo = await _join_mixed(h, z, uow)
    an = zalo["Nguyễn Văn An"]
    menu = await z.say(an, "menu")
    assert "1. 📅 Lịch họp của tôi" in menu and "2. 📚 Tài liệu" in menu and "Trả lời bằng số" in menu
    assert (
        "Không có lựa chọn đó" in await z.say(an, "9") and "1. 📅 Lịch họp của tôi" in z.zl.sent[-1]["text"]
    )
    assert "Chưa có tài liệu nào" in await z.say(an, "2")
    assert "Chọn một mục bên dưới" in await z.say(an, "0")
    assert "chưa có cuộc họp" in (await z.say(an, "lich hop cua toi")).lower()
    await z.say(an, "menu")
    assert "Hướng dẫn sử dụng Sổ tay" in await z.say(an, "huong dan")  # the menu's help item
    assert "Đã ghi nhận" not in await z.say(an, "1")  # a reply without choices: "1" answers nothing old


async def test_notice_rsvp_with_reason_and_reminder_on_zalo(h: Harness, z: ZaloSide, uow):
    tg, zalo = await _join_mixed(h, z, uow)
    await _schedule(h, tg["Trần Thị Bí Thư"])
    await h.deliver()
    an, binh = zalo["Nguyễn Văn An"], zalo["Lê Thị Bình"]
    notice = "\n".join(z.new_texts(an))
    assert "THÔNG BÁO HỌP" in notice and "1. ✅ Tham dự" in notice and "2. 🚫 Vắng (có lý do)" in notice
    assert "Phòng họp <số 2> & hội trường" in notice  # plain text on Zalo: shown as typed
    assert "lý do" in await z.say(an, "2")
    assert "Đi công tác" in await z.say(an, "Đi công tác tỉnh")
    async with uow() as u:
        rsvp = (await u.session.scalars(select(Rsvp))).one()
    assert (rsvp.answer, rsvp.reason) == ("absent", "Đi công tác tỉnh")
    z.new_texts(binh)
    h.clock.set(datetime(2026, 6, 14, 7, 30, tzinfo=VN))
    await h.run_reminders()
    await h.deliver()
    reminded = "\n".join(z.new_texts(binh))
    assert "Nhắc" in reminded or "nhắc" in reminded, reminded
    assert "07:30" in reminded and "1. ✅ Tham dự" in reminded
    assert not [t for t in z.new_texts(an) if "nhắc" in t.lower()]  # absent: not reminded
    assert "tham dự" in (await z.say(binh, "tham du")).lower()  # the option's words, no diacritics
    assert "tham dự" in (await z.say(an, "1")).lower()  # after «vắng + lý do», "1" answers the notice again


async def test_a_document_is_a_signed_link_to_a_page_with_its_summary(h: Harness, z: ZaloSide, uow):
    tg, zalo = await _join_mixed(h, z, uow)
    secretary = tg["Trần Thị Bí Thư"]
    got = await h.say(secretary, "", document={"file_name": "Báo cáo.docx", "content": party_docx()})
    got = await h.press(secretary, last_with_buttons(got), "💾 Lưu")
    assert "Đã lưu tài liệu" in texts(got)
    an = zalo["Nguyễn Văn An"]
    listing = await z.say(an, "/tailieu bao cao")
    assert "1. 01-BC/BCĐ · Báo cáo sơ kết" in listing and "1. 1." not in listing
    card = await z.say(an, "1")
    assert "Tóm tắt" in card and "1. 📄 Nhận tệp" in card
    link = LINK.search(await z.say(an, "1"))
    assert link is not None
    app = create_app(h.ctx, secret_key="khoa-bi-mat-cho-kiem-thu")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sotay.test") as web:
        page = await web.get(link.group(1))
        assert page.status_code == 200 and "Báo cáo sơ kết 05 tháng" in page.text
        file = await web.get(link.group(1) + "/file")
        assert file.content == party_docx()


async def test_long_texts_are_split_in_order_at_the_zalo_limit(h: Harness, z: ZaloSide, uow):
    tg, zalo = await _join_mixed(h, z, uow)
    boss = tg["Huỳnh Văn Đảng Ủy"]
    await h.say(boss, "/thongbao")
    body = "\n".join(f"Dòng {i:03d}: nội dung thông báo dài của Đảng ủy." for i in range(1, 151))
    got = await h.say(boss, body)
    await h.press(boss, last_with_buttons(got), "✅ Gửi")
    await h.deliver()
    parts = z.new_texts(zalo["Đặng Thị Em"])
    assert len(parts) >= 4 and all(len(p) <= 2000 for p in parts)
    joined = "\n".join(parts)
    assert [int(n) for n in re.findall(r"Dòng (\d{3})", joined)] == list(range(1, 151))


async def test_a_429_from_zalo_is_retried_by_the_outbox_not_lost(h: Harness, z: ZaloSide, uow):
    tg, zalo = await _join_mixed(h, z, uow)
    z.zl.fail_next("sendMessage", count=2, error_code=429)
    await _schedule(h, tg["Trần Thị Bí Thư"])
    await h.deliver()
    for name in ON_ZALO[:2]:
        assert any("THÔNG BÁO HỌP" in t for t in z.new_texts(zalo[name])), name
    async with uow() as u:
        rows = (await u.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "zalo"))).all()
    assert rows and all(r.status == "sent" for r in rows) and any(r.attempts > 0 for r in rows)


async def test_the_same_meeting_flow_by_numbers_on_zalo_as_by_buttons_on_telegram(
    h: Harness, z: ZaloSide, uow
):
    tg, _zalo = await _join_mixed(h, z, uow)
    secretary = tg["Trần Thị Bí Thư"]
    got = await h.say(secretary, "/lienket")
    code = re.search(r"Mã liên kết của đồng chí: (\w+)", texts(got))
    assert code is not None
    zsec = z.new_user()
    assert "Chào mừng đồng chí Trần Thị Bí Thư" in await z.say(zsec, code.group(1))
    await _schedule(h, secretary)  # by buttons, on Telegram
    assert "Chọn loại cuộc họp" in await z.say(zsec, "/hop")  # by numbers and words, on Zalo
    assert "ngày họp" in await z.say(zsec, "sinh hoat dinh ky")
    await z.say(zsec, "16/6")
    assert "kéo dài" in await z.say(zsec, "7 giờ 30")
    await z.say(zsec, "90 phút")  # the option's words, as pressed on Telegram
    await z.say(zsec, "Phòng họp <số 2> & hội trường")
    summary = await z.say(zsec, "Kiểm điểm công tác tháng 5")
    assert "07:30, Thứ Ba 16/06/2026" in summary
    assert "Đã lên lịch họp" in await z.say(zsec, "gui thong bao")
    async with uow() as u:
        meetings = (await u.session.scalars(select(Meeting).order_by(Meeting.id))).all()
        accounts = (
            await u.session.scalars(select(ChatAccount).where(ChatAccount.unbound_at.is_(None)))
        ).all()
    assert len(meetings) == 2
    first, second = meetings
    assert (first.kind, first.duration_minutes, first.place, first.agenda) == (
        second.kind,
        second.duration_minutes,
        second.place,
        second.agenda,
    )
    assert {a.channel for a in accounts if a.member_id == first.created_by} == {"telegram", "zalo"}
    assert "Zalo" in await z.say(zsec, "/kenh")


async def test_a_vote_by_number_on_zalo_and_its_result(h: Harness, z: ZaloSide, uow):
    from tests.e2e.test_zalo_choices import _open_vote

    tg, zalo = await _join_mixed(h, z, uow)
    await _schedule(h, tg["Trần Thị Bí Thư"])
    await h.deliver()
    await _open_vote(h, tg["Trần Thị Bí Thư"], "Thông qua Nghị quyết chi bộ tháng 6")
    await h.deliver()
    an = zalo["Nguyễn Văn An"]
    ballot = "\n".join(z.new_texts(an))
    assert "BIỂU QUYẾT" in ballot and "1. ✅ Đồng ý" in ballot and "2. ❌ Không đồng ý" in ballot
    assert "Đã ghi nhận ý kiến" in await z.say(an, "2")
    assert "Đã đổi ý kiến của đồng chí thành: ✅ Đồng ý" in await z.say(an, "dong y")
    async with uow() as u:
        choices = (await u.session.scalars(select(Ballot.choice))).all()
    assert choices == ["dong_y"]
