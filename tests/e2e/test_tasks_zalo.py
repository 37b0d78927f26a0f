"""Giao việc on Zalo: the member accepts and reports progress by typing numbers (no buttons, no files)."""

from __future__ import annotations

from tests.e2e.harness import Harness, texts
from tests.e2e.test_tasks_telegram import _assign
from tests.e2e.test_zalo import _join_mixed
from tests.e2e.zalo_harness import ZaloSide


async def test_a_zalo_member_accepts_and_reports_by_typing_numbers(h: Harness, z: ZaloSide, uow):
    tg, zalo = await _join_mixed(h, z, uow)
    secretary, an = tg["Trần Thị Bí Thư"], zalo["Nguyễn Văn An"]
    await _assign(h, secretary, "An", "Rà soát danh sách đảng viên", "20/6")
    await h.deliver()
    notice = "\n".join(z.new_texts(an))
    assert "Việc mới" in notice and "1. ✅ Nhận việc" in notice and "2. 📝 Báo cáo tiến độ" in notice
    got = await z.say(an, "1")
    assert "Đã nhận việc" in got and "2. 📝 Báo cáo tiến độ" in got
    got = await z.say(an, "2")
    assert "Làm được bao nhiêu?" in got and "2. 50%" in got
    got = await z.say(an, "60")
    assert "Ghi chú thêm?" in got and "gửi tệp" not in got  # Zalo cannot send files
    got = await z.say(an, "Đã rà soát 2 tổ")
    assert "Đã gửi báo cáo" in got and "Đang làm — 60%" in got
    await h.deliver()
    told = texts(h.tg.messages_to(secretary)[-2:])
    assert "Đ/c Nguyễn Văn An báo cáo «Rà soát danh sách đảng viên»: 60%" in told
    assert "Ghi chú: Đã rà soát 2 tổ" in told


async def test_each_action_keeps_its_number_on_every_task_screen_and_done_is_asked_again_when_on_zalo(
    h: Harness, z: ZaloSide, uow
):
    tg, zalo = await _join_mixed(h, z, uow)
    secretary, an = tg["Trần Thị Bí Thư"], zalo["Nguyễn Văn An"]
    await _assign(h, secretary, "An", "Rà soát danh sách đảng viên", "20/6")
    await h.deliver()
    numbered = ("1. ✅ Nhận việc", "2. 📝 Báo cáo tiến độ", "3. 🏁 Đã hoàn thành")
    notice = "\n".join(z.new_texts(an))
    assert all(line in notice for line in numbered)
    accepted = await z.say(an, "1")
    assert "Đã nhận việc" in accepted and all(line in accepted for line in numbered)
    got = await z.say(an, "2")  # «Báo cáo», as on the notice: never «Đã hoàn thành»
    assert "Làm được bao nhiêu?" in got and "Báo hoàn thành" not in got
    got = await z.say(an, "60")
    got = await z.say(an, "1")  # «Bỏ qua» the note
    assert "Đã gửi báo cáo" in got and all(line in got for line in numbered)
    got = await z.say(an, "3")
    assert "Báo hoàn thành việc «Rà soát danh sách đảng viên»?" in got and "1. 🏁 Đúng, đã hoàn thành" in got
    got = await z.say(an, "60")  # a number meant for another screen does not close the task
    assert "Đã báo hoàn thành" not in got and "1. 🏁 Đúng, đã hoàn thành" in got
    got = await z.say(an, "2")  # «Chưa, báo cáo tiến độ»
    assert "Làm được bao nhiêu?" in got
    await h.deliver()
    told = texts(h.tg.messages_to(secretary))
    assert "đã hoàn thành" not in told and "báo cáo «Rà soát danh sách đảng viên»: 60%" in told
