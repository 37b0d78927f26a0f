from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import as_utc
from core.documents.models import Document, MeetingPaper
from core.meetings.models import Meeting, Rsvp
from core.members.models import Member
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import COMMITTEE_ROLES
from core.outbox.models import OutboxMessage
from core.reminders.models import Reminder


class MeetingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_with_unit(self, meeting_id: int) -> tuple[Meeting, Unit] | None:
        row = (
            await self.session.execute(
                select(Meeting, Unit).join(Unit, Unit.id == Meeting.unit_id).where(Meeting.id == meeting_id)
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def invitees(self, meeting: Meeting, unit: Unit) -> list[Member]:
        units = UnitRepository(self.session)
        if meeting.kind == "cap_uy":
            return await units.role_holders(unit.id, COMMITTEE_ROLES)
        return await units.members_in_subtree(unit.path)

    async def paper_titles(self, meeting_id: int) -> tuple[str, ...]:
        stmt = (
            select(Document.number, Document.title)
            .join(MeetingPaper, MeetingPaper.document_id == Document.id)
            .where(MeetingPaper.meeting_id == meeting_id)
            .order_by(MeetingPaper.id)
        )
        return tuple(
            f"{n} · {title}" if n else title for n, title in (await self.session.execute(stmt)).all()
        )

    async def rsvps(self, meeting_id: int) -> dict[int, Rsvp]:
        rows = (await self.session.execute(select(Rsvp).where(Rsvp.meeting_id == meeting_id))).scalars()
        return {r.member_id: r for r in rows}

    async def rsvp(self, meeting_id: int, member_id: int) -> Rsvp | None:
        stmt = select(Rsvp).where(Rsvp.meeting_id == meeting_id, Rsvp.member_id == member_id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def upcoming_in(
        self, paths: list[str], now: datetime, limit: int = 20
    ) -> list[tuple[Meeting, Unit]]:
        if not paths:
            return []
        conditions = [Unit.path.startswith(p) for p in paths]

        stmt = (
            select(Meeting, Unit)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(Meeting.status == "scheduled", Meeting.starts_at > now, or_(*conditions))
            .order_by(Meeting.starts_at)
            .limit(limit)
        )
        return [(m, u) for m, u in (await self.session.execute(stmt)).all()]

    async def upcoming_for_units(
        self, unit_ids: list[int], now: datetime, limit: int = 20
    ) -> list[tuple[Meeting, Unit]]:
        stmt = (
            select(Meeting, Unit)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(Meeting.status == "scheduled", Meeting.starts_at > now, Meeting.unit_id.in_(unit_ids))
            .order_by(Meeting.starts_at)
            .limit(limit)
        )
        return [(m, u) for m, u in (await self.session.execute(stmt)).all()]

    async def last_nudge(self, meeting_id: int) -> datetime | None:
        stmt = select(func.max(OutboxMessage.created_at)).where(
            OutboxMessage.subject_kind == "meeting_nudge", OutboxMessage.subject_id == meeting_id
        )
        value = (await self.session.execute(stmt)).scalar_one_or_none()
        return as_utc(value) if value is not None else None

    async def clear_answers(self, meeting_id: int) -> None:
        await self.session.execute(delete(Rsvp).where(Rsvp.meeting_id == meeting_id))

    def add_reminders(self, meeting_id: int, times: dict[str, datetime]) -> None:
        for kind, due in times.items():
            self.session.add(Reminder(kind=kind, subject_id=meeting_id, due_at=due))

    async def cancel_reminders(self, meeting_id: int, now: datetime) -> None:
        await self.session.execute(
            update(Reminder)
            .where(
                Reminder.subject_id == meeting_id,
                Reminder.kind.startswith("meeting_"),
                Reminder.sent_at.is_(None),
                Reminder.cancelled_at.is_(None),
            )
            .values(cancelled_at=now)
        )
