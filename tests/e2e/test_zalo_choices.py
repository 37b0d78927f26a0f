"""On Zalo the choices on show are answered by their words, numbered on across a reply, and never lost."""

from __future__ import annotations

from sqlalchemy import select

from core.meetings.models import Meeting, Rsvp
from core.outbox.models import OutboxMessage
from core.votes.models import Ballot
from tests.e2e.harness import Harness, texts
from tests.e2e.test_meetings_telegram import _schedule
from tests.e2e.test_votes_telegram import _press_like
from tests.e2e.test_zalo import _join_mixed
from tests.e2e.zalo_harness import ZaloSide


async def _open_vote(h: Harness, secretary: int, title: str) -> None:
    """As in test_votes_telegram, pressing buttons by a part of their label, whatever its case."""
    got = await h.say(secretary, "/theodoi")
    got = await _press_like(h, secretary, got, "Sinh hoạt")
    got = await _press_like(h, secretary, got, "Biểu quyết")
    got = await _press_like(h, secretary, got, "Mở biểu quyết")
    got = await h.say(secretary, title)
    for part in ("Thông qua nghị quyết", "biểu quyết công khai", "Bí thư tự đóng", "mở biểu quyết"):
        got = await _press_like(h, secretary, got, part)
    assert "Đã mở biểu quyết" in texts(got), texts(got)


async def _answers(uow) -> dict[int, str]:  # type: ignore[no-untyped-def]
    async with uow() as u:
        return {r.meeting_id: r.answer for r in (await u.session.scalars(select(Rsvp))).all()}


async def test_typing_the_words_of_a_notice_answers_it_not_the_meetings_keyword(h: Harness, z: ZaloSide, uow):
    tg, zalo = await _join_mixed(h, z, uow)
    await _schedule(h, tg["Trần Thị Bí Thư"])
    await h.deliver()
    an, binh = zalo["Nguyễn Văn An"], zalo["Lê Thị Bình"]
    got = await z.say(an, "vắng")
    assert "lý do" in got and "cuộc họp sắp tới" not in got, got
    assert "Đi công tác" in await z.say(an, "Đi công tác tỉnh")
    for said in ("Tham dự nhé!", "có", "co mat", "tham du"):
        got = await z.say(binh, said)
        assert "tham dự" in got.lower() and "cuộc họp sắp tới" not in got, (said, got)
    async with uow() as u:
        assert sorted((await u.session.scalars(select(Rsvp.answer))).all()) == ["absent", "attend"]
    assert "cuộc họp sắp tới" in await z.say(an, "/lich")  # a command with a slash still wins


async def test_a_reply_with_choices_in_several_messages_numbers_them_on(h: Harness, z: ZaloSide, uow):
    tg, zalo = await _join_mixed(h, z, uow)
    await _schedule(h, tg["Trần Thị Bí Thư"])
    await _schedule(h, tg["Trần Thị Bí Thư"])
    await h.deliver()
    an = zalo["Nguyễn Văn An"]
    listing = await z.say(an, "/lich")
    assert "1. ✅ Tham dự" in listing and "2. 🚫 Vắng (có lý do)" in listing, listing
    assert "3. ✅ Tham dự" in listing and "4. 🚫 Vắng (có lý do)" in listing, listing
    assert "tham dự" in (await z.say(an, "3")).lower()
    async with uow() as u:
        first, second = (await u.session.scalars(select(Meeting.id).order_by(Meeting.id))).all()
    assert await _answers(uow) == {second: "attend"}  # «3» is the second meeting's, and only that
    await z.say(an, "/lich")
    await z.say(an, "1")
    assert await _answers(uow) == {first: "attend", second: "attend"}


async def test_two_numbers_typed_in_turn_answer_the_list_they_were_read_from(h: Harness, z: ZaloSide, uow):
    tg, zalo = await _join_mixed(h, z, uow)
    await _schedule(h, tg["Trần Thị Bí Thư"])
    await _schedule(h, tg["Trần Thị Bí Thư"])
    await h.deliver()
    an = zalo["Nguyễn Văn An"]
    await z.say(an, "/lich")

    await z.say(an, "3")  # the second meeting: attend
    await z.say(an, "1")  # still the same list: the first meeting, attend

    async with uow() as u:
        first, second = (await u.session.scalars(select(Meeting.id).order_by(Meeting.id))).all()
    assert await _answers(uow) == {first: "attend", second: "attend"}


async def test_an_answer_matching_nothing_repeats_the_ballot_not_the_menu(h: Harness, z: ZaloSide, uow):
    tg, zalo = await _join_mixed(h, z, uow)
    await _schedule(h, tg["Trần Thị Bí Thư"])
    await h.deliver()
    await _open_vote(h, tg["Trần Thị Bí Thư"], "Thông qua Nghị quyết chi bộ tháng 6")
    await h.deliver()
    an, binh = zalo["Nguyễn Văn An"], zalo["Lê Thị Bình"]
    z.new_texts(an)
    got = await z.say(an, "cái này là sao")
    assert "chưa hiểu" in got and "1. ✅ Đồng ý" in got and "Lịch họp của tôi" not in got, got
    assert "Đã ghi nhận ý kiến" in await z.say(an, "không đồng ý ạ")
    assert "Đã ghi nhận ý kiến" in await z.say(binh, "Đồng ý ạ.")
    async with uow() as u:
        assert sorted((await u.session.scalars(select(Ballot.choice))).all()) == ["dong_y", "khong_dong_y"]
    got = await z.say(binh, "14/6 15h tiếp dân")  # free text a reader knows still works
    assert "Tiếp dân" in got and "15:00" in got, got


async def test_a_direct_reply_meeting_429_is_retried_and_a_5xx_goes_to_the_outbox(
    h: Harness, z: ZaloSide, uow
):
    _tg, zalo = await _join_mixed(h, z, uow)
    an = zalo["Nguyễn Văn An"]
    z.zl.fail_next("sendMessage", count=2, error_code=429)
    assert "Lịch họp của tôi" in await z.say(an, "menu")  # waited out, answered directly
    z.zl.fail_next("sendMessage", count=1, error_code=502, description="Bad gateway")
    assert await z.say(an, "menu") == ""
    async with uow() as u:
        queued = (await u.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "zalo"))).all()
    assert [r.subject_kind for r in queued] == ["reply"]
    await h.deliver()
    assert any("Lịch họp của tôi" in text for text in z.new_texts(an))
