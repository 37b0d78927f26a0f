"""Meeting rules as plain values."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.org.rules import COMMITTEE_ROLES, MemberRef, covers

MEETING_KINDS = ("dinh_ky", "chuyen_de", "ket_hop", "cap_uy", "bat_thuong")
DEFAULT_DURATION = {"dinh_ky": 90, "chuyen_de": 90, "ket_hop": 120, "cap_uy": 90, "bat_thuong": 90}
REMINDER_OFFSETS = {"meeting_24h": timedelta(hours=24), "meeting_1h": timedelta(hours=1)}
MIN_DURATION, MAX_DURATION = 15, 8 * 60
ANSWERS = ("attend", "absent")


def is_invited(member: MemberRef, *, meeting_kind: str, unit_id: int, unit_path: str) -> bool:
    """Committee meetings are for the unit's committee; others for every member of the unit and below."""
    if meeting_kind == "cap_uy":
        return any(r.unit_id == unit_id and r.role in COMMITTEE_ROLES for r in member.roles)
    return covers(unit_path, member.unit_path)


def can_answer(*, status: str, starts_at: datetime, now: datetime) -> bool:
    return status == "scheduled" and now < starts_at


def reminder_times(starts_at: datetime, now: datetime) -> dict[str, datetime]:
    """Only reminders still ahead of us: a meeting set for tomorrow morning gets no 24-hour one."""
    return {kind: starts_at - offset for kind, offset in REMINDER_OFFSETS.items() if starts_at - offset > now}
