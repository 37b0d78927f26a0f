"""Read models of the organisation tree for the admin pages (no ORM object leaves)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from core.db.uow import UnitOfWork
from core.errors import NotFound
from core.labels import (
    CHANNEL_LABELS,
    MEMBER_STATUS_LABELS,
    NOT_JOINED,
    ROLE_LABELS,
    UNIT_KIND_LABELS,
    label_of,
)
from core.members.models import Member
from core.members.repository import MemberRepository
from core.org.models import Role, Unit
from core.org.repository import UnitRepository

MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class UnitNode:
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    depth: int
    parent_id: int | None
    joined: int
    total: int

    @property
    def joined_ratio(self) -> float:
        return self.joined / self.total if self.total else 0.0


@dataclass(frozen=True)
class MemberRow:
    id: int
    code: str
    full_name: str
    status_label: str
    exempted: bool
    roles: tuple[str, ...]
    channels: str
    joined: bool
    blocked: bool


@dataclass(frozen=True)
class UnitMembersView:
    unit: UnitNode
    ancestors: tuple[UnitNode, ...]
    children: tuple[UnitNode, ...]
    members: tuple[MemberRow, ...]


def unit_ids_in_path(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def subtree_sums(units: Iterable[Unit], direct: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Adds each unit's own (joined, total) to itself and every unit above it."""
    sums: dict[int, list[int]] = {}
    for unit in units:
        joined, total = direct.get(unit.id, (0, 0))
        for unit_id in unit_ids_in_path(unit.path):
            acc = sums.setdefault(unit_id, [0, 0])
            acc[0] += joined
            acc[1] += total
    return {unit_id: (acc[0], acc[1]) for unit_id, acc in sums.items()}


def _node(unit: Unit, sums: dict[int, tuple[int, int]]) -> UnitNode:
    joined, total = sums.get(unit.id, (0, 0))
    return UnitNode(
        id=unit.id,
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        kind_label=label_of(UNIT_KIND_LABELS, unit.kind),
        depth=max(len(unit_ids_in_path(unit.path)) - 1, 0),
        parent_id=unit.parent_id,
        joined=joined,
        total=total,
    )


def _depth_first(units: list[Unit]) -> list[Unit]:
    """Parents before children, siblings by name (without diacritics) then id."""
    ids = {u.id for u in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    ordered: list[Unit] = []
    stack = sorted(children.get(None, []), key=lambda u: (u.name_folded, u.id), reverse=True)
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(sorted(children.get(unit.id, []), key=lambda u: (u.name_folded, u.id), reverse=True))
    return ordered


async def org_tree(uow: UnitOfWork) -> list[UnitNode]:
    """Every unit, depth first, with members joined / members counted in the unit and below."""
    async with uow:
        repo = UnitRepository(uow.session)
        units = await repo.all()
        sums = subtree_sums(units, await repo.join_counts())
        return [_node(unit, sums) for unit in _depth_first(units)]


async def unit_members(uow: UnitOfWork, unit_id: int) -> UnitMembersView:
    """A unit with its place in the tree, its direct sub-units and the members placed in it."""
    async with uow:
        repo = UnitRepository(uow.session)
        unit = await repo.get(unit_id) if 0 < unit_id <= MAX_ID else None
        if unit is None:
            raise NotFound("unit_not_found", unit_id=unit_id)
        subtree = await repo.subtree(unit.path)
        ancestors = await repo.by_ids([i for i in unit_ids_in_path(unit.path) if i != unit.id])
        sums = subtree_sums(subtree, await repo.join_counts())
        return UnitMembersView(
            unit=_node(unit, sums),
            ancestors=tuple(_node(a, sums) for a in sorted(ancestors.values(), key=lambda a: len(a.path))),
            children=tuple(_node(u, sums) for u in _depth_first(subtree) if u.parent_id == unit.id),
            members=await _member_rows(uow, unit.id),
        )


async def _member_rows(uow: UnitOfWork, unit_id: int) -> tuple[MemberRow, ...]:
    stmt = select(Member).where(Member.unit_id == unit_id).order_by(Member.name_folded, Member.id)
    members = list((await uow.session.execute(stmt)).scalars())
    ids = [m.id for m in members]
    accounts = await MemberRepository(uow.session).accounts_of(ids)
    roles = await _role_labels(uow, ids, unit_id)
    rows: list[MemberRow] = []
    for member in members:
        mine = accounts.get(member.id, [])
        channels = sorted({label_of(CHANNEL_LABELS, a.channel) for a in mine})
        rows.append(
            MemberRow(
                id=member.id,
                code=member.code,
                full_name=member.full_name,
                status_label=label_of(MEMBER_STATUS_LABELS, member.status),
                exempted=member.exempted,
                roles=tuple(roles.get(member.id, [])),
                channels=", ".join(channels) if channels else NOT_JOINED,
                joined=bool(mine),
                blocked=any(a.blocked_at is not None for a in mine),
            )
        )
    return tuple(rows)


async def _role_labels(uow: UnitOfWork, member_ids: list[int], unit_id: int) -> dict[int, list[str]]:
    """'Bí thư' for an office in the member's own unit, 'Cấp ủy viên (Đảng bộ X)' elsewhere."""
    if not member_ids:
        return {}
    stmt = (
        select(Role.member_id, Role.role, Role.unit_id, Unit.name)
        .join(Unit, Unit.id == Role.unit_id)
        .where(Role.member_id.in_(member_ids))
        .order_by(Role.member_id, Unit.path, Role.role)
    )
    out: dict[int, list[str]] = {}
    for member_id, role, role_unit_id, unit_name in (await uow.session.execute(stmt)).all():
        text = label_of(ROLE_LABELS, role)
        out.setdefault(member_id, []).append(text if role_unit_id == unit_id else f"{text} ({unit_name})")
    return out
