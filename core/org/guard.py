"""The unit an actor wants to act on, if their role reaches it; otherwise logged and "không tìm thấy"."""

from __future__ import annotations

from datetime import datetime

from core.audit import service as audit
from core.db.uow import UnitOfWork
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import MemberRef, can


async def unit_for(
    uow: UnitOfWork, actor: MemberRef, unit_id: int, *, permission: str, at: datetime, code: str
) -> Unit:
    unit = await UnitRepository(uow.session).get(unit_id)
    if unit is None or not can(actor, permission, unit.path):
        await audit.refuse(
            uow,
            member_id=actor.id,
            target_kind="unit",
            target_id=unit_id,
            permission=permission,
            at=at,
            code=code,
        )
    return unit
