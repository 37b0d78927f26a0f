"""The Party's voting rules as plain values (shared/domain.md, «Votes»).

The base of a vote is the full members summoned, minus exempted members who are absent and members
absent with a reason the chair accepted; it is never "those present". Thresholds are data per kind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

ATTENDANCE = ("present", "absent_excused", "absent")  # có mặt / vắng có lý do (được chấp nhận) / vắng
EXCLUSIONS = ("chuyen_tam", "dinh_chi", "truy_to")  # transferred out for a time, suspended, prosecuted
ORDINARY_CHOICES = ("dong_y", "khong_dong_y", "khong_bieu_quyet")


@dataclass(frozen=True)
class Threshold:
    share: Fraction
    strict: bool  # True: more than share × N; False: at least share × N
    of: str  # "base" or "full_members" (the cell's full members, for admission/recognition)
    secret_required: bool = False

    def needed(self, n: int) -> int:
        """The smallest number of votes that passes, out of `n`."""
        exact = self.share * n
        return math.floor(exact) + 1 if self.strict else math.ceil(exact)


# Kept as data: a province that rules otherwise changes this table, not the code.
THRESHOLDS: dict[str, Threshold] = {
    "resolution": Threshold(Fraction(1, 2), strict=True, of="base"),
    "admission": Threshold(Fraction(2, 3), strict=False, of="full_members"),
    "election": Threshold(Fraction(1, 2), strict=True, of="base", secret_required=True),
}
DEFAULT_QUORUM = Fraction(2, 3)  # to open the meeting: configurable (domain.md: "not confirmed")


@dataclass(frozen=True)
class Voter:
    member_id: int
    full: bool  # chính thức
    exempted: bool  # miễn sinh hoạt
    attendance: str | None  # one of ATTENDANCE, None when not recorded
    excluded: str | None = None  # one of EXCLUSIONS: out of the base whatever the attendance


@dataclass(frozen=True)
class Base:
    summoned_full: int
    exempted_absent: int
    excused_absent: int
    excluded: int = 0  # transferred out for a time, suspended, under prosecution or detention

    @property
    def size(self) -> int:
        return self.summoned_full - self.exempted_absent - self.excused_absent - self.excluded


def base_of(voters: list[Voter]) -> Base:
    full = [v for v in voters if v.full]
    excluded = sum(1 for v in full if v.excluded)
    counted = [v for v in full if not v.excluded]
    exempted_absent = sum(1 for v in counted if v.exempted and v.attendance != "present")
    excused = sum(1 for v in counted if not v.exempted and v.attendance == "absent_excused")
    return Base(len(full), exempted_absent, excused, excluded)


def may_vote(voter: Voter) -> str | None:
    """None when the member may vote; otherwise why not (a text key)."""
    if not voter.full:
        return "vote_probationary"
    if voter.excluded:
        return "vote_excluded"
    if voter.exempted and voter.attendance != "present":
        return "vote_exempted_absent"
    if voter.attendance in ("absent", "absent_excused"):
        return "vote_absent"  # not at the meeting: counted in the base (unexcused), never voting
    return None


@dataclass(frozen=True)
class Quorum:
    present: int
    summoned: int
    needed: int

    @property
    def met(self) -> bool:
        return self.present >= self.needed


def quorum(voters: list[Voter], share: Fraction = DEFAULT_QUORUM) -> Quorum:
    """Members summoned (exempted ones only if they came) and how many are present."""
    counted = [v for v in voters if not v.exempted or v.attendance == "present"]
    present = sum(1 for v in counted if v.attendance == "present")
    return Quorum(present, len(counted), math.ceil(share * len(counted)))


@dataclass(frozen=True)
class Outcome:
    kind: str
    counts: dict[str, int]
    base: int
    denominator: int  # what the threshold is taken of
    needed: int
    passed: bool
    winner: str | None  # the choice that passed (an election's candidate, or "dong_y")


def outcome(kind: str, counts: dict[str, int], base: Base, full_members: int) -> Outcome:
    """An ordinary vote passes on «đồng ý»; an election elects who has enough votes (one seat)."""
    threshold = THRESHOLDS[kind]
    # the cell's full members less exempted ones absent (domain.md: they count only if they attend)
    denominator = base.size if threshold.of == "base" else full_members - base.exempted_absent - base.excluded
    needed = threshold.needed(denominator)
    if kind == "election":
        ranked = sorted(((n, c) for c, n in counts.items() if c not in ORDINARY_CHOICES[1:]), reverse=True)
        top = [c for n, c in ranked if ranked and n == ranked[0][0]]
        leader = top[0] if len(top) == 1 else None  # a tie elects nobody
        passed = leader is not None and counts.get(leader, 0) >= needed and denominator > 0
        return Outcome(kind, counts, base.size, denominator, needed, passed, leader if passed else None)
    yes = counts.get("dong_y", 0)
    passed = denominator > 0 and yes >= needed
    return Outcome(kind, counts, base.size, denominator, needed, passed, "dong_y" if passed else None)
