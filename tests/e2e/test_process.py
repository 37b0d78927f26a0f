"""`sotay run` as a process on an empty data directory: demo data → join → meeting notice delivered."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from tests.e2e.process import SotayProcess, cli, environment, invite_rows, query
from tests.emulators.telegram import TelegramEmulator
from tests.emulators.zalo import ZaloEmulator, new_user_id

pytestmark = pytest.mark.slow
FIRST_USER = 7_300_000_000


def _buttons(message: dict) -> list[str]:  # type: ignore[type-arg]
    return [b["text"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


async def _reply(tg: TelegramEmulator, user: int, action) -> dict:  # type: ignore[no-untyped-def,type-arg]
    before = len(tg.messages_to(user))
    action()
    await tg.wait_for_messages(user, before + 1, timeout=20)
    await asyncio.sleep(0.3)
    return tg.messages_to(user)[-1]


async def test_demo_to_delivered_notice_when_run_on_empty_data_dir(tmp_path: Path):
    async with TelegramEmulator() as tg:
        env = environment(tmp_path / "data", tg)
        sotay = SotayProcess(env, tmp_path / "sotay.log")
        await sotay.start()
        try:
            assert "Đã nạp dữ liệu mẫu" in sotay.output() and "Mật khẩu:" in sotay.output()
            db = tmp_path / "data" / "sotay.db"
            cell_code = "HG-VT-VPTHU"
            rows = query(db, "select code from units where code = ?", cell_code) or query(
                db, "select code from units where kind = 'chi_bo_co_so' order by id limit 1"
            )
            cell_code = rows[0][0]
            invites = invite_rows(await cli(env, "invites", cell_code))
            assert invites and list(invites[0]) == ["Họ và tên", "Đơn vị", "Mã mời", "Liên kết"]
            assert invites[0]["Liên kết"].startswith(f"https://t.me/{tg.bot_username}?start=")
            secretary_code = query(
                db,
                "select i.code from invites i join roles r on r.member_id = i.member_id "
                "join units u on u.id = r.unit_id where u.code = ? and r.role = 'bi_thu'",
                cell_code,
            )[0][0]
            users = {row["Mã mời"]: FIRST_USER + i for i, row in enumerate(invites)}  # names may repeat
            for code, user in users.items():
                reply = await _reply(tg, user, lambda c=code, u=user: tg.user_sends(u, f"/start {c}"))
                assert "Chào mừng" in tg.messages_to(user)[0]["text"], reply
            secretary = users[secretary_code]
            msg = await _reply(tg, secretary, lambda: tg.user_sends(secretary, "/hop"))
            msg = await _reply(tg, secretary, lambda: tg.user_presses(secretary, msg, "Sinh hoạt định kỳ"))
            for text in ("20/12/2026", "8h"):
                msg = await _reply(tg, secretary, lambda t=text: tg.user_sends(secretary, t))
            msg = await _reply(tg, secretary, lambda: tg.user_presses(secretary, msg, _buttons(msg)[0]))
            for text in ("Hội trường cơ quan", "Kiểm điểm năm 2026"):
                msg = await _reply(tg, secretary, lambda t=text: tg.user_sends(secretary, t))
            before = len(tg.messages_to(secretary))
            tg.user_presses(secretary, msg, "✅ Gửi thông báo")
            # the secretary is invited too: the notice and the confirmation may arrive in either order
            await tg.wait_until(
                lambda: any("Đã lên lịch họp" in m["text"] for m in tg.messages_to(secretary)[before:]),
                timeout=30,
            )
            for user in users.values():
                await tg.wait_until(
                    lambda u=user: any("THÔNG BÁO HỌP" in m["text"] for m in tg.messages_to(u)), timeout=30
                )
        finally:
            code = await sotay.stop(signal.SIGINT)
        assert code == 0, sotay.output()
        assert "Đã dừng" in sotay.output()


async def test_sotay_run_starts_zalo_beside_telegram(tmp_path: Path):
    async with TelegramEmulator() as tg, ZaloEmulator() as zl:
        env = environment(tmp_path / "data", tg, ZALO_BOT_TOKEN=zl.token, ZALO_API_BASE=zl.base_url)
        sotay = SotayProcess(env, tmp_path / "sotay.log")
        await sotay.start()
        try:
            assert (
                "Zalo «Bot Sổ tay (test)»" in sotay.output()
                and f"Telegram @{tg.bot_username}" in sotay.output()
            )
            code = invite_rows(await cli(env, "invites", "HG-KHOI-BTCTU-CB01"))[0]["Mã mời"]
            user = new_user_id()
            zl.user_sends(user, code)
            messages = await zl.wait_for_messages(user, 1, timeout=20)
            assert "Tài khoản Zalo này đã được liên kết" in messages[0]["text"]
        finally:
            exit_code = await sotay.stop(signal.SIGINT)
        assert exit_code == 0, sotay.output()
