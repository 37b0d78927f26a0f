"""The secretary's follow-up: who answered, reminders to the silent, moving and cancelling."""

from __future__ import annotations

from datetime import datetime

from core.audit import service as audit
from core.context import Context
from core.db.uow import UnitOfWork
from core.errors import InvalidInput
from core.meetings import rules
from core.meetings.models import Meeting, Rsvp
from core.meetings.notify import copy_to_superior, notify_invitees
from core.meetings.repository import MeetingRepository
from core.meetings.service import load_meeting
from core.meetings.views import MeetingStatusView, MeetingView
from core.members.models import ChatAccount, Member
from core.members.repository import MemberRepository
from core.org.models import Unit
from core.org.rules import MemberRef, can, managed_paths


async def _check_manage(
    actor: MemberRef, unit: Unit, uow: UnitOfWork, now: datetime, meeting_id: int
) -> None:
    """Refusals are answered like a missing meeting (nothing leaks) and logged."""
    if not can(actor, "meeting.manage", unit.path):
        await audit.refuse(
            uow,
            member_id=actor.id,
            target_kind="meeting",
            target_id=meeting_id,
            permission="meeting.manage",
            at=now,
            code="meeting_not_found",
        )


async def meeting_status(ctx: Context, *, actor: MemberRef, meeting_id: int) -> MeetingStatusView:
    async with ctx.uow() as uow:
        meeting, unit = await load_meeting(uow, meeting_id)
        await _check_manage(actor, unit, uow, ctx.clock.now(), meeting_id)
        repo = MeetingRepository(uow.session)
        invitees = await repo.invitees(meeting, unit)
        answers = await repo.rsvps(meeting_id)
        accounts = await MemberRepository(uow.session).accounts_of([m.id for m in invitees])
        return _status_view(MeetingView.of(meeting, unit.name), invitees, answers, accounts)


def _status_view(
    view: MeetingView,
    invitees: list[Member],
    answers: dict[int, Rsvp],
    accounts: dict[int, list[ChatAccount]],
) -> MeetingStatusView:
    attending = tuple(m.full_name for m in invitees if getattr(answers.get(m.id), "answer", None) == "attend")
    absent = tuple(
        (m.full_name, answers[m.id].reason or "")
        for m in invitees
        if getattr(answers.get(m.id), "answer", None) == "absent"
    )
    unanswered = tuple(m.full_name for m in invitees if m.id not in answers)
    not_joined = tuple(m.full_name for m in invitees if not accounts.get(m.id))
    unreachable = tuple(
        m.full_name
        for m in invitees
        if accounts.get(m.id) and all(a.blocked_at is not None for a in accounts[m.id])
    )
    return MeetingStatusView(view, attending, absent, unanswered, not_joined, unreachable)


async def remind_unanswered(ctx: Context, *, actor: MemberRef, meeting_id: int) -> int:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, unit = await load_meeting(uow, meeting_id)
        await _check_manage(actor, unit, uow, now, meeting_id)
        if not rules.can_answer(status=meeting.status, starts_at=meeting.starts_at, now=now):
            raise InvalidInput("meeting_closed")
        repo = MeetingRepository(uow.session)
        answered = set(await repo.rsvps(meeting_id))
        waiting = {m.id for m in await repo.invitees(meeting, unit)} - answered
        count = await notify_invitees(
            ctx,
            uow,
            meeting,
            unit,
            title_key="meeting.nudge.title",
            subject="meeting_nudge",
            with_buttons=True,
            only=waiting,
        )
        audit.record(
            uow.session,
            actor=f"member:{actor.id}",
            action="meeting.nudge",
            at=now,
            target_kind="meeting",
            target_id=meeting_id,
            count=count,
        )
        await uow.commit()
        return count


async def reschedule_meeting(
    ctx: Context, *, actor: MemberRef, meeting_id: int, starts_at: datetime
) -> MeetingView:
    now = ctx.clock.now()
    if starts_at <= now:
        raise InvalidInput("meeting_in_past")
    async with ctx.uow() as uow:
        meeting, unit = await _load_scheduled(ctx, uow, actor, meeting_id)
        old = meeting.starts_at
        meeting.starts_at, meeting.updated_at = starts_at, now
        repo = MeetingRepository(uow.session)
        await repo.cancel_reminders(meeting_id, now)
        repo.add_reminders(meeting_id, rules.reminder_times(starts_at, now))
        await _announce(
            ctx,
            uow,
            actor,
            meeting,
            unit,
            change="reschedule",
            old=old.isoformat(),
            new=starts_at.isoformat(),
        )
        return MeetingView.of(meeting, unit.name)


async def cancel_meeting(ctx: Context, *, actor: MemberRef, meeting_id: int) -> MeetingView:
    async with ctx.uow() as uow:
        meeting, unit = await _load_scheduled(ctx, uow, actor, meeting_id)
        meeting.status, meeting.updated_at = "cancelled", ctx.clock.now()
        await MeetingRepository(uow.session).cancel_reminders(meeting_id, ctx.clock.now())
        await _announce(ctx, uow, actor, meeting, unit, change="cancel")
        return MeetingView.of(meeting, unit.name)


async def _load_scheduled(
    ctx: Context, uow: UnitOfWork, actor: MemberRef, meeting_id: int
) -> tuple[Meeting, Unit]:
    meeting, unit = await load_meeting(uow, meeting_id)
    await _check_manage(actor, unit, uow, ctx.clock.now(), meeting_id)
    if meeting.status != "scheduled":
        raise InvalidInput("meeting_cancelled")
    return meeting, unit


CHANGES = {
    # change: (title, outbox subject, answer buttons)
    "reschedule": ("meeting.rescheduled.title", "meeting_update", True),
    "cancel": ("meeting.cancelled.title", "meeting_cancel", False),
}


async def _announce(
    ctx: Context,
    uow: UnitOfWork,
    actor: MemberRef,
    meeting: Meeting,
    unit: Unit,
    *,
    change: str,
    **details: str,
) -> None:
    """Everyone invited and the superior's secretary are told; the change is audited and committed."""
    now = ctx.clock.now()
    title, subject, buttons = CHANGES[change]
    await notify_invitees(ctx, uow, meeting, unit, title_key=title, subject=subject, with_buttons=buttons)
    await copy_to_superior(ctx, uow, meeting, unit, title)
    audit.record(
        uow.session,
        actor=f"member:{actor.id}",
        action=f"meeting.{change}",
        at=now,
        target_kind="meeting",
        target_id=meeting.id,
        **details,
    )
    await uow.commit()


async def managed_upcoming_meetings(ctx: Context, *, actor: MemberRef) -> list[MeetingView]:
    async with ctx.uow() as uow:
        rows = await MeetingRepository(uow.session).upcoming_in(
            managed_paths(actor, "meeting.manage"), ctx.clock.now()
        )
        return [MeetingView.of(m, u.name) for m, u in rows]
