"""When a (possibly repeating) entry happens, in local time: daily, weekly, or on its day each month.

A monthly entry on the 31st skips months that have no 31st rather than moving to another day."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

STEPS = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1)}
HORIZON = 400  # occurrences looked at, at most: a year of days


def _local_series(first: datetime, repeat: str | None) -> Iterator[datetime]:
    """Local wall-clock times; kept in local time so a repeat never drifts with UTC offsets."""
    yield first
    if repeat in STEPS:
        for n in range(1, HORIZON):
            yield first + STEPS[repeat] * n
    elif repeat == "monthly":
        year, month = first.year, first.month
        for _ in range(1, HORIZON):
            month += 1
            year, month = (year + 1, 1) if month > 12 else (year, month)
            if first.day <= calendar.monthrange(year, month)[1]:
                yield first.replace(year=year, month=month)


def between(
    starts_at: datetime, repeat: str | None, start: datetime, end: datetime, zone: ZoneInfo
) -> list[datetime]:
    """Occurrences (UTC-aware) in [start, end)."""
    out = []
    for local in _local_series(starts_at.astimezone(zone), repeat):
        moment = local.replace(tzinfo=zone)
        if moment >= end:
            break
        if moment >= start:
            out.append(moment)
    return out


def next_after(starts_at: datetime, repeat: str | None, after: datetime, zone: ZoneInfo) -> datetime | None:
    """The first occurrence strictly after `after`, or None."""
    for local in _local_series(starts_at.astimezone(zone), repeat):
        moment = local.replace(tzinfo=zone)
        if moment > after:
            return moment
    return None
