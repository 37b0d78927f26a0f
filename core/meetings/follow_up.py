"""The secretary's follow-up: who answered, reminders to the silent, moving and cancelling."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.audit import service as audit
from core.context import Context
from core.db.uow import UnitOfWork
from core.documents.papers import schedule_papers_reminder
from core.errors import InvalidInput
from core.meetings import rules
from core.meetings.models import Meeting
from core.meetings.notify import copy_to_superior, notify_invitees
from core.meetings.repository import MeetingRepository
from core.meetings.service import load_meeting
from core.meetings.views import MeetingStatusView, MeetingView, when_text
from core.members.models import Member
from core.members.repository import MemberRepository
from core.org.models import Unit
from core.org.rules import MemberRef, can, managed_paths
from core.texts import Rich, t


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


NUDGE_PAUSE = timedelta(minutes=30)  # a second press does not remind everyone again at once
STILL_FOLLOWED = timedelta(days=7)  # a meeting under way or just held: roll, votes, conclusion, minutes


async def meeting_status(ctx: Context, *, actor: MemberRef, meeting_id: int) -> MeetingStatusView:
    async with ctx.uow() as uow:
        meeting, unit = await load_meeting(uow, meeting_id)
        await _check_manage(actor, unit, uow, ctx.clock.now(), meeting_id)
        view, _waiting = await _answers(uow, meeting, unit)
        return view


async def _answers(uow: UnitOfWork, meeting: Meeting, unit: Unit) -> tuple[MeetingStatusView, set[int]]:
    """Everyone invited, sorted by what the secretary can do about them; plus who a reminder would reach."""
    repo = MeetingRepository(uow.session)
    invitees = await repo.invitees(meeting, unit)
    answers = await repo.rsvps(meeting.id)
    accounts = await MemberRepository(uow.session).accounts_of([m.id for m in invitees])

    def reachable(member: Member) -> bool:
        return any(a.blocked_at is None for a in accounts.get(member.id, []))

    def answer(member: Member) -> str | None:
        return getattr(answers.get(member.id), "answer", None)

    waiting = [m for m in invitees if answer(m) is None and reachable(m)]
    view = MeetingStatusView(
        MeetingView.of(meeting, unit.name),
        attending=tuple(m.full_name for m in invitees if answer(m) == "attend"),
        absent=tuple((m.full_name, answers[m.id].reason or "") for m in invitees if answer(m) == "absent"),
        unanswered=tuple(m.full_name for m in waiting),
        not_joined=tuple(m.full_name for m in invitees if answer(m) is None and not accounts.get(m.id)),
        unreachable=tuple(
            m.full_name for m in invitees if answer(m) is None and accounts.get(m.id) and not reachable(m)
        ),
    )
    return view, {m.id for m in waiting}


async def remind_unanswered(ctx: Context, *, actor: MemberRef, meeting_id: int) -> int:
    """Reminds only those who can be reached and have not answered; returns how many."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, unit = await load_meeting(uow, meeting_id)
        await _check_manage(actor, unit, uow, now, meeting_id)
        if not rules.can_answer(status=meeting.status, starts_at=meeting.starts_at, now=now):
            raise InvalidInput("meeting_closed")
        last = await MeetingRepository(uow.session).last_nudge(meeting_id)
        if last is not None and now - last < NUDGE_PAUSE:
            raise InvalidInput("nudge_too_soon", minutes=int(NUDGE_PAUSE.total_seconds() // 60))
        _view, waiting = await _answers(uow, meeting, unit)
        count = await notify_invitees(
            ctx,
            uow,
            meeting,
            unit,
            title=t("meeting.nudge.title"),
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
        await repo.cancel_reminders(meeting_id, now)  # every kind, the papers' reminder included
        repo.add_reminders(meeting_id, rules.reminder_times(starts_at, now))
        await schedule_papers_reminder(uow.session, meeting, now)  # it moves with the meeting
        await repo.clear_answers(meeting_id)  # answers were for the old time: everyone answers again
        title = t("meeting.rescheduled.title", old=when_text(old, ctx.zone))
        await _announce(
            ctx,
            uow,
            actor,
            meeting,
            unit,
            change="reschedule",
            title=title,
            old=old.isoformat(),
            new=starts_at.isoformat(),
        )
        return MeetingView.of(meeting, unit.name)


async def cancel_meeting(ctx: Context, *, actor: MemberRef, meeting_id: int) -> MeetingView:
    async with ctx.uow() as uow:
        meeting, unit = await _load_scheduled(ctx, uow, actor, meeting_id)
        meeting.status, meeting.updated_at = "cancelled", ctx.clock.now()
        await MeetingRepository(uow.session).cancel_reminders(meeting_id, ctx.clock.now())
        await _announce(ctx, uow, actor, meeting, unit, change="cancel", title=t("meeting.cancelled.title"))
        return MeetingView.of(meeting, unit.name)


async def _load_scheduled(
    ctx: Context, uow: UnitOfWork, actor: MemberRef, meeting_id: int
) -> tuple[Meeting, Unit]:
    meeting, unit = await load_meeting(uow, meeting_id)
    await _check_manage(actor, unit, uow, ctx.clock.now(), meeting_id)
    if meeting.status != "scheduled":
        raise InvalidInput("meeting_cancelled")
    return meeting, unit


CHANGES = {"reschedule": ("meeting_update", True), "cancel": ("meeting_cancel", False)}  # subject, buttons


async def _announce(
    ctx: Context,
    uow: UnitOfWork,
    actor: MemberRef,
    meeting: Meeting,
    unit: Unit,
    *,
    change: str,
    title: Rich,
    **details: str,
) -> None:
    """Everyone invited and the superior's secretary are told; the change is audited and committed."""
    now = ctx.clock.now()
    subject, buttons = CHANGES[change]
    await notify_invitees(ctx, uow, meeting, unit, title=title, subject=subject, with_buttons=buttons)
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
            managed_paths(actor, "meeting.manage"), ctx.clock.now() - STILL_FOLLOWED
        )
        return [MeetingView.of(m, u.name) for m, u in rows]
