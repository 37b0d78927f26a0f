"""Meeting use cases: schedule, answer, follow up, reschedule, cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import service as audit
from core.context import Context
from core.conversation import tokens
from core.conversation.screens import Option, Screen
from core.db.uow import UnitOfWork
from core.errors import Forbidden, InvalidInput, NotFound
from core.meetings import rules
from core.meetings.models import Meeting, Rsvp
from core.meetings.repository import MeetingRepository
from core.meetings.views import MeetingStatusView, MeetingView, copy_screen, notice_screen
from core.members.models import ChatAccount, Member
from core.members.repository import MemberRepository
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import MemberRef, can, managed_paths
from core.outbox import service as outbox
from core.texts import label


@dataclass(frozen=True)
class MeetingDraft:
    unit_id: int
    kind: str
    starts_at: datetime
    duration_minutes: int
    place: str
    agenda: str


async def _load(uow: UnitOfWork, meeting_id: int) -> tuple[Meeting, Unit]:
    found = await MeetingRepository(uow.session).get_with_unit(meeting_id)
    if found is None:
        raise NotFound("meeting_not_found")
    return found


async def _check_manage(
    actor: MemberRef, unit: Unit, uow: UnitOfWork, now: datetime, meeting_id: int
) -> None:
    """Refusals are answered like a missing meeting (nothing leaks) and logged."""
    if not can(actor, "meeting.manage", unit.path):
        audit.record(
            uow.session,
            actor=f"member:{actor.id}",
            action="access.refused",
            at=now,
            target_kind="meeting",
            target_id=meeting_id,
            permission="meeting.manage",
        )
        await uow.commit()
        raise NotFound("meeting_not_found")


def rsvp_options(
    session: AsyncSession, member_id: int, meeting: Meeting, now: datetime
) -> tuple[Option, ...]:
    ttl = max(meeting.starts_at - now, timedelta(0)) + timedelta(days=7)  # answers "too late" after the start
    return (
        tokens.issue(
            session,
            member_id=member_id,
            label=label("meeting.btn.attend"),
            action="meeting.rsvp",
            now=now,
            ttl=ttl,
            meeting_id=meeting.id,
            answer="attend",
        ),
        tokens.issue(
            session,
            member_id=member_id,
            label=label("meeting.btn.absent"),
            action="meeting.rsvp",
            now=now,
            ttl=ttl,
            meeting_id=meeting.id,
            answer="absent",
        ),
    )


async def _notify_invitees(
    ctx: Context,
    uow: UnitOfWork,
    meeting: Meeting,
    unit: Unit,
    *,
    title_key: str,
    subject: str,
    with_buttons: bool,
    only: set[int] | None = None,
) -> int:
    now = ctx.clock.now()
    view = MeetingView.of(meeting, unit.name)
    items: list[tuple[int, Screen]] = []
    for member in await MeetingRepository(uow.session).invitees(meeting, unit):
        if only is not None and member.id not in only:
            continue
        options = rsvp_options(uow.session, member.id, meeting, now) if with_buttons else ()
        items.append((member.id, notice_screen(view, ctx.zone, title_key, options)))
    await outbox.enqueue(uow.session, items=items, subject_kind=subject, subject_id=meeting.id, now=now)
    return len(items)


async def _copy_to_superior(
    ctx: Context, uow: UnitOfWork, meeting: Meeting, unit: Unit, title_key: str
) -> None:
    """The supervising committee's secretary gets a copy (no answer buttons)."""
    if unit.parent_id is None:
        return
    secretaries = await UnitRepository(uow.session).role_holders(unit.parent_id, ("bi_thu",))
    screen = copy_screen(MeetingView.of(meeting, unit.name), ctx.zone, title_key)
    await outbox.enqueue(
        uow.session,
        items=[(m.id, screen) for m in secretaries],
        subject_kind="meeting_copy",
        subject_id=meeting.id,
        now=ctx.clock.now(),
    )


def validate(draft: MeetingDraft, now: datetime) -> None:
    if draft.kind not in rules.MEETING_KINDS:
        raise InvalidInput("meeting_kind_invalid")
    if draft.starts_at <= now:
        raise InvalidInput("meeting_in_past")
    if not rules.MIN_DURATION <= draft.duration_minutes <= rules.MAX_DURATION:
        raise InvalidInput("meeting_duration_invalid")
    if not draft.place.strip():
        raise InvalidInput("meeting_place_missing")


