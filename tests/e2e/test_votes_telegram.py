"""Votes over HTTP: opened by the secretary, pressed by members, changed, closed, result with its formula."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from core.audit.models import AuditEntry
from core.votes.models import Ballot, Vote
from tests.e2e.harness import Harness, last_with_buttons, texts
from tests.e2e.test_meetings_telegram import _join_all, _schedule
from tests.factories import make_account, make_meeting, make_member, make_role, make_unit


def _buttons(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


async def _press_like(h: Harness, user: int, got: list[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    """Press the first button whose label contains `part` on the last message with buttons."""
    message = last_with_buttons(got)
    found = [b for b in _buttons(message) if part.lower() in b.lower()]
    assert found, f"no button with {part!r} in {_buttons(message)}"
    return await h.press(user, message, found[0])


async def _open_vote(h: Harness, secretary: int, title: str) -> None:
    got = await h.say(secretary, "/theodoi")
    got = await _press_like(h, secretary, got, "Sinh hoạt")
    got = await h.press(secretary, last_with_buttons(got), "🗳 Biểu quyết")
    got = await h.press(secretary, last_with_buttons(got), "➕ Mở biểu quyết")
    got = await h.say(secretary, title)
    got = await h.press(secretary, last_with_buttons(got), "Thông qua nghị quyết, quyết định")
    got = await h.press(secretary, last_with_buttons(got), "Biểu quyết công khai")
    got = await h.press(secretary, last_with_buttons(got), "Bí thư tự đóng")
    assert "Đảng viên có quyền biểu quyết: 3" in texts(got), texts(got)
    got = await _press_like(h, secretary, got, "mở biểu quyết")
    assert "Đã mở biểu quyết" in texts(got)


async def test_vote_change_close_and_result_for_everyone(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    secretary, an, cuong = ids["Trần Thị Bí Thư"], ids["Nguyễn Văn An"], ids["Phạm Văn Cường"]
    await _schedule(h, secretary)
    await h.deliver()
    await _open_vote(h, secretary, "Thông qua Nghị quyết chi bộ tháng 6")
    await h.deliver()
    ballot = h.tg.messages_to(an)[-1]
    assert "BIỂU QUYẾT" in ballot["text"] and _buttons(ballot) == [
        "✅ Đồng ý",
        "❌ Không đồng ý",
        "⚪ Không biểu quyết",
    ]
    assert "Đã ghi nhận ý kiến" in texts(await h.press(an, ballot, "❌ Không đồng ý"))
    assert "Đã đổi ý kiến của đồng chí thành: ✅ Đồng ý" in texts(await h.press(an, ballot, "✅ Đồng ý"))
    assert "đảng viên dự bị" in h.tg.messages_to(cuong)[-1]["text"]  # told politely, no buttons
    for name in ("Trần Thị Bí Thư", "Lê Thị Bình"):
        await h.press(ids[name], h.tg.messages_to(ids[name])[-1], "✅ Đồng ý")
    got = await h.say(secretary, "/theodoi")
    got = await _press_like(h, secretary, got, "Sinh hoạt")
    got = await h.press(secretary, last_with_buttons(got), "🗳 Biểu quyết")
    got = await _press_like(h, secretary, got, "1.")
    assert "Đã bỏ phiếu: 3/3" in texts(got)
    got = await h.press(secretary, last_with_buttons(got), "🔒 Đóng biểu quyết")
    assert "3/3 đồng ý (cần ít nhất 2) — thông qua" in texts(got)
    await h.deliver()
    assert "3/3 đồng ý (cần ít nhất 2) — thông qua" in h.tg.messages_to(cuong)[-1]["text"]
    late = await h.press(an, ballot, "❌ Không đồng ý")  # an old button, after closing
    assert "đã đóng" in texts(late)
    got = await h.say(secretary, "/theodoi")
    got = await _press_like(h, secretary, got, "Sinh hoạt")
    got = await _press_like(h, secretary, got, "🗳 Biểu quyết")
    await _press_like(h, secretary, got, "Biên bản")
    sent = [m for m in h.tg.messages_to(secretary) if m["method"] == "sendDocument"]
    assert sent and sent[-1]["document"].endswith(".docx")  # the minutes, uploaded as a Word file
    async with uow() as u:
        assert (await u.session.scalars(select(Ballot.choice).where(Ballot.member_id != 0))).all().count(
            "dong_y"
        ) == 3


async def test_a_forged_button_for_another_cells_vote_is_refused_and_logged(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    await _schedule(h, ids["Trần Thị Bí Thư"])
    await h.deliver()
    await _open_vote(h, ids["Trần Thị Bí Thư"], "Nội dung của chi bộ 1")
    await h.deliver()
    ballot = h.tg.messages_to(ids["Nguyễn Văn An"])[-1]
    data = ballot["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    em = ids["Đặng Thị Em"]
    h.new_messages(em)
    h.tg.user_presses_data(em, ballot, data)
    await h.settle()
    assert "Không tìm thấy" in texts(h.new_messages(em))
    async with uow() as u:
        refused = (
            await u.session.scalars(select(AuditEntry).where(AuditEntry.action == "access.refused"))
        ).all()
        ballots = (await u.session.scalars(select(Ballot))).all()
    assert [r.target_kind for r in refused] == ["vote"] and ballots == []


async def test_fifty_members_pressing_at_once_are_counted_exactly(h: Harness, uow):
    async with uow() as u:
        cell = await make_unit(u.session, name="Chi bộ Năm Mươi", kind="chi_bo_co_so")
        members = [await make_member(u.session, unit=cell) for _ in range(50)]
        await make_role(u.session, member=members[0], unit=cell, role="bi_thu")
        users = [7_400_000_000 + i for i in range(50)]
        for member, user in zip(members, users, strict=True):
            await make_account(u.session, member=member, user_id=str(user))
        await make_meeting(u.session, unit=cell, starts_at=h.clock.now() + timedelta(hours=2))
        await u.commit()
    for user in users:
        h.tg.add_user(user)
    await _open_vote_fifty(h, users[0])
    await h.deliver()
    ballots = [h.tg.messages_to(user)[-1] for user in users]
    for user, ballot in zip(users, ballots, strict=True):
        h.tg.user_presses(user, ballot, "✅ Đồng ý" if user % 5 else "❌ Không đồng ý")  # all queued at once
    await h.settle()
    await asyncio.sleep(0.2)
    async with uow() as u:
        choices = (await u.session.scalars(select(Ballot.choice))).all()
        vote = (await u.session.scalars(select(Vote))).one()
    assert len(choices) == 50 and choices.count("khong_dong_y") == 10 and vote.status == "open"


async def _open_vote_fifty(h: Harness, secretary: int) -> None:
    got = await h.say(secretary, "/theodoi")
    got = await _press_like(h, secretary, got, "Chi bộ Năm Mươi")
    got = await h.press(secretary, last_with_buttons(got), "🗳 Biểu quyết")
    got = await h.press(secretary, last_with_buttons(got), "➕ Mở biểu quyết")
    await h.say(secretary, "Thông qua chương trình công tác")
    got = await h.say(secretary, "1")  # typed: the first kind
    got = await h.say(secretary, "cong khai")
    got = await h.say(secretary, "Bí thư tự đóng")
    await _press_like(h, secretary, got, "mở biểu quyết")
