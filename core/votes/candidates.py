"""Election candidates are full members of the meeting's unit, named as typed, with or without diacritics."""

from __future__ import annotations

import re

from core.errors import InvalidInput
from core.text import clean, fold
from core.votes.roll import RollEntry

MAX_CANDIDATES = 30


def typed_names(lines: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """«1. Trần Thị …» as typed: numbers dropped, blanks and repeats removed."""
    names = (re.sub(r"^\d+[.)]\s*", "", clean(x)) for x in lines)
    return tuple(dict.fromkeys(n for n in names if n))


def match_candidates(typed: tuple[str, ...], entries: list[RollEntry]) -> tuple[str, ...]:
    """Each typed name as the member's full name; refused with the reason (unknown, ambiguous,
    probationary — domain.md: probationary members may not stand for election)."""
    if not 1 <= len(typed) <= MAX_CANDIDATES:
        raise InvalidInput("vote_candidates_missing", limit=MAX_CANDIDATES)
    names: list[str] = []
    for name in typed:
        found = [e for e in entries if fold(e.full_name) == fold(name)]
        if not found:
            raise InvalidInput("vote_candidate_unknown", name=name)
        if len(found) > 1:
            raise InvalidInput("vote_candidate_ambiguous", name=name, n=len(found))
        if not found[0].voter.full:
            raise InvalidInput("vote_candidate_probationary", name=found[0].full_name)
        names.append(found[0].full_name)
    return tuple(dict.fromkeys(names))
