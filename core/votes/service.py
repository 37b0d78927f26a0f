"""Opening a vote, casting and changing a ballot, closing it and computing the result by the rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import service as audit
from core.context import Context
from core.db.uow import UnitOfWork
from core.errors import Conflict, Forbidden, InvalidInput
from core.meetings.access import meeting_for
from core.meetings.models import Meeting
from core.org.models import Unit
from core.org.rules import MemberRef, member_id_of
from core.reminders.models import Reminder
from core.text import clean
from core.votes import rules
from core.votes.candidates import MAX_CANDIDATES, match_candidates, typed_names
from core.votes.models import Ballot, SecretTally, SecretVoter, Vote
from core.votes.notify import announce_opening
from core.votes.roll import RollEntry, record, roll

MAX_TITLE = 500


@dataclass(frozen=True)
class VoteDraft:
    meeting_id: int
    title: str
    kind: str
    secret: bool = False
    candidates: tuple[str, ...] = ()
    closes_at: datetime | None = None


@dataclass(frozen=True)
class Cast:
    vote: Vote
    choice: str
    changed: bool
    same: bool = False  # the same choice pressed again: nothing changed


async def vote_for(
    uow: UnitOfWork, member: MemberRef, vote_id: int, at: datetime, *, manage: bool
) -> tuple[Vote, Meeting, Unit]:
    vote = await uow.session.get(Vote, vote_id)
    if vote is None:
        await audit.refuse(
            uow,
            member_id=member.id,
            target_kind="vote",
            target_id=vote_id,
            permission="vote",
            at=at,
            code="vote_not_found",
        )
    meeting, unit = await meeting_for(uow, member, vote.meeting_id, at, manage=manage, permission="vote")
    return vote, meeting, unit


def checked_title(title: str) -> str:
    """The question as it will be shown, checked at the step where it is typed."""
    title = clean(title)
    if not title or len(title) > MAX_TITLE:
        raise InvalidInput("vote_title_invalid", limit=MAX_TITLE)
    return title


def checked(draft: VoteDraft, now: datetime) -> VoteDraft:
    title = checked_title(draft.title)
    if draft.kind not in rules.THRESHOLDS:
        raise InvalidInput("vote_kind_invalid")
    candidates = typed_names(draft.candidates) if draft.kind == "election" else ()
    if draft.kind == "election" and not 1 <= len(candidates) <= MAX_CANDIDATES:
        raise InvalidInput("vote_candidates_missing", limit=MAX_CANDIDATES)
    if draft.closes_at is not None and draft.closes_at <= now:
        raise InvalidInput("vote_closes_in_past")
    secret = draft.secret or rules.THRESHOLDS[draft.kind].secret_required
    return VoteDraft(draft.meeting_id, title, draft.kind, secret, candidates, draft.closes_at)


async def check_candidates(
    ctx: Context, *, actor: MemberRef, meeting_id: int, typed: list[str]
) -> tuple[str, ...]:
    """The candidates as the members' full names, checked against the meeting's roll at the step itself."""
    async with ctx.uow() as uow:
        meeting, unit = await meeting_for(
            uow, actor, meeting_id, ctx.clock.now(), manage=True, permission="vote"
        )
        return match_candidates(typed_names(typed), await roll(uow.session, meeting, unit))


async def open_vote(ctx: Context, *, actor: MemberRef, draft: VoteDraft) -> tuple[Vote, list[RollEntry]]:
    now = ctx.clock.now()
    draft = checked(draft, now)
    async with ctx.uow() as uow:
        meeting, unit = await meeting_for(uow, actor, draft.meeting_id, now, manage=True, permission="vote")
        if meeting.status == "cancelled":
            raise Conflict("meeting_cancelled")
        entries = await roll(uow.session, meeting, unit)
        choices = (
            [*match_candidates(draft.candidates, entries), "khong_bieu_quyet"]
            if draft.kind == "election"
            else list(rules.ORDINARY_CHOICES)
        )
        vote = Vote(
            meeting_id=meeting.id,
            title=draft.title,
            kind=draft.kind,
            secret=draft.secret,
            choices=choices,
            status="open",
            closes_at=draft.closes_at,
            opened_by=member_id_of(actor),
            opened_at=now,
        )
        uow.session.add(vote)
        await uow.flush()
        if vote.secret:
            uow.session.add_all(SecretTally(vote_id=vote.id, choice=c, count=0) for c in choices)
        if draft.closes_at is not None:
            uow.session.add(Reminder(kind="vote_close", subject_id=vote.id, due_at=draft.closes_at))
        await announce_opening(uow.session, vote, unit, entries, now)
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="vote.open",
            at=now,
            target_kind="vote",
            target_id=vote.id,
            kind=vote.kind,
            secret=vote.secret,
        )
        await uow.commit()
        return vote, entries


async def cast_ballot(ctx: Context, *, member: MemberRef, vote_id: int, choice: str) -> Cast:
    """One ballot per member: an open one can change until closing; a secret one is final."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        vote, meeting, unit = await vote_for(uow, member, vote_id, now, manage=False)
        entry = next((e for e in await roll(uow.session, meeting, unit) if e.member_id == member.id), None)
        if entry is None:
            await audit.refuse(
                uow,
                member_id=member.id,
                target_kind="vote",
                target_id=vote_id,
                permission="vote.cast",
                at=now,
                code="vote_not_found",
            )
        reason = rules.may_vote(entry.voter)
        if reason is not None:
            raise Forbidden(reason)
        if choice not in vote.choices:
            raise InvalidInput("answer_invalid")
        # takes the vote's row lock: ballots and the closing are counted one after the other, exactly
        still_open = await uow.session.execute(
            update(Vote).where(Vote.id == vote.id, Vote.status == "open").values(status="open")
        )
        if still_open.rowcount != 1:  # type: ignore[attr-defined]
            await uow.session.refresh(vote)
            raise Conflict("vote_cancelled" if vote.status == "cancelled" else "vote_closed")
        if not entry.recorded:  # voting at the meeting: present, unless the secretary recorded otherwise
            await record(uow.session, meeting.id, member.id, "present", by=member.id, at=now)
        before = None if vote.secret else await _open(uow.session, vote, member.id, choice, now)
        if vote.secret:
            await _secret(uow.session, vote, member.id, choice)
        await uow.commit()
        return Cast(vote, choice, changed=before not in (None, choice), same=before == choice)


