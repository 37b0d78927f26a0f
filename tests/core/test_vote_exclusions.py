"""Members transferred out for a time, suspended or prosecuted: set by import, out of a vote's base."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from core.imports import import_files
from core.members.models import Member
from core.members.repository import MemberRepository
from core.texts import plain_text
from core.votes import follow, rules, service
from core.votes.rules import Voter
from core.votes.views import result_text
from tests.core.test_imports import MEMBER_HEADER, MEMBERS, UNIT_HEADER, UNITS, members_by_code, write_csv
from tests.factories import make_meeting
from tests.org_fixture import build_org


async def test_the_import_sets_keeps_and_clears_the_exclusion(uow, clock, tmp_path: Path) -> None:
    header = [*MEMBER_HEADER, "Không tính vào cơ sở biểu quyết"]
    rows = [
        [*MEMBERS[0], "đình chỉ sinh hoạt"],
        [*MEMBERS[1], "Chuyen sinh hoat tam thoi"],
        [*MEMBERS[2], ""],
    ]
    units = write_csv(tmp_path / "units.csv", [UNIT_HEADER, *UNITS])
    await import_files(uow, clock, [units, write_csv(tmp_path / "m.csv", [header, *rows])])
    people = await members_by_code(uow)
    assert [people[c].excluded for c in ("DV01", "DV02", "DV03")] == ["dinh_chi", "chuyen_tam", None]
    clock.advance(timedelta(days=1))
    again = [[*MEMBERS[0], ""], [*MEMBERS[1], "không"]]
    await import_files(uow, clock, [write_csv(tmp_path / "m2.csv", [header, *again])])
    people = await members_by_code(uow)
    assert (people["DV01"].excluded, people["DV02"].excluded) == (
        "dinh_chi",
        None,
    )  # empty keeps; «không» clears


def test_excluded_members_leave_the_base_and_do_not_vote():
    voters = [Voter(n, True, False, "present") for n in range(1, 9)] + [
        Voter(9, True, False, None, "truy_to")
    ]
    base = rules.base_of(voters)
    assert (base.summoned_full, base.excluded, base.size) == (9, 1, 8)
    assert rules.may_vote(voters[-1]) == "vote_excluded"


async def test_the_result_lists_the_excluded_member_among_the_base_exclusions(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.session.execute(
            update(Member).where(Member.id == org.members[2].id).values(excluded="dinh_chi")
        )
        await u.commit()
        repo = MemberRepository(u.session)
        sec, an = [await repo.ref(m.id) for m in org.members[:2]]
    vote, _ = await service.open_vote(
        ctx, actor=sec, draft=service.VoteDraft(meeting.id, "Thông qua nghị quyết", "resolution")
    )
    for ref in (sec, an):
        await service.cast_ballot(ctx, member=ref, vote_id=vote.id, choice="dong_y")
    closed = await follow.close_vote(ctx, actor=sec, vote_id=vote.id)
    text = plain_text(result_text(closed))
    assert "2/2 đồng ý (cần hơn 1) — thông qua" in text
    assert (
        "trừ 1 miễn sinh hoạt vắng mặt, 0 vắng có lý do và 1 chuyển sinh hoạt tạm thời, bị đình chỉ" in text
    )
    turnout = await follow.turnout(ctx, actor=sec, vote_id=vote.id)
    assert any(
        name.startswith("Lê Thị Bình (chuyển sinh hoạt tạm thời, đình chỉ") for name in turnout.not_voting
    )
