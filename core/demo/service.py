"""Seeding the pilot organisation with generated members, for demos and local trials."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select

from core.audit import service as audit
from core.clock import Clock
from core.db.uow import UnitOfWork, UowFactory
from core.demo import names
from core.demo.pilot import MEMBERS, PROVINCE, UnitPlan
from core.members.models import Member
from core.org.models import Role, Unit
from core.org.repository import UnitRepository
from core.org.rules import child_path
from core.text import fold

SEED = 2024
PROBATIONARY_SHARE = 0.08
EXEMPTED_SHARE = 0.03
WITH_PHONE_SHARE = 0.95
MIN_FULL_MEMBERS = 3
CHI_UY_FROM = 9  # full members from which a cell elects a chi ủy (Phó Bí thư, cấp ủy viên)
EDITORS_UNIT = "HG-KHOI-BTGTU"  # the Ban Tuyên giáo cell provides the demo's editor
GRASSROOTS_KINDS = frozenset({"dang_bo_co_so", "chi_bo_co_so"})
HIGHLIGHT_CELL = "HG-KHOI-BTCTU-CB01"  # Chi bộ Phòng Tổ chức cán bộ


@dataclass(frozen=True)
class DemoSummary:
    created: bool  # False when units already existed and nothing was written
    units: int = 0
    grassroots: int = 0
    cells: int = 0
    members: int = 0
    roles: int = 0


@dataclass(frozen=True)
class DemoPerson:
    member_id: int
    code: str
    full_name: str


@dataclass(frozen=True)
class DemoHighlights:
    """What the start-up banner tells someone trying the demo."""

    cell_code: str
    cell_name: str
    secretary: DemoPerson  # the cell's Bí thư: schedules meetings, sends notices, issues invites
    member: DemoPerson  # an ordinary full member of the same cell, holding no office
    members_total: int


@dataclass
class _Cell:
    plan: UnitPlan
    unit_id: int
    people: list[dict[str, Any]]


async def seed_demo(uow_factory: UowFactory, clock: Clock) -> DemoSummary:
    """Creates the pilot's 14 grassroots organisations and ~1,277 members, once (empty units table only)."""
    now = clock.now()
    rng = random.Random(SEED)
    async with uow_factory() as uow:
        if await uow.session.scalar(select(Unit.id).limit(1)) is not None:
            return DemoSummary(created=False)
        unit_ids = await _insert_units(uow, now)
        cells = [_Cell(plan, unit_ids[plan.code], []) for plan, _ in _walk(PROVINCE) if plan.sizes]
        _fill_cells(rng, cells, now)
        await uow.session.execute(insert(Member), [p for cell in cells for p in cell.people])
        member_ids = {row.code: row.id for row in await uow.session.execute(select(Member.code, Member.id))}
        roles = _roles(rng, cells, unit_ids)
        await uow.session.execute(
            insert(Role),
            [{"member_id": member_ids[c], "unit_id": u, "role": r, "created_at": now} for c, u, r in roles],
        )
        summary = DemoSummary(
            created=True,
            units=len(unit_ids),
            grassroots=sum(
                1 for plan, _ in _walk(PROVINCE) if plan.kind in {"dang_bo_co_so", "chi_bo_co_so"}
            ),
            cells=len(cells),
            members=len(member_ids),
            roles=len(roles),
        )
        audit.record(uow.session, actor="demo", action="demo.seed", at=now, **asdict(summary))
        await uow.commit()
    return summary


def _walk(plan: UnitPlan, parent: UnitPlan | None = None) -> Iterator[tuple[UnitPlan, UnitPlan | None]]:
    """Every unit of the plan with its parent, parents first."""
    yield plan, parent
    for child in plan.children:
        yield from _walk(child, plan)


async def _insert_units(uow: UnitOfWork, now: datetime) -> dict[str, int]:
    """Level by level, so each unit's path can use its parent's id and path."""
    units: dict[str, Unit] = {}
    level: list[tuple[UnitPlan, UnitPlan | None]] = [(PROVINCE, None)]
    while level:
        created = []
        for plan, parent in level:
            unit = Unit(code=plan.code, name=plan.name, name_folded=fold(plan.name), kind=plan.kind)
            unit.parent_id = units[parent.code].id if parent else None
            unit.path, unit.created_at, unit.updated_at = "/", now, now
            uow.session.add(unit)
            units[plan.code] = unit
            created.append((plan, parent))
        await uow.flush()
        for plan, parent in created:
            units[plan.code].path = child_path(
                units[parent.code].path if parent else None, units[plan.code].id
            )
        level = [(child, plan) for plan, _ in created for child in plan.children]
    await uow.flush()
    return {code: unit.id for code, unit in units.items()}


