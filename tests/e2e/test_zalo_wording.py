"""What a Zalo member reads: one welcome with the menu, no Telegram words, no doubled hints."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.conversation.engine import _without_fillers
from core.conversation.screens import Option, Screen
from core.invites.service import issue_invites
from core.meetings.models import Meeting
from core.texts import plain, t
from tests.e2e.harness import Harness, texts
from tests.e2e.test_zalo import _join_mixed
from tests.e2e.zalo_harness import ZaloSide


async def test_the_welcome_on_zalo_is_one_message_with_the_numbered_menu(h: Harness, z: ZaloSide, uow):
    from tests.org_fixture import build_org

    await build_org(uow, join=False)
    row = next(r for r in await issue_invites(h.ctx.uow(), h.clock, unit_code=None, ttl_days=30))
    stranger = z.new_user()
    how = await z.say(stranger, "Xin chào")
    assert "mã mời" in how and "Telegram" not in how and "QR" not in how, how
    before = len(z.zl.messages_to(stranger))
    got = await z.say(stranger, f"mã của tôi là {row.code[:4].lower()} {row.code[4:].lower()}")
    assert len(z.zl.messages_to(stranger)) == before + 1, got  # one message, not three
    assert f"Chào mừng đồng chí {row.full_name}" in got and "gõ «menu»" in got
    assert "1. 📅 Lịch họp của tôi" in got and "bấm" not in got
    assert "Không có lựa chọn đó" in await z.say(stranger, "99")
    assert z.zl.sent[-1]["text"].count("Gõ 0") == 1  # the hint once, not twice


async def test_an_update_without_message_id_is_not_taken_for_a_duplicate(h: Harness, z: ZaloSide, uow):
    _tg, zalo = await _join_mixed(h, z, uow)
    an = zalo["Nguyễn Văn An"]
    z.new_texts(an)
    z.zl.user_sends(an, "menu", with_id=False)
    await z.settle()
    z.zl.user_sends(an, "tai lieu", with_id=False)
    await z.settle()
    got = "\n".join(z.new_texts(an))
    assert "Lịch họp của tôi" in got and "Chưa có tài liệu nào" in got, got


async def test_hop_chuyen_de_picks_the_exact_kind_and_the_summary_offers_to_change_it(
    h: Harness, z: ZaloSide, uow
):
    tg, _zalo = await _join_mixed(h, z, uow)
    got = await h.say(tg["Trần Thị Bí Thư"], "/lienket")
    code = re.search(r"Mã liên kết của đồng chí: (\w+)", texts(got))
    assert code is not None and "Mở Zalo, tìm bot Sổ tay của chi bộ" in texts(got), texts(got)
    zsec = z.new_user()
    await z.say(zsec, code.group(1))
    await z.say(zsec, "/hop")
    assert "ngày họp" in await z.say(zsec, "họp chuyên đề")
    await z.say(zsec, "16/6")
    await z.say(zsec, "7 giờ 30")
    await z.say(zsec, "90 phút")
    await z.say(zsec, "Hội trường")
    summary = await z.say(zsec, "Học tập chuyên đề năm 2026")
    assert "Sinh hoạt chuyên đề" in summary and "Sửa loại" in summary, summary
    assert "loại cuộc họp" in await z.say(zsec, "sửa loại")
    summary = await z.say(zsec, "Sinh hoạt định kỳ")
    assert "Sinh hoạt định kỳ" in summary and "Kiểm tra lại" in summary, summary
    await z.say(zsec, "gui thong bao")
    async with uow() as u:
        kinds = (await u.session.scalars(select(Meeting.kind))).all()
    assert kinds == ["dinh_ky"]


def test_a_flows_own_message_carries_the_choices_instead_of_a_second_generic_reply():
    own = Screen(plain("❗ Giờ chưa đúng."))
    generic = Screen(t("flow.pick_option"), (Option("Có", "tok"),), filler=True)
    merged = _without_fillers([own, generic])
    assert len(merged) == 1 and merged[0].options == (Option("Có", "tok"),)
    assert _without_fillers([generic]) == [generic]  # alone, it is the answer
