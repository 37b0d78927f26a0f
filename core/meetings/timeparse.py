"""Dates and times the way Vietnamese members type them: 15/6, 15/6/2025, 14h, 14:30, 7 giờ 30."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from core.text import fold

_DATE = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s*[/\-.]\s*(\d{2}|\d{4}))?$")
_TIME = re.compile(
    r"^(?P<h>\d{1,2})\s*(?:(?:h|g|gio|:|\.)\s*(?P<m>\d{1,2})?\s*(?:p|phut)?)?\s*(?P<part>sang|trua|chieu|toi|dem)?$"
)
_PM_WORDS = {"chieu", "toi", "dem"}


def split_date(raw: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) as typed, before checking the calendar; None if it is not a date."""
    text = re.sub(r"^(ngay|thu \w+,?)\s*", "", fold(raw).strip())
    match = _DATE.match(text)
    if not match:
        return None
    year = match[3]
    return int(match[1]), int(match[2]), (int(year) + (2000 if len(year) == 2 else 0)) if year else None


WEEKDAYS = {
    "hai": 0,
    "2": 0,
    "ba": 1,
    "3": 1,
    "tu": 2,
    "4": 2,
    "nam": 3,
    "5": 3,
    "sau": 4,
    "6": 4,
    "bay": 5,
    "7": 5,
}
RELATIVE = {"hom nay": 0, "nay": 0, "mai": 1, "ngay mai": 1, "ngay kia": 2, "mot": 2, "ngay mot": 2}
_WEEKDAY = re.compile(
    r"^(?:thu\s*(?P<day>hai|ba|tu|nam|sau|bay|[2-7])|(?P<sunday>chu nhat|cn))"
    r"(?P<next>\s+tuan\s+(?:sau|toi))?$"
)


def relative_date(raw: str, *, today: date) -> date | None:
    """«mai», «ngày kia», «thứ hai», «thứ 6 tuần sau», «chủ nhật»: the day meant, counted from today."""
    text = " ".join(fold(raw).split())
    if text in RELATIVE:
        return today + timedelta(days=RELATIVE[text])
    match = _WEEKDAY.match(text)
    if not match:
        return None
    weekday = 6 if match["sunday"] else WEEKDAYS[match["day"]]
    if match["next"]:  # that day of next week (weeks start on Monday)
        return today - timedelta(days=today.weekday()) + timedelta(days=7 + weekday)
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def parse_date(raw: str, *, today: date) -> date | None:
    """Day/month[/year] or a relative day; without a year, this year's date — even if it has passed
    (the caller asks back)."""
    relative = relative_date(raw, today=today)
    if relative is not None:
        return relative
    parts = split_date(raw)
    if parts is None:
        return None
    day, month, year = parts
    return _safe_date(year or today.year, month, day)


def parse_time(raw: str) -> time | None:
    """14h, 14h30, 14:30, 7 giờ 30, 7g30, 2 giờ chiều; 24-hour unless a part of day says otherwise."""
    match = _TIME.match(" ".join(fold(raw).split()))
    if not match:
        return None
    hour, minute, part = int(match["h"]), int(match["m"] or 0), match["part"]
    if part in _PM_WORDS and hour < 12:
        hour += 12
    if part == "trua" and hour < 6:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def ambiguous_hour(raw: str) -> bool:
    """«1 giờ 20»: an hour from 1 to 5 with no part of day and no leading zero — night or afternoon?"""
    match = _TIME.match(" ".join(fold(raw).split()))
    if match is None or match["part"] or raw.strip().startswith("0"):
        return False
    return 1 <= int(match["h"]) <= 5


def parse_minutes(raw: str) -> int | None:
    """90, 90 phút, 2 giờ, 1 tiếng rưỡi, 1h30."""
    text = " ".join(fold(raw).split())
    text = text.replace("tieng", "gio").replace("ruoi", "30")
    match = re.match(r"^(\d{1,3})\s*(phut|p)?$", text)
    if match:
        return int(match[1])
    match = re.match(r"^(\d{1,2})\s*(?:h|g|gio)\s*(\d{1,2})?\s*(?:phut|p)?$", text)
    if match:
        return int(match[1]) * 60 + int(match[2] or 0)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
