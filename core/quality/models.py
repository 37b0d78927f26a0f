from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime


class ScoreSheet(Base):
    """An organisation's own score sheet, by version; the latest for the nearest unit up applies."""

    __tablename__ = "score_sheets"
    __table_args__ = (UniqueConstraint("unit_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MeetingScore(Base):
    """The committee's score of a meeting, with the sheet version it was scored on."""

    __tablename__ = "meeting_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    sheet_version: Mapped[str] = mapped_column(String(64))
    scores: Mapped[dict[str, int]] = mapped_column(JSON)
    total: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(16))
    scored_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MemberRating(Base):
    """A member's own rating of a meeting (Tốt / Khá / Trung bình / Kém), changeable."""

    __tablename__ = "meeting_member_ratings"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    grade: Mapped[str] = mapped_column(String(16))
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime())
