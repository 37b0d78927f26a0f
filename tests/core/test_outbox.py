"""The outbox pump's promises, with a recording sender at the edge and a real database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import select

from core.conversation.screens import Screen
from core.outbox import service
from core.outbox.models import OutboxMessage
from core.outbox.ports import PermanentFailure, TransientFailure
from core.outbox.pump import OutboxPump
from core.texts import plain, plain_text
from tests.org_fixture import build_org


class RecordingSender:
    """Splits a screen into one part per line; can be told to fail."""

    channel = "telegram"
    messages_per_second = 1000.0
    per_chat_interval = 0.0

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failures: list[Exception] = []
        self.fail_at_part: int | None = None

    async def send(
        self, chat_id: str, screen: Screen, *, start_part: int, on_part: Callable[[int], Awaitable[None]]
    ) -> None:
        parts = plain_text(screen.text).split("\n")
        for index in range(start_part, len(parts)):
            if self.fail_at_part == index:
                self.fail_at_part = None
                raise TransientFailure("timeout")
            if self.failures:
                raise self.failures.pop(0)
            self.sent.append((chat_id, parts[index]))
            await on_part(index + 1)


async def _enqueue(ctx, member_ids: list[int], text: str) -> None:  # type: ignore[no-untyped-def]
    async with ctx.uow() as u:
        items = [(m, Screen(plain(text))) for m in member_ids]
        await service.enqueue(
            u.session, items=items, subject_kind="notice", subject_id=1, now=ctx.clock.now()
        )
        await u.commit()


async def _statuses(ctx) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    async with ctx.uow() as u:
        rows = (await u.session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars()
        return [(r.status, r.attempts) for r in rows]


async def test_network_errors_are_retried_with_backoff_then_given_up(ctx, uow, clock):
    org = await build_org(uow)
    sender = RecordingSender()
    sender.failures = [TransientFailure("timeout")] * service.MAX_ATTEMPTS
    pump = OutboxPump(ctx.uow, clock, {"telegram": sender})
    await _enqueue(ctx, [org.members[1].id], "Thông báo")
    assert await pump.run_once() == 0
    assert await _statuses(ctx) == [("pending", 1)]
    assert await pump.run_once() == 0  # not due yet: backoff
    for _ in range(service.MAX_ATTEMPTS):
        clock.advance(timedelta(minutes=10))
        await pump.run_once()
    assert await _statuses(ctx) == [("failed", service.MAX_ATTEMPTS)]
    assert sender.sent == []


async def test_refused_message_is_not_retried(ctx, uow, clock):
    org = await build_org(uow)
    sender = RecordingSender()
    sender.failures = [PermanentFailure("Bad Request: message is too long")]
    await _enqueue(ctx, [org.members[1].id], "Thông báo")
    assert await OutboxPump(ctx.uow, clock, {"telegram": sender}).run_once() == 1
    assert await _statuses(ctx) == [("failed", 1)]


async def test_long_message_resumes_from_the_first_unconfirmed_part(ctx, uow, clock):
    org = await build_org(uow)
    sender = RecordingSender()
    sender.fail_at_part = 2
    pump = OutboxPump(ctx.uow, clock, {"telegram": sender})
    await _enqueue(ctx, [org.members[1].id], "phần 1\nphần 2\nphần 3\nphần 4")
    await pump.run_once()
    clock.advance(timedelta(minutes=1))
    await pump.run_once()
    assert [text for _, text in sender.sent] == ["phần 1", "phần 2", "phần 3", "phần 4"]
    assert await _statuses(ctx) == [("sent", 2)]


async def test_two_pumps_never_send_one_row_twice(ctx, uow, clock):
    org = await build_org(uow)
    members = [m.id for m in [*org.members, *org.other_members]]
    await _enqueue(ctx, members, "Thông báo chung")
    first, second = RecordingSender(), RecordingSender()
    pumps = [OutboxPump(ctx.uow, clock, {"telegram": s}) for s in (first, second)]
    await asyncio.gather(*(p.run_once() for p in pumps))
    chats = [chat for chat, _ in first.sent + second.sent]
    assert sorted(chats) == sorted(org.accounts[m] for m in members)


async def test_messages_to_one_chat_keep_their_order(ctx, uow, clock):
    org = await build_org(uow)
    sender = RecordingSender()
    pump = OutboxPump(ctx.uow, clock, {"telegram": sender})
    for text in ("một", "hai", "ba"):
        await _enqueue(ctx, [org.members[1].id], text)
    for _ in range(3):
        await pump.run_once()
    assert [text for _, text in sender.sent] == ["một", "hai", "ba"]


async def test_not_joined_and_blocked_members_are_recorded_not_sent(ctx, uow, clock):
    org = await build_org(uow, join=False)
    sender = RecordingSender()
    await _enqueue(ctx, [org.members[1].id], "Thông báo")
    assert await OutboxPump(ctx.uow, clock, {"telegram": sender}).run_once() == 0
    assert await _statuses(ctx) == [("not_joined", 0)]
    assert sender.sent == []


async def test_a_reply_queued_for_one_messenger_stays_there_when_another_is_preferred(ctx, uow, clock):
    from tests.factories import make_account

    org = await build_org(uow, join=False)
    async with uow() as u:
        member = await u.session.get(type(org.members[1]), org.members[1].id)
        await make_account(u.session, member=member, channel="telegram", user_id="111")
        await make_account(u.session, member=member, channel="zalo", user_id="abc123")
        member.preferred_channel = "telegram"
        await u.commit()
    async with ctx.uow() as u:
        reply = [(member.id, Screen(plain("Đã ghi nhận.")))]
        await service.enqueue(u.session, items=reply, subject_kind="reply", subject_id=None, now=clock.now())
        await service.enqueue(
            u.session, items=reply, subject_kind="reply", subject_id=None, now=clock.now(), channel="zalo"
        )
        await u.commit()

    async with ctx.uow() as u:
        rows = (await u.session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars().all()
    assert [(r.channel, r.chat_id) for r in rows] == [("telegram", "111"), ("zalo", "abc123")]
