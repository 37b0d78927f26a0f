"""Identity: which member is behind a chat account, and keeping the account's state."""

from __future__ import annotations

from sqlalchemy import update

from core.clock import Clock
from core.db.uow import UnitOfWork
from core.members.models import ChatAccount
from core.members.repository import MemberRepository
from core.org.rules import MemberRef
from core.outbox import service as outbox


async def resolve_member(uow: UnitOfWork, *, channel: str, user_id: str) -> MemberRef | None:
    repo = MemberRepository(uow.session)
    account = await repo.active_account(channel, user_id)
    if account is None:
        return None
    return await repo.ref(account.member_id)


async def set_reachable(
    uow: UnitOfWork, clock: Clock, *, channel: str, user_id: str, reachable: bool
) -> None:
    """Telegram tells us when a user blocks or unblocks the bot; on return, recent messages follow."""
    async with uow:
        await uow.session.execute(
            update(ChatAccount)
            .where(
                ChatAccount.channel == channel,
                ChatAccount.user_id == user_id,
                ChatAccount.unbound_at.is_(None),
            )
            .values(blocked_at=None if reachable else clock.now())
        )
        if reachable:
            await outbox.requeue_unreachable(uow.session, channel=channel, chat_id=user_id, now=clock.now())
        await uow.commit()
