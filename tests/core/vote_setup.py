"""A vote opened by the secretary of «Chi bộ Khu vực 1» an hour before its meeting, and An's ballot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from core.context import Context
from core.meetings.models import Meeting
from core.members.repository import MemberRepository
from core.org.rules import MemberRef
from core.outbox.models import OutboxMessage
from core.votes import service
from tests.chat_helpers import Person
from tests.factories import make_meeting
from tests.org_fixture import Org, build_org


@dataclass
class OpenedVote:
    org: Org
    meeting: Meeting
    secretary: MemberRef
    an: Person  # Nguyễn Văn An, a full member with a ballot
    yes: str  # the token of An's «Đồng ý»


async def open_vote_for_an(ctx: Context, title: str) -> OpenedVote:
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=ctx.clock.now() + timedelta(hours=1))
        await u.commit()
        secretary = await MemberRepository(u.session).ref(org.secretary.id)
    assert secretary is not None
    await service.open_vote(ctx, actor=secretary, draft=service.VoteDraft(meeting.id, title, "resolution"))
    async with ctx.uow() as u:
        ballot = await u.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.subject_kind == "vote", OutboxMessage.member_id == org.members[1].id
            )
        )
    assert ballot is not None
    yes = next(tok for lbl, tok in ballot.payload["options"] if "Đồng ý" in lbl and "Không" not in lbl)
    return OpenedVote(org, meeting, secretary, Person(ctx, org.accounts[org.members[1].id]), yes)
