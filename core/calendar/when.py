"""Understanding a calendar entry typed in one's own words: «nhắc tôi 7h30 sáng thứ hai họp giao ban».

The approach, in three steps:
1. `when_parts.scan` finds the pieces that say when — a date, a weekday, a time, a part of the
   day, a repeat — anywhere in the text as typed, with or without diacritics.
2. The pieces are resolved against `now` into one day, one time and one repeat. Whatever cannot
   be settled without guessing — an hour from 1 to 5 with no part of the day, «tuần sau» with no
   weekday, a time already past, two different days — becomes a `Problem` whose text asks back.
   A repeating entry typed without a day starts at its first occurrence still ahead (the series
   is the same); a one-off entry is never moved.
3. The title is what is left once those pieces, the words joining them («lúc», «vào») and a
   leading «nhắc tôi» are cut out, in the member's own characters.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from core.calendar.views import day_name
from core.calendar.when_clock import Clock, clock_of, names_a_night
from core.calendar.when_days import Day, day_of
from core.calendar.when_parts import CONNECTOR, FILLER, TRAILING, Ask, Token, scan
from core.text import clean
from core.texts import label

REPEATS = {"ngay": "daily", "tuan": "weekly", "thang": "monthly", "nam": "yearly"}
_EDGES = " ,.;:-–—/!?"
NEXT_YEAR_AFTER = 60  # days: «30/4» typed in December is next year's; «1/12» typed on 4/12 is a slip
_GLUED = re.compile(
    r"(?<!\w)(mai|nay|mốt|lúc|luc|sáng|sang|trưa|trua|chiều|chieu|tối|toi|đêm|dem)(?=\d)", re.I
)


@dataclass(frozen=True)
class Understood:
    title: str  # the member's words minus the when-pieces and fillers, first letter upper-cased
    on: date  # the (first) day
    at: time | None  # None: an all-day entry
    repeat: str | None  # None, "daily", "weekly", "monthly"


@dataclass(frozen=True)
class Problem:
    code: str  # its text is f"when.{code}"
    values: dict[str, str]  # the placeholders of that text
    partial: Understood | None = None  # for "no_title": what was understood, with title ""


def understand(text: str, now: datetime, *, repeat: str | None = None) -> Understood | Problem:
    """What `text` says about a personal calendar entry, as of `now` (aware, local time);
    `repeat` is the repeat of an entry being moved, kept unless the text names another."""
    typed = _GLUED.sub(r"\1 ", clean(text))  # «mai8h» → «mai 8h»
    tokens = scan(typed)
    if all(tok.kind == "filler" for tok in tokens):
        return Problem("no_when", {})
    try:
        found = _resolve(tokens, now, repeat)
    except NextYear as ask:
        return Problem(ask.code, ask.values, replace(ask.found, title=title_of(typed, tokens)))
    except Ask as ask:
        return Problem(ask.code, ask.values)
    title = title_of(typed, tokens)
    if not title:
        return Problem("no_title", {"when": _when_text(found), "typed": _without_filler(typed)}, found)
    return replace(found, title=title)


def understand_moment(text: str, now: datetime) -> Understood | Problem:
    """A moment alone (a task's deadline, «mai 17h»): the same reading, no title needed."""
    found = understand(text, now)
    if isinstance(found, Problem) and found.code == "no_title" and found.partial is not None:
        return found.partial
    return found


def _resolve(tokens: list[Token], now: datetime, kept: str | None) -> Understood:
    today = now.date()
    typed = _repeat(tokens)
    repeat = typed or kept
    day = day_of(tokens, today, typed)
    clock = clock_of(tokens)
    at = clock.at if clock else None
    if day.monthly_day is not None:
        return Understood("", _next_monthly(day.monthly_day, at, now), at, repeat)
    on = _after_midnight(day, clock, today) if clock and clock.late else day.on or today
    if day.or_today and not _passed(today, at, now):  # «thứ 4 15h» on a Wednesday morning
        if not repeat:
            assert day.source is not None
            raise Ask("today_or_next", typed=day.source.text, today=day_name(today), next=day_name(on))
        on = today  # a series starts with today's
    if day.on is None and repeat and _passed(on, at, now):
        on += timedelta(days=7 if repeat == "weekly" else 1)  # the same series, from its next time
    if _passed(on, at, now) and _next_year(day, today):
        raise NextYear(Understood("", on.replace(year=on.year + 1), at, repeat), _past_text(on, at, today))
    if _passed(on, at, now):
        raise Ask("past", when=_past_text(on, at, today))
    return Understood("", on, at, repeat)


class NextYear(Ask):
    """«30/4» typed in December: this year's has passed, next year's is offered."""

    def __init__(self, found: Understood, when: str) -> None:
        super().__init__("next_year", when=when, next=day_name(found.on))
        self.found = found


def _next_year(day: Day, today: date) -> bool:
    """A day and month typed without a year, two months ago or more (not a slip), and not 29/2."""
    tok = day.source
    if tok is None or tok.kind != "date" or tok.word("y") or day.on is None:
        return False
    return (day.on.month, day.on.day) != (2, 29) and (today - day.on).days >= NEXT_YEAR_AFTER


def _repeat(tokens: list[Token]) -> str | None:
    found: list[tuple[Token, str]] = []
    for tok in tokens:
        if tok.kind == "repeat":
            found.append((tok, REPEATS[tok.word("unit") or ""]))
        elif tok.kind == "each":  # «mỗi sáng thứ hai», «mỗi tối»
            kinds = {other.kind for other in tokens}
            found.append((tok, "weekly" if "weekday" in kinds else "daily"))
    for tok, repeat in found:
        if repeat == "yearly":
            raise Ask("yearly", typed=tok.text)
        if repeat != found[0][1]:
            raise Ask("conflict", first=found[0][0].text, second=tok.text)
    return found[0][1] if found else None


def _after_midnight(day: Day, clock: Clock, today: date) -> date:
    """«12 giờ đêm», «1 giờ đêm»: tonight's is tomorrow by the calendar; another day's is a question."""
    if day.on is None:
        return today + timedelta(days=1)
    if day.source is not None and names_a_night(day.source):
        return day.on + timedelta(days=1)
    after = day.on + timedelta(days=1)
    raise Ask("midnight", typed=clock.typed, day=f"{day.on:%d/%m}", next_day=f"{after:%d/%m}")


def _next_monthly(day: int, at: time | None, now: datetime) -> date:
    """The first day `day` of a month, from this month on, still ahead (months without it skipped)."""
    year, month = now.year, now.month
    while True:
        if day <= calendar.monthrange(year, month)[1] and not _passed(date(year, month, day), at, now):
            return date(year, month, day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _passed(on: date, at: time | None, now: datetime) -> bool:
    if at is None:
        return on < now.date()
    return datetime.combine(on, at, tzinfo=now.tzinfo) < now.replace(second=0, microsecond=0)


def _past_text(on: date, at: time | None, today: date) -> str:
    if on == today:
        day = label("when.day.today", date=f"{on:%d/%m/%Y}")
    elif on == today - timedelta(days=1):
        day = label("when.day.yesterday", date=f"{on:%d/%m/%Y}")
    else:
        day = day_name(on)
    return f"{at:%H:%M} {day}" if at else day


def _when_text(found: Understood) -> str:
    return f"{day_name(found.on)}, {found.at:%H:%M}" if found.at else day_name(found.on)


def title_of(text: str, tokens: list[Token]) -> str:
    """`text` without the when-pieces, the joining words before them and the fillers."""
    pieces: list[str] = []
    last = 0
    for tok in tokens:
        start = tok.start
        while joined := CONNECTOR.search(text, last, start):
            start = joined.start()
        pieces.append(text[last:start])
        last = tok.end
    pieces.append(text[last:])
    title = " ".join(piece.strip(_EDGES) for piece in pieces if piece.strip(_EDGES))
    title = TRAILING.sub("", _without_filler(title)).strip(_EDGES)
    return title[:1].upper() + title[1:]


def _without_filler(text: str) -> str:
    return FILLER.sub("", text, count=1).strip(_EDGES)
