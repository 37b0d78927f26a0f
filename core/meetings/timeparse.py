"""Dates and times the way Vietnamese members type them: 15/6, 15/6/2025, 14h, 14:30, 7 giờ 30."""

from __future__ import annotations

import re
from datetime import date, time

from core.text import fold

_DATE = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s*[/\-.]\s*(\d{2}|\d{4}))?$")
_TIME = re.compile(
    r"^(?P<h>\d{1,2})\s*(?:(?:h|g|gio|:|\.)\s*(?P<m>\d{1,2})?\s*(?:p|phut)?)?\s*(?P<part>sang|trua|chieu|toi|dem)?$"
)
_PM_WORDS = {"chieu", "toi", "dem"}


def parse_date(raw: str, *, today: date) -> date | None:
    """Day/month[/year]; without a year, the next such date from today on."""
    text = fold(raw).strip()
    text = re.sub(r"^(ngay|thu \w+,?)\s*", "", text)
    match = _DATE.match(text)
    if not match:
        return None
    day, month, year = int(match[1]), int(match[2]), match[3]
    if year is not None:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return _safe_date(full_year, month, day)
    candidate = _safe_date(today.year, month, day)
    if candidate is not None and candidate < today:
        candidate = _safe_date(today.year + 1, month, day)
    return candidate


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
