"""Action tokens: a button or a numbered choice carries only a random token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.models import ActionToken
from core.conversation.screens import Option

FLOW_TTL = timedelta(days=2)


@dataclass(frozen=True)
class Action:
    name: str
    args: dict[str, Any]


def issue(
    session: AsyncSession,
    *,
    member_id: int,
    label: str,
    action: str,
    now: datetime,
    ttl: timedelta = FLOW_TTL,
    **args: Any,
) -> Option:
    token = secrets.token_urlsafe(12)
    session.add(
        ActionToken(
            token=token, member_id=member_id, action=action, args=args, created_at=now, expires_at=now + ttl
        )
    )
    return Option(label=label, token=token)


class ForeignToken(Exception):
    """A token issued to another member: a forged or replayed button."""

    def __init__(self, action: Action) -> None:
        super().__init__(action.name)
        self.action = action


async def lookup(session: AsyncSession, *, token: str, member_id: int, now: datetime) -> Action | None:
    """The action behind a token, only for the member it was issued to and only while valid.

    Raises ForeignToken when the token is real but belongs to someone else."""
    if not token or len(token) > 32:
        return None
    row = await session.get(ActionToken, token)
    if row is None or row.expires_at <= now:
        return None
    found = Action(name=row.action, args=dict(row.args))
    if row.member_id != member_id:
        raise ForeignToken(found)
    return found


async def purge_expired(session: AsyncSession, *, now: datetime) -> None:
    await session.execute(delete(ActionToken).where(ActionToken.expires_at <= now))
