from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.activity.models import ActivityEvent


def record(session: AsyncSession, *, member_id: int, channel: str, feature: str, at: datetime) -> None:
    session.add(ActivityEvent(member_id=member_id, channel=channel, feature=feature, at=at))
