from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime


class Reminder(Base):
    """A due time for something to be said; claimed by the reminder job, never an in-memory job."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


Index("ix_reminders_due", Reminder.sent_at, Reminder.cancelled_at, Reminder.due_at)
