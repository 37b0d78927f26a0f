from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.members.models import ChatAccount, Member
from core.org.models import Role, Unit
from core.org.rules import MemberRef, RoleRef


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, member_id: int) -> Member | None:
        return await self.session.get(Member, member_id)

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Member]:
        if not ids:
            return {}
        rows = (await self.session.execute(select(Member).where(Member.id.in_(set(ids))))).scalars()
        return {m.id: m for m in rows}

    async def ref(self, member_id: int) -> MemberRef | None:
        row = (
            await self.session.execute(
                select(Member, Unit).join(Unit, Unit.id == Member.unit_id).where(Member.id == member_id)
            )
        ).first()
        if row is None:
            return None
        member, unit = row
        roles = (
            await self.session.execute(
                select(Role.unit_id, Unit.path, Role.role)
                .join(Unit, Unit.id == Role.unit_id)
                .where(Role.member_id == member_id)
            )
        ).all()
        return MemberRef(
            id=member.id,
            full_name=member.full_name,
            unit_id=unit.id,
            unit_path=unit.path,
            unit_name=unit.name,
            status=member.status,
            exempted=member.exempted,
            roles=tuple(RoleRef(unit_id=u, unit_path=p, role=r) for u, p, r in roles),
        )

    async def active_account(self, channel: str, user_id: str) -> ChatAccount | None:
        stmt = select(ChatAccount).where(
            ChatAccount.channel == channel, ChatAccount.user_id == user_id, ChatAccount.unbound_at.is_(None)
        )
        return (await self.session.execute(stmt)).scalars().first()

    async def accounts_of(self, member_ids: Sequence[int]) -> dict[int, list[ChatAccount]]:
        out: dict[int, list[ChatAccount]] = {}
        if not member_ids:
            return out
        stmt = (
            select(ChatAccount)
            .where(ChatAccount.member_id.in_(set(member_ids)), ChatAccount.unbound_at.is_(None))
            .order_by(ChatAccount.bound_at.desc())
        )
        for account in (await self.session.execute(stmt)).scalars():
            out.setdefault(account.member_id, []).append(account)
        return out