async def schedule_meeting(ctx: Context, *, actor: MemberRef, draft: MeetingDraft) -> MeetingView:
    now = ctx.clock.now()
    validate(draft, now)
    async with ctx.uow() as uow:
        unit = await UnitRepository(uow.session).get(draft.unit_id)
        if unit is None or not can(actor, "meeting.schedule", unit.path):
            raise Forbidden("unit_not_allowed")
        meeting = Meeting(
            unit_id=unit.id,
            kind=draft.kind,
            starts_at=draft.starts_at,
            duration_minutes=draft.duration_minutes,
            place=draft.place,
            agenda=draft.agenda,
            status="scheduled",
            created_by=actor.id,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(meeting)
        await uow.flush()
        MeetingRepository(uow.session).add_reminders(meeting.id, rules.reminder_times(meeting.starts_at, now))
        await _notify_invitees(
            ctx,
            uow,
            meeting,
            unit,
            title_key="meeting.notice.title",
            subject="meeting_notice",
            with_buttons=True,
        )
        await _copy_to_superior(ctx, uow, meeting, unit, "meeting.notice.title")
        audit.record(
            uow.session,
            actor=f"member:{actor.id}",
            action="meeting.schedule",
            at=now,
            target_kind="meeting",
            target_id=meeting.id,
        )
        await uow.commit()
        return MeetingView.of(meeting, unit.name)


async def check_can_answer(ctx: Context, *, member: MemberRef, meeting_id: int) -> MeetingView:
    """The checks of `answer_meeting`, without answering (before asking for a reason)."""
    async with ctx.uow() as uow:
        meeting, unit = await _load_answerable(ctx, uow, member, meeting_id)
        return MeetingView.of(meeting, unit.name)


async def _load_answerable(
    ctx: Context, uow: UnitOfWork, member: MemberRef, meeting_id: int
) -> tuple[Meeting, Unit]:
    now = ctx.clock.now()
    meeting, unit = await _load(uow, meeting_id)
    if not rules.is_invited(member, meeting_kind=meeting.kind, unit_id=unit.id, unit_path=unit.path):
        audit.record(
            uow.session,
            actor=f"member:{member.id}",
            action="access.refused",
            at=now,
            target_kind="meeting",
            target_id=meeting_id,
            permission="meeting.answer",
        )
        await uow.commit()
        raise NotFound("meeting_not_found")
    if not rules.can_answer(status=meeting.status, starts_at=meeting.starts_at, now=now):
        raise InvalidInput("meeting_closed" if meeting.status == "scheduled" else "meeting_cancelled")
    return meeting, unit


async def answer_meeting(
    ctx: Context, *, member: MemberRef, meeting_id: int, answer: str, reason: str | None = None
) -> MeetingView:
    """RSVP; re-checked every time, whatever the button said."""
    if answer not in rules.ANSWERS:
        raise InvalidInput("answer_invalid")
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, unit = await _load_answerable(ctx, uow, member, meeting_id)
        repo = MeetingRepository(uow.session)
        rsvp = await repo.rsvp(meeting_id, member.id)
        if rsvp is None:
            rsvp = Rsvp(meeting_id=meeting_id, member_id=member.id, answer=answer, answered_at=now)
            uow.session.add(rsvp)
        rsvp.answer, rsvp.reason, rsvp.answered_at = answer, reason if answer == "absent" else None, now
        await uow.commit()
        return MeetingView.of(meeting, unit.name)


async def meeting_status(ctx: Context, *, actor: MemberRef, meeting_id: int) -> MeetingStatusView:
    async with ctx.uow() as uow:
        meeting, unit = await _load(uow, meeting_id)
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
        meeting, unit = await _load(uow, meeting_id)
        await _check_manage(actor, unit, uow, now, meeting_id)
        if not rules.can_answer(status=meeting.status, starts_at=meeting.starts_at, now=now):
            raise InvalidInput("meeting_closed")
        repo = MeetingRepository(uow.session)
        answered = set(await repo.rsvps(meeting_id))
        waiting = {m.id for m in await repo.invitees(meeting, unit)} - answered
        count = await _notify_invitees(
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
    async with ctx.uow() as uow:
        meeting, unit = await _load(uow, meeting_id)
        await _check_manage(actor, unit, uow, now, meeting_id)
        if meeting.status != "scheduled":
            raise InvalidInput("meeting_cancelled")
        if starts_at <= now:
            raise InvalidInput("meeting_in_past")
        old = meeting.starts_at
        meeting.starts_at, meeting.updated_at = starts_at, now
        repo = MeetingRepository(uow.session)
        await repo.cancel_reminders(meeting_id, now)
        repo.add_reminders(meeting_id, rules.reminder_times(starts_at, now))
        await _notify_invitees(
            ctx,
            uow,
            meeting,
            unit,
            title_key="meeting.rescheduled.title",
            subject="meeting_update",
            with_buttons=True,
        )
        await _copy_to_superior(ctx, uow, meeting, unit, "meeting.rescheduled.title")
        audit.record(
            uow.session,
            actor=f"member:{actor.id}",
            action="meeting.reschedule",
            at=now,
            target_kind="meeting",
            target_id=meeting_id,
            old=old.isoformat(),
            new=starts_at.isoformat(),
        )
        await uow.commit()
        return MeetingView.of(meeting, unit.name)


async def cancel_meeting(ctx: Context, *, actor: MemberRef, meeting_id: int) -> MeetingView:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        meeting, unit = await _load(uow, meeting_id)
        await _check_manage(actor, unit, uow, now, meeting_id)
        if meeting.status != "scheduled":
            raise InvalidInput("meeting_cancelled")
        meeting.status, meeting.updated_at = "cancelled", now
        await MeetingRepository(uow.session).cancel_reminders(meeting_id, now)
        await _notify_invitees(
            ctx,
            uow,
            meeting,
            unit,
            title_key="meeting.cancelled.title",
            subject="meeting_cancel",
            with_buttons=False,
        )
        await _copy_to_superior(ctx, uow, meeting, unit, "meeting.cancelled.title")
        audit.record(
            uow.session,
            actor=f"member:{actor.id}",
            action="meeting.cancel",
            at=now,
            target_kind="meeting",
            target_id=meeting_id,
        )
        await uow.commit()
        return MeetingView.of(meeting, unit.name)


@dataclass(frozen=True)
class MyMeeting:
    meeting: MeetingView
    answer: str | None
    reason: str | None


async def my_upcoming_meetings(ctx: Context, *, member: MemberRef) -> list[MyMeeting]:
    """Meetings of the member's unit and the units above it that the member is invited to."""
    now = ctx.clock.now()
    unit_ids = [int(p) for p in member.unit_path.strip("/").split("/") if p]
    async with ctx.uow() as uow:
        repo = MeetingRepository(uow.session)
        out = []
        for meeting, unit in await repo.upcoming_for_units(unit_ids, now):
            if rules.is_invited(member, meeting_kind=meeting.kind, unit_id=unit.id, unit_path=unit.path):
                rsvp = await repo.rsvp(meeting.id, member.id)
                out.append(
                    MyMeeting(
                        MeetingView.of(meeting, unit.name),
                        getattr(rsvp, "answer", None),
                        getattr(rsvp, "reason", None),
                    )
                )
        return out


async def managed_upcoming_meetings(ctx: Context, *, actor: MemberRef) -> list[MeetingView]:
    async with ctx.uow() as uow:
        rows = await MeetingRepository(uow.session).upcoming_in(
            managed_paths(actor, "meeting.manage"), ctx.clock.now()
        )
        return [MeetingView.of(m, u.name) for m, u in rows]


async def schedulable_units(ctx: Context, *, actor: MemberRef) -> list[tuple[int, str]]:
    """Units where the actor may call a meeting: where they hold office, then the cells below."""
    async with ctx.uow() as uow:
        units = UnitRepository(uow.session)
        found: dict[int, str] = {}
        for path in managed_paths(actor, "meeting.schedule"):
            for unit in await units.subtree(path):
                found.setdefault(unit.id, unit.name)
        return list(found.items())
