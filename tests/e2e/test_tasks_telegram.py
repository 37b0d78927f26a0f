"""Giao việc over HTTP with the Telegram emulator: assign, accept, report with a file, overdue, escalation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.conftest import VN
from tests.document_samples import party_docx
from tests.e2e.harness import Harness, last_with_buttons, texts
from tests.e2e.test_meetings_telegram import _join_all

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _buttons(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


async def _assign(h: Harness, secretary: int, who: str, title: str, due: str) -> None:
    got = await h.say(secretary, "/giaoviec")
    assert "Giao cho ai?" in texts(got) and "Nguyễn Văn An" in texts(got)
    got = await h.say(secretary, who)
    assert "Đã hiểu người nhận" in texts(got)
    got = await h.say(secretary, title)
    got = await h.press(secretary, last_with_buttons(got), "⏭ Bỏ qua")
    got = await h.say(secretary, due)
    got = await h.press(secretary, last_with_buttons(got), "Trước 3 ngày, 1 ngày và sáng ngày hạn")
    assert "Kiểm tra trước khi giao" in texts(got)
    got = await h.press(secretary, last_with_buttons(got), "✅ Giao việc")
    assert "Đã giao việc" in texts(got)


async def test_a_task_is_accepted_and_reported_with_a_file_and_the_secretary_is_told(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    secretary, an = ids["Trần Thị Bí Thư"], ids["Nguyễn Văn An"]
    await _assign(h, secretary, "An, Bình", "Báo cáo <quý II> & kiến nghị", "20/6")
    await h.deliver()
    notice = h.tg.messages_to(an)[-1]
    assert "Việc mới" in notice["text"] and "17:00, Thứ Bảy 20/06/2026" in notice["text"]
    assert "&lt;quý II&gt; &amp; kiến nghị" in notice["html"]
    assert _buttons(notice) == ["✅ Nhận việc", "📝 Báo cáo tiến độ", "🏁 Đã hoàn thành"]
    assert "Đã nhận việc" in texts(await h.press(an, notice, "✅ Nhận việc"))
    got = await h.press(an, notice, "📝 Báo cáo tiến độ")
    got = await h.press(an, last_with_buttons(got), "50%")
    assert "gửi tệp vào đây" in texts(got)
    file = {"file_name": "Bảng tổng hợp.docx", "mime_type": DOCX, "content": party_docx()}
    got = await h.say(an, "", document=file)
    assert "Đã gửi báo cáo" in texts(got)
    await h.deliver()
    told = [m for m in h.tg.messages_to(secretary) if m["method"] == "sendMessage"]
    assert "Đ/c Nguyễn Văn An đã nhận việc" in told[-2]["text"]
    assert "Đ/c Nguyễn Văn An báo cáo «Báo cáo <quý II> & kiến nghị»: 50%" in texts(told)
    files = [m for m in h.tg.messages_to(secretary) if m["method"] == "sendDocument"]
    assert files and files[-1]["document"].startswith("BQAC")  # re-sent by Telegram's own file id
    got = await h.press(secretary, last_with_buttons(h.tg.messages_to(secretary)), "📋 Xem việc")
    assert "Nguyễn Văn An: Đang làm — 50%" in texts(got) and "📎 Bảng tổng hợp.docx" in texts(got)
    await h.press(secretary, last_with_buttons(got), "📎 Bảng tổng hợp.docx")  # the file again, from the card
    again = [m for m in h.tg.messages_to(secretary) if m["method"] == "sendDocument"]
    assert len(again) == len(files) + 1 and again[-1]["document"] == files[-1]["document"]


async def test_overdue_goes_to_the_assignee_then_a_day_later_to_the_secretary(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    secretary, an, binh = ids["Trần Thị Bí Thư"], ids["Nguyễn Văn An"], ids["Lê Thị Bình"]
    await _assign(h, secretary, "1, 2", "Thu đảng phí quý", "12/6 17h")
    await h.deliver()
    got = await h.press(binh, h.tg.messages_to(binh)[-1], "🏁 Đã hoàn thành")
    assert "Báo hoàn thành việc «Thu đảng phí quý»?" in texts(got)  # asked once more
    await h.press(binh, last_with_buttons(got), "🏁 Đúng, đã hoàn thành")
    got = await h.say(binh, "Đã thu đủ")
    assert "Đã báo hoàn thành" in texts(got)
    h.clock.set(datetime(2026, 6, 12, 7, 0, tzinfo=VN))
    assert await h.run_reminders() == 1
    await h.deliver()
    assert "Nhắc việc" in h.tg.messages_to(an)[-1]["text"]
    h.clock.set(datetime(2026, 6, 12, 17, 0, tzinfo=VN))
    assert await h.run_reminders() == 1
    await h.deliver()
    overdue = h.tg.messages_to(an)[-1]
    assert "Việc đã quá hạn" in overdue["text"] and "📝 Báo cáo tiến độ" in _buttons(overdue)
    assert "quá hạn" not in h.tg.messages_to(binh)[-1]["text"]  # done: not told
    h.clock.set(datetime(2026, 6, 13, 17, 0, tzinfo=VN))
    assert await h.run_reminders() == 1
    await h.deliver()
    escalated = h.tg.messages_to(secretary)[-1]
    assert (
        "quá hạn 1 ngày" in escalated["text"] and "Chưa hoàn thành: Nguyễn Văn An (0%)" in escalated["text"]
    )
    got = await h.press(secretary, escalated, "📋 Xem việc")
    assert "Nguyễn Văn An: Quá hạn" in texts(got) and "Lê Thị Bình: Hoàn thành" in texts(got)
    got = await h.say(secretary, "/congviec")
    assert "Quá hạn: 1" in texts(got)
