"""A member's own work calendar: entries (one-off or repeating) and their calendar settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime


class CalendarEntry(Base):
    """Something a member wrote down for themselves; `starts_at` is the first occurrence (UTC).

    An all-day entry starts at local midnight of its day. `repeat` is None, "daily", "weekly" or
    "monthly" (the same day of the month). Deleting sets `deleted_at`, so it can be undone."""

    __tablename__ = "calendar_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    repeat: Mapped[str | None] = mapped_column(String(8))
    remind_minutes: Mapped[int | None] = mapped_column(Integer)  # before the start; None: no reminder
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CalendarSettings(Base):
    """Per member: the morning digest's time (None: off) and the hashed secret of their .ics link."""

    __tablename__ = "calendar_settings"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    digest_at: Mapped[str | None] = mapped_column(String(5))  # "06:30" local time
    feed_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    feed_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
