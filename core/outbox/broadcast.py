"""One screen to every member of a unit and the units below it, as outbox rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.screens import Screen
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.outbox import service as outbox


async def to_unit(
    session: AsyncSession, unit: Unit, screen: Screen, *, subject_kind: str, subject_id: int, now: datetime
) -> int:
    """Queues the screen for everyone below `unit`; the number of recipients (for the audit)."""
    members = await UnitRepository(session).members_in_subtree(unit.path)
    await outbox.enqueue(
        session,
        items=[(m.id, screen) for m in members],
        subject_kind=subject_kind,
        subject_id=subject_id,
        now=now,
    )
    return len(members)
