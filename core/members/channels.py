"""A member with accounts in several messengers: where notices go, and a code to add another one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.audit import service as audit
from core.context import Context
from core.errors import InvalidInput
from core.invites.service import InviteRow, reissue_invite
from core.members.models import ChatAccount, Member

LINK_CODE_DAYS = 1


async def bound_channels(ctx: Context, *, member_id: int) -> tuple[list[str], str | None]:
    """The channels with an active account, and the one notices go to."""
    async with ctx.uow() as uow:
        member = await uow.session.get(Member, member_id)
        stmt = select(ChatAccount.channel).where(
            ChatAccount.member_id == member_id, ChatAccount.unbound_at.is_(None)
        )
        channels = sorted(set((await uow.session.scalars(stmt)).all()))
        return channels, member.preferred_channel if member else None


async def choose_channel(ctx: Context, *, member_id: int, channel: str) -> None:
    channels, _current = await bound_channels(ctx, member_id=member_id)
    if channel not in channels:
        raise InvalidInput("channel_not_bound")
    now: datetime = ctx.clock.now()
    async with ctx.uow() as uow:
        member = await uow.session.get(Member, member_id)
        assert member is not None
        member.preferred_channel, member.updated_at = channel, now
        audit.record(
            uow.session,
            actor=audit.member_actor(member_id),
            action="member.channel",
            at=now,
            target_kind="member",
            target_id=member_id,
            channel=channel,
        )
        await uow.commit()


async def link_code(ctx: Context, *, member_id: int) -> InviteRow:
    """A one-time code this member types in the other messenger to bind it too (valid one day)."""
    async with ctx.uow() as uow:
        member = await uow.session.get(Member, member_id)
        assert member is not None
        code = member.code
    return await reissue_invite(
        ctx.uow(), ctx.clock, member_code=code, ttl_days=LINK_CODE_DAYS, actor=audit.member_actor(member_id)
    )
