"""A vote opened by mistake: the secretary cancels it, members are told, its ballots count for nothing."""

from __future__ import annotations

from sqlalchemy import update

from core.audit import service as audit
from core.context import Context
from core.conversation.screens import Screen
from core.errors import Conflict
from core.org.rules import MemberRef
from core.outbox import service as outbox
from core.texts import t
from core.votes import rules
from core.votes.models import Vote
from core.votes.roll import roll
from core.votes.service import vote_for


async def cancel_vote(ctx: Context, *, actor: MemberRef, vote_id: int) -> Vote:
    """Only an open vote; everyone who was sent it (all but those recorded absent) is told."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        vote, meeting, unit = await vote_for(uow, actor, vote_id, now, manage=True)
        done = await uow.session.execute(  # the vote row's lock, as for ballots and closing
            update(Vote)
            .where(Vote.id == vote.id, Vote.status == "open")
            .values(status="cancelled", closed_at=now)
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("vote_not_open")
        await uow.session.refresh(vote)
        screen = Screen(t("vote.cancelled", title=vote.title, unit=unit.name))
        items = [
            (e.member_id, screen)
            for e in await roll(uow.session, meeting, unit)
            if rules.may_vote(e.voter) != "vote_absent"
        ]
        await outbox.enqueue(
            uow.session, items=items, subject_kind="vote_cancel", subject_id=vote.id, now=now
        )
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="vote.cancel",
            at=now,
            target_kind="vote",
            target_id=vote.id,
        )
        await uow.commit()
        return vote