def _cell_sizes(rng: random.Random, cells: list[_Cell]) -> list[int]:
    """Random sizes within each cell's range, nudged one by one until they add up to MEMBERS."""
    bounds = [cell.plan.sizes or (5, 30) for cell in cells]
    sizes = [rng.randint(low, high) for low, high in bounds]
    while (total := sum(sizes)) != MEMBERS:
        index = rng.randrange(len(sizes))
        step = 1 if total < MEMBERS else -1
        low, high = bounds[index]
        if low <= sizes[index] + step <= high:
            sizes[index] += step
    return sizes


def _fill_cells(rng: random.Random, cells: list[_Cell], now: datetime) -> None:
    number = 0
    for cell, size in zip(cells, _cell_sizes(rng, cells), strict=True):
        taken: set[str] = set()
        for position in range(size):
            number += 1
            name = names.full_name(rng)
            while name in taken:
                name = names.full_name(rng)
            taken.add(name)
            cell.people.append(_person(rng, f"DV{number:06d}", name, cell.unit_id, position, now))


def _person(
    rng: random.Random, code: str, name: str, unit_id: int, position: int, now: datetime
) -> dict[str, Any]:
    """A member row; the first MIN_FULL_MEMBERS of a cell are always full and active."""
    settled = position < MIN_FULL_MEMBERS
    probationary = not settled and rng.random() < PROBATIONARY_SHARE
    exempted = not settled and not probationary and rng.random() < EXEMPTED_SHARE
    if probationary:
        year = rng.randint(1988, 2000)
    elif exempted:
        year = rng.randint(1950, 1962)
    else:
        year = rng.randint(1956, 1998)
    return {
        "code": code,
        "full_name": name,
        "name_folded": fold(name),
        "unit_id": unit_id,
        "status": "du_bi" if probationary else "chinh_thuc",
        "exempted": exempted,
        "phone": names.mobile(rng) if rng.random() < WITH_PHONE_SHARE else None,
        "birth_year": year,
        "created_at": now,
        "updated_at": now,
    }


def _roles(rng: random.Random, cells: list[_Cell], unit_ids: dict[str, int]) -> list[tuple[str, int, str]]:
    """(member code, unit id, role): each cell's committee, then each committee above the cells."""
    roles: list[tuple[str, int, str]] = []
    holders: set[str] = set()

    def pick(cell: _Cell) -> str:
        free: list[str] = [p["code"] for p in cell.people if _active_full(p) and p["code"] not in holders]
        chosen = rng.choice(free)
        holders.add(chosen)
        return chosen

    for cell in cells:
        roles.append((pick(cell), cell.unit_id, "bi_thu"))
        if sum(_active_full(p) for p in cell.people) >= CHI_UY_FROM:
            roles.append((pick(cell), cell.unit_id, "pho_bi_thu"))
            roles.extend((pick(cell), cell.unit_id, "cap_uy_vien") for _ in range(rng.randint(1, 3)))
    by_code = {cell.plan.code: cell for cell in cells}
    for plan, _ in _walk(PROVINCE):
        if plan.kind in {"dang_bo_co_so", "cap_tren_co_so"}:
            first_cell = next(p for p, _ in _walk(plan) if p.code in by_code)
            roles.append((pick(by_code[first_cell.code]), unit_ids[plan.code], "bi_thu"))
    roles.append((pick(by_code[EDITORS_UNIT]), unit_ids[PROVINCE.code], "bien_tap_vien"))
    return roles


def _active_full(person: dict[str, Any]) -> bool:
    return person["status"] == "chinh_thuc" and not person["exempted"]


async def demo_highlights(uow: UnitOfWork) -> DemoHighlights | None:
    """A cell of the demo with its Bí thư and an ordinary member; None if the demo is not seeded."""
    async with uow:
        units = UnitRepository(uow.session)
        cell = await units.by_code(HIGHLIGHT_CELL)
        if cell is None:
            return None
        secretaries = await units.role_holders(cell.id, ["bi_thu"])
        office_holders = select(Role.member_id).distinct().scalar_subquery()
        ordinary = await uow.session.scalar(
            select(Member)
            .where(Member.unit_id == cell.id, Member.status == "chinh_thuc", Member.id.not_in(office_holders))
            .order_by(Member.id)
            .limit(1)
        )
        total = await uow.session.scalar(select(func.count(Member.id)))
        if not secretaries or ordinary is None:
            return None
        secretary, member = _person_ref(secretaries[0]), _person_ref(ordinary)
        return DemoHighlights(cell.code, cell.name, secretary, member, total or 0)


def _person_ref(member: Member) -> DemoPerson:
    return DemoPerson(member.id, member.code, member.full_name)
