"""Scoring a meeting on the organisation's sheet, and members rating it themselves."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.audit import service as audit
from core.context import Context
from core.documents.rules import ancestor_ids
from core.errors import InvalidInput
from core.meetings.access import meeting_for
from core.org.rules import MemberRef, member_id_of
from core.quality.models import MeetingScore, MemberRating, ScoreSheet
from core.quality.sheet import DEFAULT_SHEET, GRADES, Sheet


@dataclass(frozen=True)
class Score:
    sheet: Sheet
    scores: dict[str, int]
    total: int
    grade: str


async def sheet_for(ctx: Context, *, actor: MemberRef, meeting_id: int) -> Sheet:
    async with ctx.uow() as uow:
        _meeting, unit = await meeting_for(
            uow, actor, meeting_id, ctx.clock.now(), manage=True, permission="meeting.score"
        )
        above = ancestor_ids(unit.path)
        rows = await uow.session.scalars(
            select(ScoreSheet).where(ScoreSheet.unit_id.in_(above)).order_by(ScoreSheet.created_at.desc())
        )
        by_unit: dict[int, ScoreSheet] = {}
        for row in rows:
            by_unit.setdefault(row.unit_id, row)
        nearest = next((by_unit[u] for u in reversed(above) if u in by_unit), None)
        return Sheet.from_data(nearest.data) if nearest else DEFAULT_SHEET


def check_scores(sheet: Sheet, scores: dict[str, int]) -> int:
    for criterion in sheet.criteria:
        value = scores.get(criterion.key)
        if value is None or not 0 <= value <= criterion.points:
            raise InvalidInput("score_out_of_range", title=criterion.title, points=criterion.points)
    return sum(scores[c.key] for c in sheet.criteria)


async def score_meeting(ctx: Context, *, actor: MemberRef, meeting_id: int, scores: dict[str, int]) -> Score:
    sheet = await sheet_for(ctx, actor=actor, meeting_id=meeting_id)
    total = check_scores(sheet, scores)
    grade = sheet.grade(total)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, _unit = await meeting_for(
            uow, actor, meeting_id, now, manage=True, permission="meeting.score"
        )
        row = await uow.session.scalar(select(MeetingScore).where(MeetingScore.meeting_id == meeting.id))
        if row is None:
            row = MeetingScore(meeting_id=meeting.id)
            uow.session.add(row)
        row.sheet_version, row.scores, row.total, row.grade = sheet.version, dict(scores), total, grade
        row.scored_by, row.scored_at = member_id_of(actor), now
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="meeting.score",
            at=now,
            target_kind="meeting",
            target_id=meeting.id,
            total=total,
            version=sheet.version,
        )
        await uow.commit()
    return Score(sheet, dict(scores), total, grade)


async def rate_meeting(ctx: Context, *, member: MemberRef, meeting_id: int, grade: str) -> None:
    if grade not in GRADES:
        raise InvalidInput("answer_invalid")
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, _unit = await meeting_for(
            uow, member, meeting_id, now, manage=False, permission="meeting.score"
        )
        stmt = select(MemberRating).where(
            MemberRating.meeting_id == meeting.id, MemberRating.member_id == member.id
        )
        row = await uow.session.scalar(stmt)
        if row is None:
            uow.session.add(
                MemberRating(meeting_id=meeting.id, member_id=member.id, grade=grade, rated_at=now)
            )
        else:
            row.grade, row.rated_at = grade, now
        await uow.commit()
