"""The day of a calendar entry: «14/12», «mai», «thứ 6 tuần sau», «cuối tháng», «ngày 15 hằng tháng».

Every piece that names a day is resolved on its own; they must then agree («thứ hai 15/6» does,
«thứ hai 16/6» is asked back). «tuần sau» needs a weekday and «tháng sau» a day of the month;
a monthly repeat needs a day of the month, and is placed once the time is known.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from core.calendar.when_parts import Ask, Token
from core.meetings.timeparse import RELATIVE, WEEKDAYS, relative_date

SHIFTS = {"sau": 1, "toi": 1, "nay": 0, "truoc": -1}
BEFORE = {"hom qua": -1, "qua": -1, "bua nay": 0}
NUMBERS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4}


@dataclass(frozen=True)
class Day:
    on: date | None  # None: no day was named
    source: Token | None = None  # the piece that named it
    monthly_day: int | None = None  # «ngày 15 hằng tháng»: the first such day is found with the time
    or_today: bool = False  # today's weekday, named alone («thứ 4» on a Wednesday): today's or next week's?


def day_of(tokens: list[Token], today: date, repeat: str | None) -> Day:
    week = _modifier(tokens, "wk")
    month = _modifier(tokens, "mk")
    anchors = [(tok, on) for tok in tokens if (on := _fixed(tok, today)) is not None]
    monthly = _monthdays(tokens, today, month, anchors, repeat)
    if monthly is not None:
        return Day(None, None, monthly)
    or_today = _weekdays(tokens, today, week, anchors)
    for left, kind in ((week, "weekday"), (month, "monthday")):
        if left is not None and not any(tok.kind == kind for tok in tokens):
            raise Ask("which_day", typed=left.text)
    if repeat == "monthly" and not any(tok.kind == "date" for tok, _ in anchors):
        raise Ask("which_day", typed=next(tok.text for tok in tokens if tok.word("unit") == "thang"))
    for tok, on in anchors[1:]:
        if on != anchors[0][1]:
            raise Ask("conflict", first=anchors[0][0].text, second=tok.text)
    return Day(anchors[0][1], anchors[0][0], or_today=or_today) if anchors else Day(None)


def _modifier(tokens: list[Token], name: str) -> Token | None:
    found = [tok for tok in tokens if tok.word(name)]
    _single(found)
    return found[0] if found else None


def _single(found: list[Token]) -> None:
    if len(found) > 1:
        raise Ask("conflict", first=found[0].text, second=found[1].text)


def _fixed(tok: Token, today: date) -> date | None:
    """The day a piece names by itself, or None for weekdays, days of the month and the rest."""
    rel = tok.word("rel")
    if tok.kind == "date":
        return _calendar_date(tok, today)
    if rel in RELATIVE:
        return relative_date(rel, today=today)
    if rel in BEFORE:
        return today + timedelta(days=BEFORE[rel])
    if tok.kind == "period":
        return _period(tok, today)
    if tok.kind == "later":  # «3 ngày nữa», «2 tuần tới»
        n = tok.word("n") or "0"
        count = NUMBERS[n] if n in NUMBERS else int(n)
        return today + (timedelta(weeks=count) if tok.word("span") == "tuan" else timedelta(days=count))
    return None


def _calendar_date(tok: Token, today: date) -> date:
    year = tok.word("y")
    full = (int(year) + (2000 if len(year) == 2 else 0)) if year else today.year
    return _real_date(full, int(tok.word("m") or 0), int(tok.word("d") or 0), tok.match["typed"])


def _real_date(year: int, month: int, day: int, typed: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise Ask("invalid_date", typed=typed) from None


def _period(tok: Token, today: date) -> date:
    """«cuối tuần» (this Saturday), «đầu tuần sau», «cuối tháng», «đầu tháng sau», «cuối tháng sau»."""
    shift = SHIFTS[tok.word("which") or "nay"]
    end = tok.word("edge") == "cuoi"
    if tok.word("unit") == "tuan":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
        if end:
            return monday + timedelta(days=5) if shift else today + timedelta(days=(5 - today.weekday()) % 7)
        if shift:
            return monday
    else:
        year, month = _months_on(today, shift)
        if end:
            return date(year, month, calendar.monthrange(year, month)[1])
        if shift:
            return date(year, month, 1)
    raise Ask("which_day", typed=tok.text)  # «đầu tuần», «đầu tháng»: this one's or the next?


def _months_on(today: date, shift: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + shift
    return index // 12, index % 12 + 1


def _monthdays(
    tokens: list[Token],
    today: date,
    month: Token | None,
    anchors: list[tuple[Token, date]],
    repeat: str | None,
) -> int | None:
    """«ngày 20» (of this month, or of «tháng sau»), added to the anchors; for a monthly repeat
    «ngày 15 hằng tháng», the day number instead."""
    found = [tok for tok in tokens if tok.kind == "monthday"]
    _single(found)
    if not found:
        return None
    tok, number = found[0], int(found[0].word("d") or 0)
    if repeat == "monthly" and month is None and not anchors:
        if not 1 <= number <= 31:
            raise Ask("invalid_date", typed=tok.text)
        return number
    year, at_month = _months_on(today, SHIFTS[month.word("mk") or "nay"] if month else 0)
    anchors.append((tok, _real_date(year, at_month, number, f"{number}/{at_month}")))
    return None


def _weekdays(
    tokens: list[Token], today: date, week: Token | None, anchors: list[tuple[Token, date]]
) -> bool:
    """«thứ 6 tuần sau», «thứ 6 này» name a day; «thứ hai», «thứ 6 tới» alone the next one, or check
    the day named otherwise. True when the weekday alone is today's (today's or next week's?)."""
    found = [tok for tok in tokens if tok.kind == "weekday"]
    if not found:
        return False
    weekday = _weekday(found[0])
    for tok in found[1:]:
        if _weekday(tok) != weekday:
            raise Ask("conflict", first=found[0].text, second=tok.text)
    this = found[0].word("this")
    shift = SHIFTS[week.word("wk") or "nay"] if week is not None else 0 if this == "nay" else None
    or_today = False
    if shift is not None:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
        anchors.append((found[0], monday + timedelta(days=weekday)))
    elif not anchors:
        or_today = weekday == today.weekday() and this is None
        named = "chu nhat" if weekday == 6 else f"thu {weekday + 2}"
        on = relative_date(named, today=today)  # today's weekday: next week's, as when scheduling
        assert on is not None
        anchors.append((found[0], on))
    for tok, on in anchors:
        if on.weekday() != weekday:
            raise Ask("conflict", first=found[0].text, second=tok.text)
    return or_today


def _weekday(tok: Token) -> int:
    if tok.word("sun"):
        return 6
    return WEEKDAYS[tok.word("w") or tok.word("wn") or ""]
