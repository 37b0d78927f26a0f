"""Telling a meeting's invitees, and its supervising committee, about it (through the outbox)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.context import Context
from core.conversation import tokens
from core.conversation.screens import Option, Screen
from core.db.uow import UnitOfWork
from core.meetings.models import Meeting
from core.meetings.repository import MeetingRepository
from core.meetings.views import MeetingView, copy_screen, notice_screen
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.outbox import service as outbox
from core.texts import Rich, label


def rsvp_options(
    session: AsyncSession, member_id: int, meeting: Meeting, now: datetime
) -> tuple[Option, ...]:
    ttl = max(meeting.starts_at - now, timedelta(0)) + timedelta(days=7)  # answers "too late" after the start
    return tuple(
        tokens.issue(
            session,
            member_id=member_id,
            label=label(f"meeting.btn.{answer}"),
            action="meeting.rsvp",
            now=now,
            ttl=ttl,
            meeting_id=meeting.id,
            answer=answer,
        )
        for answer in ("attend", "absent")
    )


def papers_option(session: AsyncSession, member_id: int, meeting: Meeting, now: datetime) -> Option:
    """«📎 Xem tài liệu họp» on a notice that lists papers: the meeting's papers, each to open."""
    return tokens.issue(
        session,
        member_id=member_id,
        label=label("meeting.btn.papers"),
        action="paper.list",
        now=now,
        ttl=max(meeting.starts_at - now, timedelta(0)) + timedelta(days=30),
        meeting_id=meeting.id,
    )


async def notify_invitees(
    ctx: Context,
    uow: UnitOfWork,
    meeting: Meeting,
    unit: Unit,
    *,
    title: Rich,
    subject: str,
    with_buttons: bool,
    only: set[int] | None = None,
) -> int:
    now = ctx.clock.now()
    view = MeetingView.of(meeting, unit.name, await MeetingRepository(uow.session).paper_titles(meeting.id))
    items: list[tuple[int, Screen]] = []
    for member in await MeetingRepository(uow.session).invitees(meeting, unit):
        if only is not None and member.id not in only:
            continue
        options = rsvp_options(uow.session, member.id, meeting, now) if with_buttons else ()
        if with_buttons and view.papers:
            options += (papers_option(uow.session, member.id, meeting, now),)
        items.append((member.id, notice_screen(view, ctx.zone, title, options)))
    await outbox.enqueue(uow.session, items=items, subject_kind=subject, subject_id=meeting.id, now=now)
    return len(items)


async def copy_to_superior(ctx: Context, uow: UnitOfWork, meeting: Meeting, unit: Unit, title: Rich) -> None:
    """The supervising committee's secretary gets a copy (no answer buttons), unless already invited."""
    if unit.parent_id is None:
        return
    invited = {m.id for m in await MeetingRepository(uow.session).invitees(meeting, unit)}
    secretaries = [
        m
        for m in await UnitRepository(uow.session).role_holders(unit.parent_id, ("bi_thu",))
        if m.id not in invited
    ]
    screen = copy_screen(MeetingView.of(meeting, unit.name), ctx.zone, title)
    await outbox.enqueue(
        uow.session,
        items=[(m.id, screen) for m in secretaries],
        subject_kind="meeting_copy",
        subject_id=meeting.id,
        now=ctx.clock.now(),
    )
