"""A draft over HTTP: posted, commented on by a member, taken in by the secretary, final text to all."""

from __future__ import annotations

from tests.e2e.harness import Harness, texts
from tests.e2e.test_meetings_telegram import _join_all, _schedule
from tests.e2e.test_votes_telegram import _press_like


async def _hub(h: Harness, secretary: int) -> list[dict]:  # type: ignore[type-arg]
    got = await h.say(secretary, "/theodoi")
    got = await _press_like(h, secretary, got, "Sinh hoạt")
    return await _press_like(h, secretary, got, "🗳 Biểu quyết")


async def test_comment_then_final_text_with_what_changed(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    secretary, an, binh = ids["Trần Thị Bí Thư"], ids["Nguyễn Văn An"], ids["Lê Thị Bình"]
    await _schedule(h, secretary)
    await h.deliver()
    got = await _press_like(h, secretary, await _hub(h, secretary), "Dự thảo")
    got = await _press_like(h, secretary, got, "Đăng dự thảo")
    await h.say(secretary, "Dự thảo Nghị quyết tháng 6")
    got = await h.say(secretary, "1. Hoàn thành kế hoạch quý II.")
    got = await _press_like(h, secretary, got, "Trong 24 giờ")
    assert "Đã gửi dự thảo" in texts(got)
    await h.deliver()
    notice = h.tg.messages_to(an)[-1]
    assert "DỰ THẢO" in notice["text"]
    got = await h.press(an, notice, "💬 Góp ý")
    got = await h.say(an, "Đề nghị bổ sung chỉ tiêu <kết nạp> & phát triển đảng viên.")
    assert "Đã gửi góp ý" in texts(got)
    got = await _press_like(h, secretary, await _hub(h, secretary), "Dự thảo")
    got = await _press_like(h, secretary, got, "1. Dự thảo")
    assert "Nguyễn Văn An: Đề nghị bổ sung chỉ tiêu <kết nạp> & phát triển đảng viên." in texts(got)
    assert "&lt;kết nạp&gt; &amp;" in got[-1]["html"]
    got = await _press_like(h, secretary, got, "1 ✅ Tiếp thu")
    got = await _press_like(h, secretary, got, "Chốt văn bản cuối")
    got = await h.say(secretary, "1. Hoàn thành kế hoạch quý II.\n2. Kết nạp 1 đảng viên.")
    got = await _press_like(h, secretary, got, "Gửi văn bản cuối")
    await h.deliver()
    final = h.tg.messages_to(binh)[-1]["text"]
    assert (
        "VĂN BẢN CUỐI" in final and "đã tiếp thu 1 góp ý" in final and "➕ 2. Kết nạp 1 đảng viên." in final
    )
