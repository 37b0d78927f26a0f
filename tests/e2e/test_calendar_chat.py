"""The personal calendar over HTTP: an entry in one's own words on Telegram and on Zalo, its reminder
when the clock reaches it (sent late after an outage, once), the morning digest and «hôm nay»."""

from __future__ import annotations

import asyncio
from datetime import datetime

from tests.conftest import VN
from tests.e2e.harness import Harness, last_with_buttons, open_harness, texts
from tests.e2e.test_meetings_telegram import _join_all
from tests.e2e.test_zalo import _join_mixed
from tests.e2e.zalo_harness import ZaloSide


async def test_entry_by_free_text_confirmed_reminded_and_in_the_digest_on_telegram(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    an = ids["Nguyễn Văn An"]
    got = await h.say(an, "nhac toi 7h30 sang thu sau hop giao ban")  # no diacritics, no command
    shown = texts(got)
    assert "hop giao ban" in shown.lower() and "Thứ Sáu 12/06/2026" in shown and "07:30" in shown
    got = await h.press(an, last_with_buttons(got), "✅ Lưu")
    assert "Đã ghi vào lịch" in texts(got)
    got = await h.say(an, "/lichrieng")
    got = await h.press(an, last_with_buttons(got), "☀️ Bản tin sáng")
    got = await h.press(an, last_with_buttons(got), "Nhận lúc 06:30")
    assert "06:30" in texts(got)
    h.clock.set(datetime(2026, 6, 12, 6, 30, 20, tzinfo=VN))
    assert await h.run_reminders() == 1
    await h.deliver()
    digest = h.tg.messages_to(an)[-1]["text"]
    assert "Bản tin sáng" in digest and "07:30" in digest and "hop giao ban" in digest.lower()
    h.clock.set(datetime(2026, 6, 12, 7, 35, tzinfo=VN))  # the service was down at 07:30
    assert await h.run_reminders() == 1
    assert await h.run_reminders() == 0
    await h.deliver()
    reminder = h.tg.messages_to(an)[-1]["text"]
    assert "Nhắc việc" in reminder and "hop giao ban" in reminder.lower()
    got = await h.say(an, "hôm nay")
    assert "hop giao ban" in texts(got).lower()


async def test_the_same_calendar_flow_on_zalo_by_numbers(h: Harness, z: ZaloSide, uow):
    _tg, zalo = await _join_mixed(h, z, uow)
    binh = zalo["Lê Thị Bình"]
    got = await z.say(binh, "14/6 15h tiếp dân")
    assert "Tiếp dân" in got and "15:00" in got and "1." in got  # the choices, numbered
    got = await z.say(binh, "1")  # ✅ Lưu
    assert "Đã ghi vào lịch" in got
    got = await z.say(binh, "tuần này")
    assert "Tiếp dân" in got and "15:00" in got
    h.clock.set(datetime(2026, 6, 14, 14, 30, 5, tzinfo=VN))
    assert await h.run_reminders() == 1
    await h.deliver()
    await z.settle()
    assert any("Tiếp dân" in text and "Nhắc việc" in text for text in z.new_texts(binh))


async def test_a_reminder_due_while_the_service_was_stopped_comes_late_once_after_restart(ctx, clock, uow):
    first, tg = await open_harness(ctx, clock)
    _org, ids = await _join_all(first, uow)
    an = ids["Nguyễn Văn An"]
    got = await first.say(an, "11/6 10h họp tổ")
    await first.press(an, last_with_buttons(got), "✅ Lưu")
    await first.stop()
    await tg.stop()
    clock.set(datetime(2026, 6, 11, 9, 45, tzinfo=VN))  # 09:30 passed while nothing ran
    second, tg = await open_harness(ctx, clock)
    tg.add_user(an)  # a new Bot API server: the member's chat is known to it again
    try:
        assert await asyncio.gather(second.run_reminders(), second.run_reminders()) in ([1, 0], [0, 1])
        await second.deliver()
        sent = [m["text"] for m in tg.messages_to(an)]
        assert len(sent) == 1 and "nhắc muộn" in sent[0] and "Họp tổ" in sent[0]
    finally:
        await second.stop()
        await tg.stop()
