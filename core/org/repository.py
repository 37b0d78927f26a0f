from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.members.models import ChatAccount, Member
from core.org.models import Role, Unit


class UnitRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, unit_id: int) -> Unit | None:
        return await self.session.get(Unit, unit_id)

    async def by_code(self, code: str) -> Unit | None:
        return (await self.session.execute(select(Unit).where(Unit.code == code))).scalar_one_or_none()

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Unit]:
        if not ids:
            return {}
        rows = (await self.session.execute(select(Unit).where(Unit.id.in_(set(ids))))).scalars()
        return {u.id: u for u in rows}

    async def subtree(self, path: str) -> list[Unit]:
        stmt = select(Unit).where(Unit.path.startswith(path)).order_by(Unit.path)
        return list((await self.session.execute(stmt)).scalars())

    async def all(self) -> list[Unit]:
        return list((await self.session.execute(select(Unit).order_by(Unit.path))).scalars())

    async def members_in_subtree(self, path: str) -> list[Member]:
        stmt = (
            select(Member)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Unit.path.startswith(path))
            .order_by(Member.name_folded, Member.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def role_holders(self, unit_id: int, roles: Sequence[str]) -> list[Member]:
        stmt = (
            select(Member)
            .join(Role, Role.member_id == Member.id)
            .where(Role.unit_id == unit_id, Role.role.in_(roles))
            .order_by(Member.id)
            .distinct()
        )
        return list((await self.session.execute(stmt)).scalars())

    async def join_counts(self) -> dict[int, tuple[int, int]]:
        """unit id → (members joined, members) for members placed directly in the unit."""
        joined = select(ChatAccount.member_id).where(ChatAccount.unbound_at.is_(None)).distinct().subquery()
        stmt = (
            select(Member.unit_id, func.count(Member.id), func.count(joined.c.member_id))
            .outerjoin(joined, joined.c.member_id == Member.id)
            .group_by(Member.unit_id)
        )
        return {unit_id: (int(j), int(n)) for unit_id, n, j in (await self.session.execute(stmt)).all()}
