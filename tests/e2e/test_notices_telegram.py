"""A secretary's notice to the whole đảng bộ, with a file, and the delivery report — over HTTP."""

from __future__ import annotations

from tests.e2e.harness import Harness, last_with_buttons, texts
from tests.e2e.test_meetings_telegram import _join_all


async def test_notice_with_file_reaches_unit_and_report_names_who_did_not_get_it(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    boss = ids["Huỳnh Văn Đảng Ủy"]  # Bí thư of the đảng bộ: the notice goes to both cells
    h.tg.user_blocks_bot(ids["Đặng Thị Em"])
    await h.settle()
    got = await h.say(boss, "/thongbao")
    assert "Đảng bộ phường I" in texts(got)
    long_text = "Kính gửi các đồng chí <đảng viên> & quần chúng.\n\n" + ("Nội dung rất dài. " * 400)
    got = await h.say(
        boss,
        long_text,
        document={"file_name": "Kế hoạch số 01-KH/ĐU.pdf", "mime_type": "application/pdf", "file_size": 1200},
    )
    assert "Xem trước" in texts(got) and "Kế hoạch số 01-KH/ĐU.pdf" in texts(got)
    got = await h.press(boss, last_with_buttons(got), "✅ Gửi")
    assert "hàng gửi" in texts(got)
    await h.deliver()
    an = h.tg.messages_to(ids["Nguyễn Văn An"])
    notice_parts = [
        m
        for m in an
        if m["method"] == "sendMessage" and ("THÔNG BÁO" in m["text"] or "Nội dung" in m["text"])
    ]
    assert len(notice_parts) == 2  # 7,000+ characters: two messages, in order
    assert notice_parts[0]["text"].startswith("📢 THÔNG BÁO của đồng chí Huỳnh Văn Đảng Ủy")
    assert "&lt;đảng viên&gt; &amp; quần chúng" in notice_parts[0]["html"]
    joined = "\n".join(m["text"] for m in notice_parts)  # Telegram trims each message
    assert " ".join(joined.split()).count("Nội dung rất dài.") == 400
    assert an[-1]["document"] is not None  # the file goes after the text
    got = await h.press(boss, last_with_buttons(h.tg.messages_to(boss)), "📊 Xem báo cáo gửi")
    report = texts(got)
    assert "tổng 7 đảng viên" in report
    assert "Đã gửi: 6" in report
    assert "đã chặn bot (1): Đặng Thị Em" in report


async def test_member_cannot_send_notice_when_not_secretary(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    got = await h.say(ids["Lê Thị Bình"], "/thongbao")
    assert "dành cho Bí thư" in texts(got)


async def test_long_notice_pasted_as_several_messages_is_sent_whole(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    secretary = ids["Trần Thị Bí Thư"]
    items = [f"{i}. Nội dung thứ {i} của thông báo dài." for i in range(1, 241)]
    chunks = ["\n".join(items[:120]), "\n".join(items[120:200]), "\n".join(items[200:])]
    await h.say(secretary, "/thongbao")
    h.new_messages(secretary)
    for chunk in chunks:  # a pasted text arrives as several messages at the same moment
        h.tg.user_sends(secretary, chunk)
    await h.settle()
    got = h.new_messages(secretary)
    assert "Đã nối thêm phần tiếp theo" in texts(got[-1:])
    assert "(Toàn bộ thông báo: " + str(len("\n".join(chunks))) in texts(got[-1:])
    got = await h.say(secretary, "gửi")  # typed instead of pressing the button
    assert "hàng gửi" in texts(got)
    await h.deliver()
    received = " ".join(
        m["text"] for m in h.tg.messages_to(ids["Lê Thị Bình"]) if "Nội dung thứ" in m["text"]
    )
    assert all(f"{i}. Nội dung thứ {i} " in received for i in range(1, 241))
