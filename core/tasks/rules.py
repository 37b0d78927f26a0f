"""The rules of giao việc as plain functions: states, deadlines as typed, who was meant, reminders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.text import fold, nfc

DEFAULT_DUE_TIME = time(17, 0)  # a deadline typed without a time: by the end of that working day
MORNING = time(7, 0)  # «sáng ngày hạn»: the reminder on the morning of the deadline
DEFAULT_PLAN = ("3d", "1d", "morning")
PLANS: dict[str, tuple[str, ...]] = {
    "default": DEFAULT_PLAN,
    "1d": ("1d", "morning"),
    "morning": ("morning",),
    "none": (),
}
ESCALATE_AFTER = timedelta(days=1)
OPEN_STATES = ("new", "accepted")
LIST_STATUSES = ("new", "doing", "done", "overdue")
MAX_TITLE = 300
MAX_DETAILS = 4000
MAX_NOTE = 2000

ALL_WORDS = {"tat ca", "ca", "toan bo", "ca chi bo", "tat ca moi nguoi"}
_SEPARATORS = re.compile(r"\s*(?:,|;|\+|\n|\b(?:va|và)\b)\s*", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{1,3})\s*-\s*(\d{1,3})$")
_NUMBERS = re.compile(r"^\d{1,3}(?:\s+\d{1,3})*$")
_PERCENT = re.compile(r"^(\d{1,3})\s*(?:%|phan tram)?$")
_DAYS_BEFORE = re.compile(r"^(\d{1,2})\s*(?:ngay|n|d)(?:\s*truoc)?$")


# --- states ---------------------------------------------------------------------------------


def assignee_status(state: str, due_at: datetime, now: datetime) -> str:
    """What one member's share looks like: new, doing, done, overdue (or removed)."""
    if state in ("done", "removed"):
        return state
    if now > due_at:
        return "overdue"
    return "doing" if state == "accepted" else "new"


def task_status(task_state: str, states: list[str], due_at: datetime, now: datetime) -> str:
    """One status for a task in the secretary's lists: done when every current assignee is done."""
    if task_state == "cancelled":
        return "cancelled"
    current = [s for s in states if s != "removed"]
    if current and all(s == "done" for s in current):
        return "done"
    if now > due_at:
        return "overdue"
    return "doing" if any(s in ("accepted", "done") for s in current) else "new"


def may_report(task_state: str, assignee_state: str | None) -> bool:
    return task_state == "open" and assignee_state in OPEN_STATES


# --- deadlines as typed -----------------------------------------------------------------------


# --- who was meant ----------------------------------------------------------------------------


@dataclass
class Selection:
    chosen: list[int] = field(default_factory=list)  # indexes into the list shown (0-based)
    unknown: list[str] = field(default_factory=list)  # pieces that matched nobody, as typed
    ambiguous: list[tuple[str, list[int]]] = field(default_factory=list)  # a name several people share

    def add(self, index: int) -> None:
        if index not in self.chosen:
            self.chosen.append(index)


def select_people(raw: str, names: list[str]) -> Selection:
    """«1, 3, 5», «1-4», «An, Bình», «tất cả»: the people meant, and what could not be placed."""
    out = Selection()
    folded = [fold(name).split() for name in names]
    for typed in (p.strip() for p in _SEPARATORS.split(nfc(raw).strip())):
        piece = " ".join(fold(typed).split())
        if not piece:
            continue
        if piece in ALL_WORDS:
            for index in range(len(names)):
                out.add(index)
        elif _RANGE.match(piece) or _NUMBERS.match(piece):
            _add_numbers(out, piece, len(names))
        else:
            _add_name(out, piece, typed, folded)
    return out


def _add_numbers(out: Selection, piece: str, count: int) -> None:
    match = _RANGE.match(piece)
    numbers = range(int(match[1]), int(match[2]) + 1) if match else [int(n) for n in piece.split()]
    for number in numbers:
        if 1 <= number <= count:
            out.add(number - 1)
        else:
            out.unknown.append(str(number))


def _add_name(out: Selection, piece: str, typed: str, folded: list[list[str]]) -> None:
    wanted = piece.split()
    size = len(wanted)
    ending = [i for i, words in enumerate(folded) if words[-size:] == wanted]
    inside = [
        i for i, words in enumerate(folded) if any(words[k : k + size] == wanted for k in range(len(words)))
    ]
    found = ending or inside
    if len(found) == 1:
        out.add(found[0])
    elif found:
        out.ambiguous.append((typed, found))
    else:
        out.unknown.append(typed)


# --- progress and reminders -------------------------------------------------------------------


def parse_percent(raw: str) -> int | None:
    match = _PERCENT.match(" ".join(fold(raw).split()))
    if match is None or int(match[1]) > 100:
        return None
    return int(match[1])


def parse_plan(raw: str) -> tuple[str, ...] | None:
    """«3 ngày, 1 ngày, sáng», «2 ngày trước», «không»: the reminders wanted, or None if not understood."""
    text = " ".join(fold(raw).split())
    if text in ("khong", "khong nhac", "0"):
        return ()
    plan: list[str] = []
    for piece in (p.strip() for p in _SEPARATORS.split(text) if p.strip()):
        match = _DAYS_BEFORE.match(piece)
        if match and 1 <= int(match[1]) <= 30:
            plan.append(f"{int(match[1])}d")
        elif piece in ("sang", "sang ngay han", "buoi sang"):
            plan.append("morning")
        else:
            return None
    return tuple(dict.fromkeys(plan)) or None


def reminder_moments(plan: tuple[str, ...] | list[str], due_at: datetime, zone: ZoneInfo) -> list[datetime]:
    """When each reminder of the plan falls (UTC), earliest first; a morning after the deadline is dropped."""
    moments: set[datetime] = set()
    for item in plan:
        if item == "morning":
            morning = datetime.combine(due_at.astimezone(zone).date(), MORNING, tzinfo=zone)
            if morning < due_at:
                moments.add(morning.astimezone(due_at.tzinfo))
        elif item.endswith("d") and item[:-1].isdigit():
            moments.add(due_at - timedelta(days=int(item[:-1])))
    return sorted(moments)
