"""Meeting use cases: schedule, answer, follow up, reschedule, cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from core.audit import service as audit
from core.context import Context
from core.db.uow import UnitOfWork
from core.documents.notice_papers import attach_for_notice
from core.errors import InvalidInput, NotFound
from core.meetings import rules
from core.meetings.models import Meeting, Rsvp
from core.meetings.notify import copy_to_superior, notify_invitees
from core.meetings.repository import MeetingRepository
from core.meetings.views import MeetingView
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import MemberRef, can, managed_paths
from core.texts import t


@dataclass(frozen=True)
class MeetingDraft:
    unit_id: int
    kind: str
    starts_at: datetime
    duration_minutes: int
    place: str
    agenda: str
    paper_ids: tuple[int, ...] = ()  # library documents chosen on the summary, listed in the notice


async def load_meeting(uow: UnitOfWork, meeting_id: int) -> tuple[Meeting, Unit]:
    found = await MeetingRepository(uow.session).get_with_unit(meeting_id)
    if found is None:
        raise NotFound("meeting_not_found")
    return found


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
            await audit.refuse(
                uow,
                member_id=actor.id,
                target_kind="unit",
                target_id=draft.unit_id,
                permission="meeting.schedule",
                at=now,
                code="unit_not_found",
            )
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
        if draft.paper_ids:  # before the notice is built, so the one notice lists them
            await attach_for_notice(uow, actor, meeting, draft.paper_ids, now)
        await notify_invitees(
            ctx,
            uow,
            meeting,
            unit,
            title=t("meeting.notice.title"),
            subject="meeting_notice",
            with_buttons=True,
        )
        await copy_to_superior(ctx, uow, meeting, unit, t("meeting.notice.title"))
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
    meeting, unit = await load_meeting(uow, meeting_id)
    if not rules.is_invited(member, meeting_kind=meeting.kind, unit_id=unit.id, unit_path=unit.path):
        await audit.refuse(
            uow,
            member_id=member.id,
            target_kind="meeting",
            target_id=meeting_id,
            permission="meeting.answer",
            at=now,
            code="meeting_not_found",
        )
    if not rules.can_answer(status=meeting.status, starts_at=meeting.starts_at, now=now):
        raise InvalidInput("meeting_closed" if meeting.status == "scheduled" else "meeting_cancelled")
    return meeting, unit


async def answer_meeting(
    ctx: Context, *, member: MemberRef, meeting_id: int, answer: str, reason: str | None = None
) -> MeetingView:
    """RSVP; re-checked every time, whatever the button said.

    Two presses at the same instant both try to insert the answer; the loser retries as an update.
    """
    if answer not in rules.ANSWERS:
        raise InvalidInput("answer_invalid")
    try:
        return await _answer(ctx, member, meeting_id, answer, reason)
    except IntegrityError:
        return await _answer(ctx, member, meeting_id, answer, reason)


async def _answer(
    ctx: Context, member: MemberRef, meeting_id: int, answer: str, reason: str | None
) -> MeetingView:
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
                        MeetingView.of(meeting, unit.name, await repo.paper_titles(meeting.id)),
                        getattr(rsvp, "answer", None),
                        getattr(rsvp, "reason", None),
                    )
                )
        return out


async def schedulable_units(ctx: Context, *, actor: MemberRef) -> list[tuple[int, str]]:
    """Units where the actor may call a meeting: where they hold office, then the cells below."""
    async with ctx.uow() as uow:
        units = UnitRepository(uow.session)
        found: dict[int, str] = {}
        for path in managed_paths(actor, "meeting.schedule"):
            for unit in await units.subtree(path):
                found.setdefault(unit.id, unit.name)
        return list(found.items())
