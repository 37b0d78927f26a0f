"""Votes by the Party's rules (shared/domain.md), on real databases."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from core.audit.models import AuditEntry
from core.errors import Conflict, Forbidden, NotFound
from core.members.repository import MemberRepository
from core.org.rules import MemberRef
from core.outbox.models import OutboxMessage
from core.texts import plain_text
from core.votes import follow, rules, service
from core.votes.models import Ballot, SecretTally, SecretVoter, Vote
from core.votes.rules import Base, Voter
from core.votes.views import result_text
from scheduler.jobs import send_due_reminders
from tests.chat_helpers import Person
from tests.factories import make_meeting, make_member, make_role, make_unit
from tests.org_fixture import build_org


def _voters(full: int, probationary: int = 0, *, absent: int = 0, excused: int = 0, exempted_absent: int = 0,
            exempted_present: int = 0) -> list[Voter]:  # fmt: skip
    out, n = [], 0
    for status, count, exempted, full_member in [
        ("present", full - absent - excused - exempted_absent - exempted_present, False, True),
        ("absent", absent, False, True),
        ("absent_excused", excused, False, True),
        ("absent", exempted_absent, True, True),
        ("present", exempted_present, True, True),
        ("present", probationary, False, False),
    ]:
        for _ in range(count):
            n += 1
            out.append(Voter(n, full_member, exempted, status))
    return out


def test_the_worked_example_of_domain_md():
    """20 full + 2 probationary, 3 full away on business without an accepted reason → base 20, 11 needed."""
    voters = _voters(20, 2, absent=3)
    base = rules.base_of(voters)
    assert base.size == 20
    result = rules.outcome("resolution", {"dong_y": 11, "khong_dong_y": 6}, base, 20)
    assert (result.needed, result.passed) == (11, True)
    assert not rules.outcome("resolution", {"dong_y": 10}, base, 20).passed  # half is not more than half


def test_the_base_drops_exempted_absent_and_excused_but_keeps_exempted_present():
    base = rules.base_of(_voters(20, excused=2, exempted_absent=1, exempted_present=1))
    assert (base.summoned_full, base.excused_absent, base.exempted_absent, base.size) == (20, 2, 1, 17)
    assert rules.may_vote(Voter(1, True, True, "present")) is None
    assert rules.may_vote(Voter(2, True, True, "absent")) == "vote_exempted_absent"
    assert rules.may_vote(Voter(3, False, False, "present")) == "vote_probationary"


def test_admission_needs_two_thirds_of_the_cells_full_members():
    base = Base(summoned_full=9, exempted_absent=0, excused_absent=3)  # base 6, but admission counts all 9
    assert rules.outcome("admission", {"dong_y": 5}, base, 9).passed is False
    assert rules.outcome("admission", {"dong_y": 6}, base, 9).passed is True


def test_ties_and_all_abstaining():
    base = Base(10, 0, 0)
    tie = rules.outcome("election", {"Lan": 5, "Minh": 5, "khong_bieu_quyet": 0}, base, 10)
    assert (tie.passed, tie.winner) == (False, None)
    abstaining = rules.outcome("resolution", {"khong_bieu_quyet": 10}, base, 10)
    assert abstaining.passed is False and abstaining.needed == 6
    even = rules.outcome("resolution", {"dong_y": 5, "khong_dong_y": 5}, base, 10)
    assert even.passed is False


def test_quorum_counts_exempted_members_only_when_they_come():
    q = rules.quorum(_voters(9, absent=2, exempted_absent=1))
    assert (q.present, q.summoned, q.needed, q.met) == (6, 8, 6, True)


async def _ref(ctx, member_id: int) -> MemberRef:
    async with ctx.uow() as u:
        ref = await MemberRepository(u.session).ref(member_id)
    assert ref is not None
    return ref


async def _meeting(ctx, clock, org):
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
    return meeting


async def test_open_ballot_can_change_until_closing_and_the_result_has_its_formula(ctx, clock):
    org = await build_org(ctx.uow)
    meeting = await _meeting(ctx, clock, org)
    secretary = await _ref(ctx, org.secretary.id)
    vote, entries = await service.open_vote(
        ctx,
        actor=secretary,
        draft=service.VoteDraft(meeting.id, "Thông qua nghị quyết tháng 6", "resolution"),
    )
    an, binh, cuong = [await _ref(ctx, m.id) for m in org.members[1:4]]
    assert not (await service.cast_ballot(ctx, member=an, vote_id=vote.id, choice="khong_dong_y")).changed
    assert (await service.cast_ballot(ctx, member=an, vote_id=vote.id, choice="dong_y")).changed
    await service.cast_ballot(ctx, member=binh, vote_id=vote.id, choice="dong_y")
    await service.cast_ballot(ctx, member=secretary, vote_id=vote.id, choice="dong_y")
    with pytest.raises(Forbidden) as refused:  # Phạm Văn Cường is dự bị
        await service.cast_ballot(ctx, member=cuong, vote_id=vote.id, choice="dong_y")
    assert refused.value.code == "vote_probationary"
    closed = await follow.close_vote(ctx, actor=secretary, vote_id=vote.id)
    text = plain_text(result_text(closed))
    # 4 full members summoned; Võ Văn Dũng is exempted and did not come → base 3, more than 1.5 needed
    assert "3/3 đồng ý (cần ít nhất 2) — thông qua" in text
    assert "Đã bỏ phiếu: 3/3" in text and "trừ 1 miễn sinh hoạt vắng mặt" in text
    with pytest.raises(Conflict):
        await service.cast_ballot(ctx, member=binh, vote_id=vote.id, choice="khong_dong_y")
    async with ctx.uow() as u:
        told = await u.session.scalar(
            select(func.count()).where(
                OutboxMessage.subject_kind == "vote_result", OutboxMessage.subject_id == vote.id
            )
        )
    assert told == len(entries)


async def test_a_secret_ballot_keeps_who_voted_but_never_who_chose_what(ctx, clock):
    org = await build_org(ctx.uow)
    meeting = await _meeting(ctx, clock, org)
    secretary = await _ref(ctx, org.secretary.id)
    draft = service.VoteDraft(
        meeting.id, "Bầu Bí thư chi bộ", "election", candidates=("Trần Thị Bí Thư", "Lê Thị Bình")
    )
    vote, _ = await service.open_vote(ctx, actor=secretary, draft=draft)
    assert vote.secret  # elections are always secret
    an = await _ref(ctx, org.members[1].id)
    await service.cast_ballot(ctx, member=an, vote_id=vote.id, choice="Lê Thị Bình")
    with pytest.raises(Conflict) as twice:
        await service.cast_ballot(ctx, member=an, vote_id=vote.id, choice="Trần Thị Bí Thư")
    assert twice.value.code == "vote_secret_final"
    async with ctx.uow() as u:
        assert await u.session.scalar(select(func.count()).select_from(Ballot)) == 0
        voters = (await u.session.scalars(select(SecretVoter))).all()
        tallies = {t.choice: t.count for t in await u.session.scalars(select(SecretTally))}
    assert [v.member_id for v in voters] == [an.id]
    assert {c.key for c in inspect(SecretVoter).columns} == {
        "id",
        "vote_id",
        "member_id",
    }  # no choice, no time
    assert tallies == {"Trần Thị Bí Thư": 0, "Lê Thị Bình": 1, "khong_bieu_quyet": 0}
    turnout = await follow.turnout(ctx, actor=secretary, vote_id=vote.id)
    assert turnout.voted == ("Nguyễn Văn An",)


async def test_fifty_ballots_at_the_same_moment_are_counted_exactly(ctx, clock):
    async with ctx.uow() as u:
        cell = await make_unit(u.session, name="Chi bộ Đông", kind="chi_bo_co_so")
        members = [await make_member(u.session, unit=cell) for _ in range(50)]
        await make_role(u.session, member=members[0], unit=cell, role="bi_thu")
        meeting = await make_meeting(u.session, unit=cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
    refs = [await _ref(ctx, m.id) for m in members]
    for secret in (False, True):
        vote, _ = await service.open_vote(
            ctx,
            actor=refs[0],
            draft=service.VoteDraft(meeting.id, f"Biểu quyết {secret}", "resolution", secret),
        )
        choices = ["dong_y"] * 30 + ["khong_dong_y"] * 15 + ["khong_bieu_quyet"] * 5
        await asyncio.gather(
            *(
                service.cast_ballot(ctx, member=r, vote_id=vote.id, choice=c)
                for r, c in zip(refs, choices, strict=True)
            )
        )
        closed = await follow.close_vote(ctx, actor=refs[0], vote_id=vote.id)
        assert closed.outcome is not None
        assert closed.outcome["counts"] == {"dong_y": 30, "khong_dong_y": 15, "khong_bieu_quyet": 5}
        assert closed.outcome["voted"] == 50


async def test_a_vote_set_to_close_at_a_time_closes_once_by_the_reminder_job(ctx, clock):
    org = await build_org(ctx.uow)
    meeting = await _meeting(ctx, clock, org)
    secretary = await _ref(ctx, org.secretary.id)
    draft = service.VoteDraft(
        meeting.id, "Thông qua kế hoạch", "resolution", closes_at=clock.now() + timedelta(minutes=30)
    )
    vote, _ = await service.open_vote(ctx, actor=secretary, draft=draft)
    await service.cast_ballot(ctx, member=secretary, vote_id=vote.id, choice="dong_y")
    clock.advance(timedelta(minutes=31))
    assert await send_due_reminders(ctx) == 1
    assert await send_due_reminders(ctx) == 0
    async with ctx.uow() as u:
        stored = await u.session.get(Vote, vote.id)
        results = await u.session.scalar(
            select(func.count()).where(OutboxMessage.subject_kind == "vote_result")
        )
    assert stored is not None and stored.status == "closed" and results == len(org.members)


async def test_a_member_of_another_cell_cannot_vote_and_is_logged(ctx, clock):
    org = await build_org(ctx.uow)
    meeting = await _meeting(ctx, clock, org)
    secretary = await _ref(ctx, org.secretary.id)
    vote, _ = await service.open_vote(
        ctx, actor=secretary, draft=service.VoteDraft(meeting.id, "Nội dung", "resolution")
    )
    outsider = await _ref(ctx, org.other_members[1].id)
    with pytest.raises(NotFound):
        await service.cast_ballot(ctx, member=outsider, vote_id=vote.id, choice="dong_y")
    async with ctx.uow() as u:
        refused = await u.session.scalar(select(AuditEntry).where(AuditEntry.action == "access.refused"))
    assert refused is not None and refused.actor == f"member:{outsider.id}"


async def test_attendance_by_the_secretary_changes_the_base_and_quorum(ctx, clock):
    org = await build_org(ctx.uow)
    meeting = await _meeting(ctx, clock, org)
    sec = Person(ctx, org.accounts[org.secretary.id])
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Biểu quyết")
    await sec.presses("Điểm danh")
    assert "chưa đủ số" in sec.text  # nobody has answered yet
    for name in ("Trần Thị Bí Thư", "Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường"):
        await sec.presses(name)  # ❌ → ✅
    assert "Có mặt 4/4 (cần 3) — đủ số" in sec.text
    roll = await follow.meeting_roll(ctx, actor=await _ref(ctx, org.secretary.id), meeting_id=meeting.id)
    assert sum(1 for e in roll.entries if e.voter.attendance == "present") == 4


async def test_an_organisation_sets_its_own_quorum(ctx, clock):
    from core.votes.models import QuorumRule

    org = await build_org(ctx.uow)
    meeting = await _meeting(ctx, clock, org)
    secretary = await _ref(ctx, org.secretary.id)
    for member in org.members[:2]:
        await follow.set_attendance(
            ctx, actor=secretary, meeting_id=meeting.id, member_id=member.id, status="present"
        )
    default = await follow.meeting_roll(ctx, actor=secretary, meeting_id=meeting.id)
    assert (default.quorum.present, default.quorum.needed, default.quorum.met) == (2, 3, False)  # 2/3 of 4
    async with ctx.uow() as u:
        u.session.add(QuorumRule(unit_id=org.party_committee.id, numerator=1, denominator=2))
        await u.commit()
    own = await follow.meeting_roll(ctx, actor=secretary, meeting_id=meeting.id)
    assert (own.quorum.needed, own.quorum.met) == (2, True)  # the đảng bộ's rule: half


async def test_a_member_recorded_absent_gets_no_ballot_and_cannot_vote(ctx, clock):
    org = await build_org(ctx.uow)
    meeting = await _meeting(ctx, clock, org)
    secretary = await _ref(ctx, org.secretary.id)
    binh = await _ref(ctx, org.members[2].id)
    await follow.set_attendance(
        ctx, actor=secretary, meeting_id=meeting.id, member_id=binh.id, status="absent_excused"
    )
    vote, _ = await service.open_vote(
        ctx, actor=secretary, draft=service.VoteDraft(meeting.id, "Nội dung", "resolution")
    )
    async with ctx.uow() as u:
        ballots_to = set(
            await u.session.scalars(
                select(OutboxMessage.member_id).where(OutboxMessage.subject_kind == "vote")
            )
        )
    assert binh.id not in ballots_to and secretary.id in ballots_to
    with pytest.raises(Forbidden) as refused:
        await service.cast_ballot(ctx, member=binh, vote_id=vote.id, choice="dong_y")
    assert refused.value.code == "vote_absent"


async def test_a_probationary_member_cannot_stand_and_typed_numbers_are_not_part_of_names(ctx, clock):
    from core.errors import InvalidInput

    org = await build_org(ctx.uow)
    meeting = await _meeting(ctx, clock, org)
    secretary = await _ref(ctx, org.secretary.id)
    with pytest.raises(InvalidInput) as refused:
        await service.open_vote(
            ctx,
            actor=secretary,
            draft=service.VoteDraft(
                meeting.id, "Bầu Phó Bí thư", "election", candidates=("1. Lê Thị Bình", "2. Phạm Văn Cường")
            ),
        )
    assert refused.value.code == "vote_candidate_probationary"
    vote, _ = await service.open_vote(
        ctx,
        actor=secretary,
        draft=service.VoteDraft(
            meeting.id, "Bầu Phó Bí thư", "election", candidates=("1. Lê Thị Bình", "2) Nguyễn Văn An")
        ),
    )
    assert vote.choices == ["Lê Thị Bình", "Nguyễn Văn An", "khong_bieu_quyet"]


async def test_a_secret_voters_transaction_does_not_point_at_their_choice(ctx, clock):
    """Someone reading PostgreSQL's tables sees each row's writing transaction (xmin): the voter's row and
    the counters are written together: every counter must carry that transaction, not one."""
    from sqlalchemy import text

    org = await build_org(ctx.uow)
    meeting = await _meeting(ctx, clock, org)
    secretary = await _ref(ctx, org.secretary.id)
    candidates = ("Trần Thị Bí Thư", "Lê Thị Bình")
    draft = service.VoteDraft(meeting.id, "Bầu Bí thư", "election", candidates=candidates)
    vote, _ = await service.open_vote(ctx, actor=secretary, draft=draft)
    for member, choice in ((org.members[1], "Lê Thị Bình"), (org.secretary, "Trần Thị Bí Thư")):
        await service.cast_ballot(ctx, member=await _ref(ctx, member.id), vote_id=vote.id, choice=choice)
    async with ctx.uow() as u:
        if u.session.bind.dialect.name != "postgresql":
            pytest.skip("xmin is PostgreSQL's")
        marks = (
            await u.session.execute(
                text("SELECT choice, xmin::text FROM vote_secret_tallies WHERE vote_id = :v"), {"v": vote.id}
            )
        ).all()
    # one transaction wrote every counter (the last voter's), so none is singled out as their choice
    assert len({mark for _, mark in marks}) == 1, marks
