"""The secretary's side: attendance and quorum, a vote's turnout, closing by hand or at its time."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import service as audit
from core.context import Context
from core.conversation.screens import Screen
from core.errors import Conflict
from core.meetings.access import meeting_for
from core.meetings.repository import MeetingRepository
from core.meetings.views import MeetingView
from core.org.rules import MemberRef, member_id_of
from core.reminders.models import Reminder
from core.reminders.service import ReminderHandler
from core.texts import label
from core.votes import rules
from core.votes.models import Ballot, QuorumRule, SecretVoter, Vote
from core.votes.notify import announce_result, late_ballots
from core.votes.roll import RollEntry, record, roll
from core.votes.service import close, vote_for


@dataclass(frozen=True)
class Roll:
    meeting: MeetingView
    entries: tuple[RollEntry, ...]
    quorum: rules.Quorum


@dataclass(frozen=True)
class Turnout:
    vote: Vote
    voted: tuple[str, ...]
    waiting: tuple[str, ...]
    not_voting: tuple[str, ...]  # «name (why)»: probationary, exempted and away, absent


async def meeting_roll(ctx: Context, *, actor: MemberRef, meeting_id: int) -> Roll:
    async with ctx.uow() as uow:
        meeting, unit = await meeting_for(
            uow, actor, meeting_id, ctx.clock.now(), manage=True, permission="vote"
        )
        entries = tuple(await roll(uow.session, meeting, unit))
        share = await quorum_share(uow.session, unit.path)
        return Roll(
            MeetingView.of(meeting, unit.name), entries, rules.quorum([e.voter for e in entries], share)
        )


async def quorum_share(session: AsyncSession, unit_path: str) -> Fraction:
    """The organisation's quorum: the rule of the nearest unit up, else the default."""
    above = [int(p) for p in unit_path.strip("/").split("/") if p]
    found = {
        r.unit_id: r for r in await session.scalars(select(QuorumRule).where(QuorumRule.unit_id.in_(above)))
    }
    rule = next((found[u] for u in reversed(above) if u in found), None)
    return Fraction(rule.numerator, rule.denominator) if rule and rule.denominator else rules.DEFAULT_QUORUM


async def set_attendance(
    ctx: Context, *, actor: MemberRef, meeting_id: int, member_id: int, status: str
) -> None:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, unit = await meeting_for(uow, actor, meeting_id, now, manage=True, permission="vote")
        before = next(
            (e.voter for e in await roll(uow.session, meeting, unit) if e.member_id == member_id), None
        )
        if before is None:
            await audit.refuse(
                uow,
                member_id=actor.id,
                target_kind="member",
                target_id=member_id,
                permission="attendance",
                at=now,
                code="member_not_found",
            )
        await record(uow.session, meeting.id, member_id, status, by=member_id_of(actor), at=now)
        after = replace(before, attendance=status)
        if rules.may_vote(before) is not None and rules.may_vote(after) is None:
            await late_ballots(uow.session, meeting.id, unit, member_id, now)
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="attendance.set",
            at=now,
            target_kind="meeting",
            target_id=meeting.id,
            member_id=member_id,
            status=status,
        )
        await uow.commit()


async def meeting_votes(ctx: Context, *, member: MemberRef, meeting_id: int) -> list[Vote]:
    async with ctx.uow() as uow:
        meeting, _unit = await meeting_for(
            uow, member, meeting_id, ctx.clock.now(), manage=False, permission="vote"
        )
        return list(
            await uow.session.scalars(select(Vote).where(Vote.meeting_id == meeting.id).order_by(Vote.id))
        )


async def turnout(ctx: Context, *, actor: MemberRef, vote_id: int) -> Turnout:
    """Who has voted (never what, until the result), who may still vote, who does not vote."""
    async with ctx.uow() as uow:
        vote, meeting, unit = await vote_for(uow, actor, vote_id, ctx.clock.now(), manage=True)
        entries = await roll(uow.session, meeting, unit)
        model = SecretVoter if vote.secret else Ballot
        voted_ids = set(await uow.session.scalars(select(model.member_id).where(model.vote_id == vote.id)))
        eligible = [e for e in entries if rules.may_vote(e.voter) is None]
        return Turnout(
            vote,
            tuple(e.full_name for e in eligible if e.member_id in voted_ids),
            tuple(e.full_name for e in eligible if e.member_id not in voted_ids),
            tuple(
                label(f"vote.not_voting.{reason}", name=e.full_name)
                for e in entries
                if (reason := rules.may_vote(e.voter)) is not None
            ),
        )


async def close_vote(ctx: Context, *, actor: MemberRef, vote_id: int) -> Vote:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        vote, meeting, _unit = await vote_for(uow, actor, vote_id, now, manage=True)
        if vote.status == "cancelled":  # an old «Đóng» button after the vote was cancelled
            raise Conflict("vote_cancelled")
        await _close_and_tell(uow.session, vote, meeting.id, now)
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="vote.close",
            at=now,
            target_kind="vote",
            target_id=vote.id,
        )
        await uow.commit()
        return vote


async def _close_and_tell(session: AsyncSession, vote: Vote, meeting_id: int, now: datetime) -> bool:
    found = await MeetingRepository(session).get_with_unit(meeting_id)
    assert found is not None
    meeting, unit = found
    if await close(session, vote, meeting, unit, now) is None:
        await session.refresh(vote)
        return False
    await announce_result(session, vote, await roll(session, meeting, unit), now)
    return True


def closing_handler(_zone: ZoneInfo) -> ReminderHandler:
    """A vote set to close at a time is closed by the reminder job; its result goes out like a hand close."""

    async def handle(
        session: AsyncSession, reminder: Reminder, now: datetime, _late: bool
    ) -> list[tuple[int, Screen]] | None:
        vote = await session.get(Vote, reminder.subject_id)
        if vote is None or vote.status != "open":
            return None
        if not await _close_and_tell(session, vote, vote.meeting_id, now):
            return None
        return []

    return handle
