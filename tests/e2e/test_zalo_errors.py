"""Zalo's refusals and silences reach the outbox as what they are, over real HTTP: nothing swallowed."""

from __future__ import annotations

import pytest

from bots.zalo.client import ZaloClient
from bots.zalo.notifier import ZaloSender
from bots.zalo.output import ZaloOutput
from core.conversation.screens import Screen
from core.outbox.ports import PermanentFailure, RetryAfter, TransientFailure, Unreachable
from core.texts import plain
from tests.emulators.zalo import ZaloEmulator, new_user_id


async def _noop(_n: int) -> None:
    return None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (429, RetryAfter),
        (400, PermanentFailure),
        (403, Unreachable),
        (404, Unreachable),
        (500, TransientFailure),
    ],
)
async def test_api_errors_are_mapped_for_the_outbox(ctx, code, expected):
    async with ZaloEmulator(rate_limit=None) as zl:
        user = new_user_id()
        zl.add_user(user)
        client = ZaloClient(zl.token, zl.base_url)
        sender = ZaloSender(ZaloOutput(ctx, client))
        zl.fail_next("sendMessage", error_code=code, description="Từ chối")
        with pytest.raises(expected):
            await sender.send(user, Screen(plain("Xin chào")), start_part=0, on_part=_noop)
        await sender.send(user, Screen(plain("Xin chào")), start_part=0, on_part=_noop)  # next time it goes
        assert [m["text"] for m in zl.messages_to(user)] == ["Xin chào"]
        await client.close()


async def test_a_timeout_is_a_transient_failure_and_the_next_try_sends_every_part_in_order(ctx):
    async with ZaloEmulator(rate_limit=None) as zl:
        user = new_user_id()
        zl.add_user(user)
        client = ZaloClient(zl.token, zl.base_url, timeout=0.3)
        sender = ZaloSender(ZaloOutput(ctx, client))
        long = Screen(plain("\n".join(f"Dòng {i:03d} " + "chữ " * 30 for i in range(120))))
        done: list[int] = []

        async def record(n: int) -> None:
            done.append(n)

        zl.delay_next("sendMessage", 1.0, count=1)
        with pytest.raises(TransientFailure):
            await sender.send(user, long, start_part=0, on_part=record)
        assert done == []
        await sender.send(user, long, start_part=0, on_part=record)
        assert done == list(range(1, len(done) + 1)) and len(done) >= 4
        await client.close()
