"""The time of day of a calendar entry: «14h30», «7 giờ rưỡi», «3 giờ chiều», «12 giờ đêm», «trưa».

24-hour by default; a part of the day (before or after the hour) says which half of the clock.
An hour from 1 to 5 with neither a part of the day nor a leading zero is asked back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time

from core.calendar.when_parts import HOUR_WORDS, Ask, Token

NIGHT_PARTS = {"toi", "dem", "khuya", "nua dem"}
TONIGHT = {"nay", "hom nay", "bua nay"}


def _hours() -> dict[str, dict[int, tuple[int, bool]]]:
    """For each part of the day: the hour as typed → (the hour on a 24-hour clock, after midnight)."""
    evening = {h: (h + 12, False) for h in range(7, 12)} | {h: (h, False) for h in range(19, 24)}
    late = {12: (0, True)} | {h: (h, True) for h in range(5)}
    return {
        "sang": {h: (h, False) for h in range(13)},
        "trua": {h: (h, False) for h in range(10, 15)} | {1: (13, False), 2: (14, False)},
        "chieu": {h: (h + 12, False) for h in range(1, 8)} | {h: (h, False) for h in range(12, 20)},
        "toi": {h: (h + 12, False) for h in range(5, 12)} | {h: (h, False) for h in range(17, 24)} | late,
        "dem": evening | late,
        "khuya": evening | late,
        "nua dem": {0: (0, True), 12: (0, True)},
    }


HOURS = _hours()


@dataclass(frozen=True)
class Clock:
    at: time
    late: bool  # after midnight: «12 giờ đêm», «1 giờ đêm» belong to the night before
    typed: str


def clock_of(tokens: list[Token]) -> Clock | None:
    """The one time of day the tokens give, or None (an all-day entry)."""
    times = [tok for tok in tokens if tok.kind == "time"]
    parts = [tok for tok in tokens if tok.word("part")]
    _only_one(times, lambda tok: tok.text.lower())
    _only_one(parts, lambda tok: tok.word("part") or "")
    part = parts[0].word("part") if parts else None
    if times:
        return _clock(times[0], part)
    if part == "trua":
        return Clock(time(12, 0), False, parts[0].text)
    if part == "nua dem":
        return Clock(time(0, 0), True, parts[0].text)
    if parts:
        raise Ask("which_time", typed=parts[0].text)
    return None


def names_a_night(tok: Token) -> bool:
    """«đêm nay», «tối mai», «hôm nay»: a day whose night an after-midnight time belongs to."""
    return (tok.word("part") or "") in NIGHT_PARTS or (tok.word("rel") or "") in TONIGHT


def _only_one(tokens: list[Token], key: Callable[[Token], str]) -> None:
    for tok in tokens[1:]:
        if key(tok) != key(tokens[0]):
            raise Ask("conflict", first=tokens[0].text, second=tok.text)


def _clock(tok: Token, part: str | None) -> Clock:
    typed_hour = tok.word("h") or str(HOUR_WORDS.get(tok.word("hw") or "", 0))
    hour, minute, late = int(typed_hour), _minute(tok), False
    if part is not None:
        if hour not in HOURS[part]:
            raise Ask("invalid_time", typed=_typed_clock(tok))
        hour, late = HOURS[part][hour]
    if tok.word("k"):  # «7h kém 15»: a quarter to seven
        hour, minute = hour - 1, 60 - int(tok.word("k") or 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise Ask("invalid_time", typed=_typed_clock(tok))
    if part is None and 1 <= int(typed_hour) <= 5 and not typed_hour.startswith("0"):
        raise Ask("ambiguous_hour", **_both_halves(tok, hour, minute))
    return Clock(time(hour, minute), late, tok.text)


def _typed_clock(tok: Token) -> str:
    """The hour as typed, with its part of the day but without the day («14h sáng» of «14h sáng mai»)."""
    end = tok.match.end("part") if tok.match.groupdict().get("part") else tok.end
    return tok.match.string[tok.start : end].strip()


def _minute(tok: Token) -> int:
    if tok.word("half"):
        return 30
    return int(tok.word("m") or 0)


def _both_halves(tok: Token, hour: int, minute: int) -> dict[str, str]:
    afternoon = f"{hour + 12}h{minute:02}" if minute else f"{hour + 12}h"
    text = tok.match.string
    example = " ".join(f"{text[: tok.start]} {afternoon} {text[tok.end :]}".split())
    return {
        "typed": tok.text,
        "morning": f"{hour:02}:{minute:02}",
        "afternoon": f"{hour + 12:02}:{minute:02}",
        "example": example,
    }
