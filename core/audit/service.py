from __future__ import annotations

from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from core.audit.models import AuditEntry
from core.db.uow import UnitOfWork
from core.errors import NotFound


def record(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    at: datetime,
    target_kind: str | None = None,
    target_id: int | None = None,
    **details: Any,
) -> None:
    """Adds an audit row to the caller's transaction."""
    session.add(
        AuditEntry(
            actor=actor, action=action, target_kind=target_kind, target_id=target_id, details=details, at=at
        )
    )


def member_actor(member_id: int) -> str:
    return f"member:{member_id}" if member_id else "admin"


async def refuse(
    uow: UnitOfWork,
    *,
    member_id: int,
    target_kind: str,
    target_id: int | None,
    permission: str,
    at: datetime,
    code: str,
) -> NoReturn:
    """Logs a refused access and answers as if the object did not exist, so nothing leaks."""
    record(
        uow.session,
        actor=member_actor(member_id),
        action="access.refused",
        at=at,
        target_kind=target_kind,
        target_id=target_id,
        permission=permission,
    )
    await uow.commit()
    raise NotFound(code)
