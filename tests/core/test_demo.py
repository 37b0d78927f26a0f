"""The demo organisation: the Hậu Giang pilot's units with generated members, seeded once."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from core.clock import ManualClock
from core.db.uow import UowFactory
from core.demo import DemoSummary, demo_highlights, seed_demo
from core.members.models import Member
from core.org.models import Role, Unit
from core.org.rules import CELL_KINDS

FOOTNOTE_ORGANISATIONS = {
    "Đảng bộ Ban Tổ chức Tỉnh ủy",
    "Đảng bộ Văn phòng Tỉnh ủy",
    "Chi bộ Ban Tuyên giáo Tỉnh ủy",
    "Đảng bộ Văn phòng Ủy ban nhân dân tỉnh",
    "Đảng bộ Sở Thông tin và Truyền thông",
    "Đảng bộ Bệnh viện đa khoa Hậu Giang",
    "Đảng bộ Trường Cao đẳng cộng đồng Hậu Giang",
    "Chi bộ Công ty cổ phần Bến xe tàu Hậu Giang",
    "Đảng bộ phường I",
    "Đảng bộ xã Vị Tân",
    "Chi bộ Văn phòng Thành ủy",
    "Chi bộ Ban Tổ chức Thành ủy",
    "Chi bộ Ban Tuyên giáo Thành ủy",
    "Chi bộ Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố",
}


async def load(uow: UowFactory) -> tuple[list[Unit], list[Member], list[Role]]:
    async with uow() as u:
        units = list((await u.session.execute(select(Unit))).scalars())
        members = list((await u.session.execute(select(Member))).scalars())
        roles = list((await u.session.execute(select(Role))).scalars())
    return units, members, roles


async def test_pilot_organisations_are_seeded_when_units_table_is_empty(
    uow: UowFactory, clock: ManualClock
) -> None:
    summary = await seed_demo(uow, clock)

    units, members, _ = await load(uow)
    by_kind = Counter(u.kind for u in units)
    grassroots = {u.name for u in units if u.kind in {"dang_bo_co_so", "chi_bo_co_so"}}
    assert grassroots == FOOTNOTE_ORGANISATIONS
    assert (by_kind["dang_bo_co_so"], by_kind["chi_bo_co_so"], by_kind["cap_tren_co_so"]) == (8, 6, 2)
    cells = [u for u in units if u.kind in CELL_KINDS]
    assert len(cells) == 74
    assert 1200 <= len(members) <= 1350
    assert summary == DemoSummary(True, len(units), 14, 74, len(members), summary.roles)
    root = next(u for u in units if u.parent_id is None)
    assert (root.code, root.name, root.kind) == ("HG", "Tỉnh ủy Hậu Giang", "tinh_uy")
    assert all(u.path.startswith(root.path) and u.path.endswith(f"/{u.id}/") for u in units)


async def test_every_cell_and_committee_has_a_secretary_when_seeded(
    uow: UowFactory, clock: ManualClock
) -> None:
    await seed_demo(uow, clock)

    units, members, roles = await load(uow)
    secretaries = Counter(r.unit_id for r in roles if r.role == "bi_thu")
    led = [u for u in units if u.kind != "tinh_uy"]
    assert all(secretaries[u.id] == 1 for u in led)
    unit_of = {m.id: m.unit_id for m in members}
    path_of = {u.id: u.path for u in units}
    for role in roles:  # every office is held by a member of that unit or of a cell below it
        assert path_of[unit_of[role.member_id]].startswith(path_of[role.unit_id])


async def test_cells_look_like_the_pilot_when_seeded(uow: UowFactory, clock: ManualClock) -> None:
    await seed_demo(uow, clock)

    units, members, _ = await load(uow)
    sizes = Counter(m.unit_id for m in members)
    cells = [u for u in units if u.kind in {"chi_bo_co_so", "chi_bo_truc_thuoc"}]
    assert all(5 <= sizes[c.id] <= 30 for c in cells)
    assert set(sizes) == {c.id for c in cells}
    probationary = sum(m.status == "du_bi" for m in members) / len(members)
    exempted = sum(m.exempted for m in members) / len(members)
    assert 0.04 <= probationary <= 0.12 and 0.01 <= exempted <= 0.06
    assert all(1950 <= (m.birth_year or 0) <= 2000 for m in members)
    assert len({m.code for m in members}) == len(members)


async def test_nothing_is_seeded_when_run_twice(uow: UowFactory, clock: ManualClock) -> None:
    first = await seed_demo(uow, clock)

    second = await seed_demo(uow, clock)

    units, members, _ = await load(uow)
    assert first.created and not second.created
    assert (len(units), len(members)) == (first.units, first.members)


async def test_highlights_name_a_cell_and_its_secretary_when_demo_is_seeded(
    uow: UowFactory, clock: ManualClock
) -> None:
    assert await demo_highlights(uow()) is None
    await seed_demo(uow, clock)

    highlights = await demo_highlights(uow())

    assert highlights is not None
    assert highlights.cell_name == "Chi bộ Phòng Tổ chức cán bộ"
    async with uow() as u:
        role = await u.session.scalar(
            select(Role).where(Role.member_id == highlights.secretary.member_id, Role.role == "bi_thu")
        )
        member = await u.session.get(Member, highlights.member.member_id)
    assert role is not None and member is not None
    assert member.code == highlights.member.code and highlights.members_total >= 1200