async def _open(session: AsyncSession, vote: Vote, member_id: int, choice: str, now: datetime) -> str | None:
    """Records the open ballot; returns the choice it had before (None for a first ballot)."""
    stmt = select(Ballot).where(Ballot.vote_id == vote.id, Ballot.member_id == member_id)
    ballot = await session.scalar(stmt)
    if ballot is not None:
        before = ballot.choice
        if before != choice:
            ballot.choice, ballot.cast_at = choice, now
        return before
    session.add(Ballot(vote_id=vote.id, member_id=member_id, choice=choice, cast_at=now))
    await session.flush()
    return None


async def _secret(session: AsyncSession, vote: Vote, member_id: int, choice: str) -> None:
    try:
        async with session.begin_nested():
            session.add(SecretVoter(vote_id=vote.id, member_id=member_id))
    except IntegrityError:
        raise Conflict("vote_secret_final") from None
    # Every counter of the vote is rewritten, the chosen one raised by one: all rows carry the same
    # transaction (PostgreSQL's xmin), so the voter's transaction does not single out their choice.
    await session.execute(
        update(SecretTally)
        .where(SecretTally.vote_id == vote.id)
        .values(count=SecretTally.count + case((SecretTally.choice == choice, 1), else_=0))
    )


async def counts(session: AsyncSession, vote: Vote) -> tuple[dict[str, int], int]:
    """Votes per choice and how many members have voted."""
    if vote.secret:
        rows = await session.execute(
            select(SecretTally.choice, SecretTally.count).where(SecretTally.vote_id == vote.id)
        )
        tally = {c: int(n) for c, n in rows.all()}
        voted = await session.scalar(select(func.count()).where(SecretVoter.vote_id == vote.id))
        return tally, int(voted or 0)
    rows = await session.execute(
        select(Ballot.choice, func.count()).where(Ballot.vote_id == vote.id).group_by(Ballot.choice)
    )
    tally = {c: int(n) for c, n in rows.all()}
    return tally, sum(tally.values())


async def close(
    session: AsyncSession, vote: Vote, meeting: Meeting, unit: Unit, now: datetime
) -> rules.Outcome | None:
    """Closes the vote (once) and stores its result with everything the formula needs."""
    closed = await session.execute(
        update(Vote).where(Vote.id == vote.id, Vote.status == "open").values(status="closed", closed_at=now)
    )
    if closed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    entries = await roll(session, meeting, unit)
    voters = [e.voter for e in entries]
    tally, voted = await counts(session, vote)
    base = rules.base_of(voters)
    full_members = sum(1 for v in voters if v.full)
    result = rules.outcome(vote.kind, tally, base, full_members)
    eligible = sum(1 for v in voters if rules.may_vote(v) is None)
    vote.outcome = {
        "counts": tally,
        "voted": voted,
        "eligible": eligible,
        "base": base.size,
        "summoned_full": base.summoned_full,
        "exempted_absent": base.exempted_absent,
        "excused_absent": base.excused_absent,
        "excluded": base.excluded,
        "denominator": result.denominator,
        "needed": result.needed,
        "passed": result.passed,
        "winner": result.winner,
    }
    vote.status, vote.closed_at = "closed", now
    return result
