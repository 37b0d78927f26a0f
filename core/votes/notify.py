"""Telling the meeting's members that a vote is open (with its choices) and what it decided."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation import tokens
from core.conversation.screens import Screen
from core.org.models import Unit
from core.outbox import service as outbox
from core.texts import join_lines, t
from core.votes import rules
from core.votes.models import Ballot, SecretVoter, Vote
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
        if reason is not None:
            head = join_lines([t("vote.opened", unit=unit.name), header(vote)])
            items.append((entry.member_id, Screen(join_lines([head, t(f"error.{reason}")]))))
            continue
        items.append((entry.member_id, ballot(session, vote, unit, entry.member_id, now)))
    await outbox.enqueue(session, items=items, subject_kind="vote", subject_id=vote.id, now=now)


def ballot(session: AsyncSession, vote: Vote, unit: Unit, member_id: int, now: datetime) -> Screen:
    """The vote with its choices, each a button bound to this member."""
    options = tuple(
        tokens.issue(
            session,
            member_id=member_id,
            label=choice_label(c),
            action="vote.cast",
            now=now,
            ttl=BALLOT_TTL,
            vote_id=vote.id,
            choice=c,
        )
        for c in vote.choices
    )
    head = join_lines([t("vote.opened", unit=unit.name), header(vote)])
    hint = t("vote.hint_secret" if vote.secret else "vote.hint_open")
    return Screen(join_lines([head, hint]), options)


async def late_ballots(
    session: AsyncSession, meeting_id: int, unit: Unit, member_id: int, now: datetime
) -> None:
    """A member marked present after votes opened gets the ballot of each open one not yet voted in."""
    stmt = select(Vote).where(Vote.meeting_id == meeting_id, Vote.status == "open").order_by(Vote.id)
    for vote in await session.scalars(stmt):
        model = SecretVoter if vote.secret else Ballot
        voted = await session.scalar(
            select(model.member_id).where(model.vote_id == vote.id, model.member_id == member_id)
        )
        if voted is None:
            screen = ballot(session, vote, unit, member_id, now)
            await outbox.enqueue(
                session, items=[(member_id, screen)], subject_kind="vote", subject_id=vote.id, now=now
            )


async def announce_result(session: AsyncSession, vote: Vote, entries: list[RollEntry], now: datetime) -> None:
    screen = Screen(result_text(vote))
    items = [(e.member_id, screen) for e in entries]
    await outbox.enqueue(session, items=items, subject_kind="vote_result", subject_id=vote.id, now=now)
