"""The minutes' summary of the comments on each draft: how many, who said what, what was taken in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.drafts.models import Draft, DraftComment
from core.members.models import Member
from core.texts import label

GIST = 300  # characters of a comment kept in the minutes


@dataclass(frozen=True)
class DraftSummary:
    title: str
    count: int
    lines: tuple[str, ...]  # «Nguyễn Văn An (tiếp thu): …», one per comment


async def draft_summaries(session: AsyncSession, meeting_id: int) -> tuple[DraftSummary, ...]:
    drafts = list(
        await session.scalars(select(Draft).where(Draft.meeting_id == meeting_id).order_by(Draft.id))
    )
    if not drafts:
        return ()
    rows = (
        select(DraftComment, Member.full_name)
        .join(Member, Member.id == DraftComment.member_id)
        .where(DraftComment.draft_id.in_([d.id for d in drafts]), DraftComment.withdrawn.is_(False))
        .order_by(DraftComment.id)
    )
    by_draft: dict[int, list[str]] = {d.id: [] for d in drafts}
    for comment, name in (await session.execute(rows)).all():
        mark = label(f"minutes.comment.{_mark(comment.taken_in)}")
        by_draft[comment.draft_id].append(
            label("minutes.comment.line", name=name, mark=mark, gist=_gist(comment.text))
        )
    return tuple(DraftSummary(d.title, len(by_draft[d.id]), tuple(by_draft[d.id])) for d in drafts)


def _mark(taken_in: bool | None) -> str:
    return "undecided" if taken_in is None else ("taken" if taken_in else "not_taken")


def _gist(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= GIST else flat[: GIST - 1].rstrip() + "…"
