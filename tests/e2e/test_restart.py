"""A broadcast survives a hard kill and a Ctrl-C of `sotay run`: nothing lost, nothing sent twice."""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.process import SotayProcess, cli, environment, invite_rows, query
from tests.emulators.telegram import TelegramEmulator

pytestmark = pytest.mark.slow
UNIT = "HG-KHOI-BTCTU"  # Đảng bộ Ban Tổ chức Tỉnh ủy in the demo: 64 members in 4 cells
FIRST_USER = 7_400_000_000


async def _join_everyone(tg: TelegramEmulator, env: dict[str, str]) -> dict[str, int]:
    """Invite code → the Telegram user who joined with it (names can repeat; codes cannot)."""
    rows = invite_rows(await cli(env, "invites", UNIT))
    users = {row["Mã mời"]: FIRST_USER + i for i, row in enumerate(rows)}
    for code, user in users.items():
        tg.user_sends(user, f"/start {code}")
    for user in users.values():
        await tg.wait_until(
            lambda u=user: any("Chào mừng" in m["text"] for m in tg.messages_to(u)), timeout=60
        )
    return users


async def _press_through(tg: TelegramEmulator, user: int, steps: list[tuple[str, str]]) -> None:
    for kind, value in steps:
        before = len(tg.messages_to(user))
        if kind == "say":
            tg.user_sends(user, value)
        else:
            tg.user_presses(user, tg.messages_to(user)[-1], value)
        await tg.wait_for_messages(user, before + 1, timeout=20)
        await asyncio.sleep(0.2)


def _received(tg: TelegramEmulator, marker: str) -> Counter[int]:
    """How many copies of the notice (not the secretary's preview) each chat got."""
    return Counter(m["chat_id"] for m in tg.sent if marker in m["text"] and "THÔNG BÁO của" in m["text"])


def _unfinished(db: Path) -> int:
    return int(query(db, "select count(*) from outbox where status = 'sending'")[0][0])


async def _broadcast(tg: TelegramEmulator, secretary: int, text: str) -> None:
    await _press_through(tg, secretary, [("say", "/thongbao"), ("say", text), ("press", "✅ Gửi")])


async def test_broadcast_resumes_without_loss_or_repeat_after_kill_and_ctrl_c(tmp_path: Path):
    async with TelegramEmulator(global_rate=None) as tg:
        env = environment(tmp_path / "data", tg, SOTAY_TELEGRAM_RATE="8", SOTAY_OUTBOX_LEASE="6")
        log = tmp_path / "sotay.log"
        sotay = SotayProcess(env, log)
        await sotay.start()
        db = tmp_path / "data" / "sotay.db"
        users = await _join_everyone(tg, env)
        secretary_code = query(
            db,
            "select i.code from invites i join roles r on r.member_id = i.member_id "
            "join units u on u.id = r.unit_id where u.code = ? and r.role = 'bi_thu'",
            UNIT,
        )[0][0]
        secretary = users[secretary_code]

        # 1. A hard kill (SIGKILL) in the middle of the broadcast.
        await _broadcast(tg, secretary, "Thông báo số 1: nộp đảng phí quý IV")
        await tg.wait_until(lambda: sum(_received(tg, "số 1").values()) >= 20, timeout=30)
        os.kill(sotay.proc.pid, signal.SIGKILL)  # type: ignore[union-attr]
        await sotay.proc.wait()  # type: ignore[union-attr]
        delivered_before = sum(_received(tg, "số 1").values())
        in_flight = query(
            db, "select count(*) from outbox where subject_kind = 'notice' and status = 'sending'"
        )[0][0]
        assert delivered_before < len(users), "the kill came too late to test anything"
        sotay = SotayProcess(env, log)
        await sotay.start()
        await tg.wait_until(lambda: len(_received(tg, "số 1")) == len(users), timeout=60)
        await tg.wait_until(
            lambda: _unfinished(db) == 0, timeout=30
        )  # a stale lease runs out, then it is resent
        await asyncio.sleep(0.5)
        counts = _received(tg, "số 1")
        assert set(counts) == set(users.values())  # nobody lost
        repeated = [chat for chat, n in counts.items() if n > 1]
        # Only a message whose send was in flight at the instant of the kill can repeat (at-least-once).
        assert len(repeated) <= in_flight, [m for m in tg.sent if m["chat_id"] in repeated]

        # 2. Ctrl-C in the middle of the next broadcast: the send in flight completes and is recorded.
        await _broadcast(tg, secretary, "Thông báo số 2: họp chi bộ mở rộng")
        await tg.wait_until(lambda: sum(_received(tg, "số 2").values()) >= 20, timeout=30)
        assert await sotay.stop(signal.SIGINT) == 0
        assert _unfinished(db) == 0
        assert sum(_received(tg, "số 2").values()) < len(users)
        sotay = SotayProcess(env, log)
        await sotay.start()
        await tg.wait_until(lambda: len(_received(tg, "số 2")) == len(users), timeout=60)
        await asyncio.sleep(1.5)
        twice = {chat: n for chat, n in _received(tg, "số 2").items() if n > 1}
        assert not twice, [m for m in tg.sent if m["chat_id"] in twice]
        await sotay.stop(signal.SIGINT)
