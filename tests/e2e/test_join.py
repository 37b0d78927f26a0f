"""Joining by invite code, over HTTP against the Telegram emulator."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.audit.models import AuditEntry
from core.invites.service import issue_invites, reissue_invite
from core.members.models import ChatAccount
from tests.e2e.harness import texts
from tests.org_fixture import build_org

USER = 7_100_000_001  # Telegram ids exceed 32 bits
OTHER_PHONE = 7_100_000_002


async def _code_for(h, org, name: str) -> str:
    rows = await issue_invites(h.ctx.uow(), h.clock, unit_code=org.cell.code, ttl_days=30)
    return next(r.code for r in rows if r.full_name == name)


async def test_member_joins_when_start_has_a_good_code(h, uow):
    org = await build_org(uow, join=False)
    code = await _code_for(h, org, "Lê Thị Bình")
    got = await h.say(USER, f"/start {code}")
    assert "Chào mừng đồng chí Lê Thị Bình" in texts(got)
    assert "<b>Lê Thị Bình</b>" in got[0]["html"]
    got = await h.say(USER, "/lich")
    assert "chưa có cuộc họp" in texts(got)
    async with uow() as u:
        account = (await u.session.execute(select(ChatAccount))).scalar_one()
    assert account.user_id == str(USER)


async def test_start_explains_in_vietnamese_when_code_is_wrong_used_expired_or_missing(h, uow):
    org = await build_org(uow, join=False)
    code = await _code_for(h, org, "Lê Thị Bình")
    assert "Mã mời không đúng" in texts(await h.say(USER, "/start ZZZZ9999"))
    assert "gửi mã mời" in texts(await h.say(USER, "/start"))
    await h.say(USER, f"/start {code}")
    assert "đã được dùng" in texts(await h.say(OTHER_PHONE, f"/start {code}"))
    late = await _code_for(h, org, "Nguyễn Văn An")
    h.clock.advance(timedelta(days=31))
    assert "hết hạn" in texts(await h.say(OTHER_PHONE, f"/start {late}"))


async def test_repeated_wrong_codes_are_slowed_down_when_guessing(h, uow):
    org = await build_org(uow, join=False)
    good = await _code_for(h, org, "Lê Thị Bình")
    for attempt in range(5):
        assert "không đúng" in texts(await h.say(USER, f"/start WRONG{attempt:03d}"))
    got = await h.say(USER, f"/start {good}")
    assert "quá nhiều lần" in texts(got)
    async with uow() as u:
        assert (await u.session.execute(select(ChatAccount))).first() is None


async def test_rebinding_from_another_account_needs_new_code_and_ends_old_binding(h, uow):
    org = await build_org(uow, join=False)
    first = await _code_for(h, org, "Lê Thị Bình")
    await h.say(USER, f"/start {first}")
    second = (await reissue_invite(h.ctx.uow(), h.clock, member_code=org.members[2].code, ttl_days=30)).code
    assert second != first
    assert "Chào mừng" in texts(await h.say(OTHER_PHONE, f"/start {second}"))
    async with uow() as u:
        accounts = {a.user_id: a.unbound_at for a in (await u.session.execute(select(ChatAccount))).scalars()}
        actions = [a.action for a in (await u.session.execute(select(AuditEntry))).scalars()]
    assert accounts[str(USER)] is not None and accounts[str(OTHER_PHONE)] is None
    assert "account.unbind" in actions
    assert "gửi mã mời" in texts(await h.say(USER, "/lich"))


async def test_unknown_text_shows_short_menu_when_member_has_joined(h, uow):
    org = await build_org(uow, join=False)
    await h.say(USER, f"/start {await _code_for(h, org, 'Nguyễn Văn An')}")
    got = await h.say(USER, "xin chào, cho hỏi <b>lịch</b> & giờ?")
    assert "chưa hiểu" in texts(got)
    labels = [b["text"] for row in got[-1]["reply_markup"]["inline_keyboard"] for b in row]
    assert "📅 Lịch họp của tôi" in labels
    help_text = texts(await h.say(USER, "/help"))
    assert "/lich" in help_text and "Triệu tập" not in help_text


async def test_code_of_another_member_asks_before_switching_when_chat_is_bound(h, uow):
    org = await build_org(uow, join=False)
    await h.say(USER, f"/start {await _code_for(h, org, 'Nguyễn Văn An')}")
    other = await _code_for(h, org, "Lê Thị Bình")
    got = await h.say(USER, f"/start {other}")
    assert "đang liên kết với đồng chí Nguyễn Văn An" in texts(got)
    got = await h.press(USER, got[-1], "Giữ nguyên (Nguyễn Văn An)")
    assert "vẫn là của đồng chí Nguyễn Văn An" in texts(got)
    got = await h.say(USER, f"/start {other}")
    got = await h.press(USER, got[-1], "Chuyển sang Lê Thị Bình")
    assert "Chào mừng đồng chí Lê Thị Bình" in texts(got)
    async with uow() as u:
        live = [
            a.member_id
            for a in (await u.session.execute(select(ChatAccount))).scalars()
            if a.unbound_at is None
        ]
    assert live == [org.members[2].id]


async def test_one_code_binds_one_account_when_sent_from_two_phones_at_once(h, uow):
    org = await build_org(uow, join=False)
    code = await _code_for(h, org, "Lê Thị Bình")
    for user in (USER, OTHER_PHONE, USER):
        h.tg.user_sends(user, f"/start {code}")
    await h.settle()
    welcomed = [u for u in (USER, OTHER_PHONE) if "Chào mừng" in texts(h.tg.messages_to(u))]
    assert len(welcomed) == 1
    assert texts(h.tg.messages_to(welcomed[0])).count("Chào mừng") == 1
    async with uow() as u:
        live = [a for a in (await u.session.execute(select(ChatAccount))).scalars() if a.unbound_at is None]
    assert [a.user_id for a in live] == [str(welcomed[0])]


async def test_own_code_again_says_already_joined_and_bare_codes_work(h, uow):
    org = await build_org(uow, join=False)
    mine = await _code_for(h, org, "Nguyễn Văn An")
    await h.say(USER, f"/start {mine}")
    assert "đã liên kết với đồng chí Nguyễn Văn An rồi" in texts(await h.say(USER, f"/start {mine}"))
    other = await _code_for(h, org, "Lê Thị Bình")
    assert "Mã mời vừa gửi là của đồng chí Lê Thị Bình" in texts(await h.say(USER, other.lower()))
    got = await h.say(USER, "thongbao")  # neither answer: asked again, with the buttons right there
    assert "chọn một trong các mục" in texts(got) and got[-1]["reply_markup"] is not None
    assert "vẫn là của đồng chí Nguyễn Văn An" in texts(await h.say(USER, "giữ nguyên"))
    assert "chưa hiểu" in texts(await h.say(USER, "thongbao"))
    assert "Mã mời không đúng" in texts(await h.say(OTHER_PHONE, "K9KB3QQ"))
