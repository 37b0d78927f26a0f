"""The durable outbox: enqueue in the caller's transaction, claim with a lease, record the outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.screens import Screen
from core.db.uow import UnitOfWork
from core.members.models import ChatAccount, Member
from core.members.repository import MemberRepository
from core.outbox.models import OutboxMessage

MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class OutboxItem:
    id: int
    channel: str
    chat_id: str
    payload: dict[str, Any]
    parts_sent: int
    attempts: int


def pick_account(member: Member, accounts: Sequence[ChatAccount]) -> ChatAccount | None:
    """The member's preferred channel first, then the most recently bound account."""
    if not accounts:
        return None
    preferred = [a for a in accounts if a.channel == member.preferred_channel]
    return (preferred or list(accounts))[0]


async def enqueue(
    session: AsyncSession,
    *,
    items: Sequence[tuple[int, Screen]],
    subject_kind: str,
    subject_id: int | None,
    now: datetime,
    channel: str | None = None,
) -> None:
    """One row per recipient; members with no account get a `not_joined` row for the reports.

    `channel` keeps the message on that messenger (a reply goes where the question came from);
    otherwise it goes where the member prefers."""
    repo = MemberRepository(session)
    member_ids = [member_id for member_id, _ in items]
    members = await repo.by_ids(member_ids)
    accounts = await repo.accounts_of(member_ids)
    for member_id, screen in items:
        mine = accounts.get(member_id, [])
        if channel is not None:
            mine = [a for a in mine if a.channel == channel]
        account = pick_account(members[member_id], mine)
        status = "pending"
        if account is None:
            status = "not_joined"
        elif account.blocked_at is not None:
            status = "unreachable"
        session.add(
            OutboxMessage(
                member_id=member_id,
                channel=account.channel if account else None,
                chat_id=account.chat_id if account else None,
                payload=screen.to_payload(),
                subject_kind=subject_kind,
                subject_id=subject_id,
                status=status,
                next_attempt_at=now,
                created_at=now,
            )
        )


def _due(now: datetime) -> Any:
    return or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now),
    )


async def candidates(
    uow: UnitOfWork, *, channels: Sequence[str], now: datetime, limit: int
) -> list[tuple[int, str, str]]:
    """(id, channel, chat_id) of due rows, oldest first."""
    async with uow:
        stmt = (
            select(OutboxMessage.id, OutboxMessage.channel, OutboxMessage.chat_id)
            .where(OutboxMessage.channel.in_(channels), _due(now))
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return [(i, str(ch), str(chat)) for i, ch, chat in (await uow.session.execute(stmt)).all()]


async def claim(uow: UnitOfWork, *, ids: Sequence[int], now: datetime, lease: timedelta) -> list[OutboxItem]:
    """Takes each row only if nobody else did (compare-and-set), so two pumps never send one row."""
    claimed: list[int] = []
    async with uow:
        for row_id in ids:
            result = await uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, _due(now))
                .values(status="sending", lease_until=now + lease, attempts=OutboxMessage.attempts + 1)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(row_id)
        await uow.commit()
        if not claimed:
            return []
        rows = (
            await uow.session.execute(select(OutboxMessage).where(OutboxMessage.id.in_(claimed)))
        ).scalars()
        return [
            OutboxItem(r.id, str(r.channel), str(r.chat_id), r.payload, r.parts_sent, r.attempts)
            for r in sorted(rows, key=lambda r: r.id)
        ]


async def _set(uow: UnitOfWork, row_id: int, **values: Any) -> None:
    async with uow:
        await uow.session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(**values))
        await uow.commit()


async def mark_part(uow: UnitOfWork, row_id: int, parts_sent: int) -> None:
    await _set(uow, row_id, parts_sent=parts_sent)


async def mark_sent(uow: UnitOfWork, row_id: int, *, now: datetime) -> None:
    await _set(uow, row_id, status="sent", sent_at=now, lease_until=None, last_error=None)


async def release(
    uow: UnitOfWork, row_id: int, *, at: datetime, error: str | None, count_attempt: bool
) -> None:
    """Back to pending until `at`; a rate-limit wait does not count as a failed attempt."""
    values: dict[str, Any] = {
        "status": "pending",
        "next_attempt_at": at,
        "lease_until": None,
        "last_error": error,
    }
    if not count_attempt:
        values["attempts"] = OutboxMessage.attempts - 1
    await _set(uow, row_id, **values)


async def mark_failed(uow: UnitOfWork, row_id: int, *, error: str) -> None:
    await _set(uow, row_id, status="failed", lease_until=None, last_error=error)


async def mark_unreachable(uow: UnitOfWork, item: OutboxItem, *, now: datetime, error: str) -> None:
    async with uow:
        await uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == item.id)
            .values(status="unreachable", lease_until=None, last_error=error)
        )
        await uow.session.execute(
            update(ChatAccount)
            .where(
                ChatAccount.channel == item.channel,
                ChatAccount.chat_id == item.chat_id,
                ChatAccount.unbound_at.is_(None),
            )
            .values(blocked_at=now)
        )
        await uow.commit()


RESEND_AFTER_UNBLOCK = timedelta(days=3)


async def requeue_unreachable(session: AsyncSession, *, channel: str, chat_id: str, now: datetime) -> None:
    """A member unblocked the bot: what could not reach them in the last days goes out after all."""
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.status == "unreachable",
            OutboxMessage.created_at >= now - RESEND_AFTER_UNBLOCK,
        )
        .values(status="pending", next_attempt_at=now, attempts=0, last_error=None)
    )


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2 ** max(attempts - 1, 0), 300))
