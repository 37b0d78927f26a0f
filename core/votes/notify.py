"""Telling the meeting's members that a vote is open (with its choices) and what it decided."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation import tokens
from core.conversation.screens import Screen
from core.org.models import Unit
from core.outbox import service as outbox
from core.texts import join_lines, t
from core.votes import rules
from core.votes.models import Vote
from core.votes.roll import RollEntry
from core.votes.views import choice_label, header, result_text

BALLOT_TTL = timedelta(days=30)


async def announce_opening(
    session: AsyncSession, vote: Vote, unit: Unit, entries: list[RollEntry], now: datetime
) -> None:
    """Who may vote gets the choices; a probationary member is told, politely, why not."""
    items: list[tuple[int, Screen]] = []
    for entry in entries:
        reason = rules.may_vote(entry.voter)
        if reason == "vote_absent":
            continue  # recorded absent: no ballot, no message
        head = join_lines([t("vote.opened", unit=unit.name), header(vote)])
        if reason is not None:
            items.append((entry.member_id, Screen(join_lines([head, t(f"error.{reason}")]))))
            continue
        options = tuple(
            tokens.issue(
                session,
                member_id=entry.member_id,
                label=choice_label(c),
                action="vote.cast",
                now=now,
                ttl=BALLOT_TTL,
                vote_id=vote.id,
                choice=c,
            )
            for c in vote.choices
        )
        hint = t("vote.hint_secret" if vote.secret else "vote.hint_open")
        items.append((entry.member_id, Screen(join_lines([head, hint]), options)))
    await outbox.enqueue(session, items=items, subject_kind="vote", subject_id=vote.id, now=now)


async def announce_result(session: AsyncSession, vote: Vote, entries: list[RollEntry], now: datetime) -> None:
    screen = Screen(result_text(vote))
    items = [(e.member_id, screen) for e in entries]
    await outbox.enqueue(session, items=items, subject_kind="vote_result", subject_id=vote.id, now=now)
