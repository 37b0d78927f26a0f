from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.audit.models import AuditEntry


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
    return f"member:{member_id}"
