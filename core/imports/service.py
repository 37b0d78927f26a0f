"""Importing the organisation tree and the member list from CSV/XLSX files, all or nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.audit import service as audit
from core.clock import Clock
from core.db.uow import UnitOfWork, UowFactory
from core.imports.parse import MemberRecord, Parsed, UnitRecord, parse_tables
from core.imports.problems import ImportFailed, RowError, in_file_order
from core.imports.read import read_tables
from core.imports.rules import reference_errors
from core.members.models import Member
from core.org.models import Role, Unit
from core.org.rules import child_path
from core.text import fold

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CHUNK = 500


@dataclass(frozen=True)
class ImportReport:
    units_created: int = 0
    units_updated: int = 0
    members_created: int = 0
    members_updated: int = 0
    roles_added: int = 0
    unchanged: int = 0  # rows that changed nothing


async def import_files(
    uow_factory: UowFactory, clock: Clock, paths: Sequence[Path], *, actor: str = "cli"
) -> ImportReport:
    """Creates or updates the units and members listed in the files; never deletes.

    Raises ImportFailed with every problem found, and then writes nothing.
    """
    now = clock.now()
    errors: list[RowError] = []
    tables = [table for path in paths for table in read_tables(Path(path), errors)]
    parsed = parse_tables(tables, this_year=now.astimezone(VN).year)
    errors.extend(parsed.errors)
    async with uow_factory() as uow:
        units = {u.code: u for u in (await uow.session.execute(select(Unit))).scalars()}
        errors.extend(reference_errors(parsed, _parent_codes(units)))
        if errors:
            raise ImportFailed(in_file_order(errors, [Path(p).name for p in paths]))
        counts: Counter[str] = Counter()
        await _apply_units(uow, parsed.units, units, now, counts)
        await _apply_members(uow, parsed, units, now, counts)
        report = ImportReport(**{f.name: counts[f.name] for f in fields(ImportReport)})
        audit.record(
            uow.session,
            actor=actor,
            action="org.import",
            at=now,
            files=[Path(p).name for p in paths],
            **asdict(report),
        )
        await uow.commit()
    return report


def _parent_codes(units: dict[str, Unit]) -> dict[str, str | None]:
    code_of = {u.id: u.code for u in units.values()}
    return {u.code: code_of.get(u.parent_id) if u.parent_id else None for u in units.values()}


def _set(obj: Any, changes: dict[str, Any]) -> bool:
    """Sets the attributes that differ; True if any did."""
    changed = False
    for attr, value in changes.items():
        if getattr(obj, attr) != value:
            setattr(obj, attr, value)
            changed = True
    return changed


async def _apply_units(
    uow: UnitOfWork, records: list[UnitRecord], units: dict[str, Unit], now: datetime, counts: Counter[str]
) -> None:
    """Creates new units, then sets every listed unit's fields and parent, then fixes paths."""
    created: set[str] = set()
    for record in records:
        if record.code not in units:
            unit = Unit(code=record.code, name=record.name, name_folded=fold(record.name), kind=record.kind)
            unit.path, unit.created_at, unit.updated_at = "/", now, now
            uow.session.add(unit)
            units[record.code] = unit
            created.add(record.code)
    await uow.flush()
    for record in records:
        unit = units[record.code]
        changes: dict[str, Any] = {"name": record.name, "name_folded": fold(record.name), "kind": record.kind}
        if record.has_parent_column or record.code in created:
            changes["parent_id"] = units[record.parent_code].id if record.parent_code else None
        changed = _set(unit, changes)
        if record.code in created:
            counts["units_created"] += 1
        elif changed:
            unit.updated_at = now
            counts["units_updated"] += 1
        else:
            counts["unchanged"] += 1
    _rebuild_paths(list(units.values()))
    await uow.flush()


def _rebuild_paths(units: list[Unit]) -> None:
    """Paths from the roots down; only paths that differ are written."""
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    queue: list[tuple[Unit, str | None]] = [(unit, None) for unit in children.get(None, [])]
    while queue:
        unit, parent_path = queue.pop()
        path = child_path(parent_path, unit.id)
        if unit.path != path:
            unit.path = path
        queue.extend((child, path) for child in children.get(unit.id, []))


async def _members_by_code(uow: UnitOfWork, codes: list[str]) -> dict[str, Member]:
    found: dict[str, Member] = {}
    for start in range(0, len(codes), CHUNK):
        stmt = select(Member).where(Member.code.in_(codes[start : start + CHUNK]))
        found.update({m.code: m for m in (await uow.session.execute(stmt)).scalars()})
    return found


def _member_changes(record: MemberRecord, unit_id: int, existing: Member | None) -> dict[str, Any]:
    """The fields the row sets; an empty optional cell keeps what is stored (or the default)."""
    changes: dict[str, Any] = {
        "full_name": record.full_name,
        "name_folded": fold(record.full_name),
        "unit_id": unit_id,
        "status": record.status,
        "exempted": record.exempted,
        "excluded": record.excluded,
        "phone": record.phone,
        "birth_year": record.birth_year,
    }
    defaults = {"status": "chinh_thuc", "exempted": False, "phone": None, "birth_year": None}
    for attr, default in defaults.items():
        if changes[attr] is None:
            changes[attr] = default if existing is None else getattr(existing, attr)
    if record.excluded is None:
        changes["excluded"] = None if existing is None else existing.excluded
    changes["excluded"] = changes["excluded"] or None  # «không» clears it
    return changes


async def _apply_members(
    uow: UnitOfWork, parsed: Parsed, units: dict[str, Unit], now: datetime, counts: Counter[str]
) -> None:
    members = await _members_by_code(uow, [r.code for r in parsed.members])
    changed_codes: set[str] = set()
    for record in parsed.members:
        existing = members.get(record.code)
        changes = _member_changes(record, units[record.unit_code].id, existing)
        if existing is None:
            member = Member(code=record.code, created_at=now, updated_at=now, **changes)
            uow.session.add(member)
            members[record.code] = member
            counts["members_created"] += 1
            changed_codes.add(record.code)
        elif _set(existing, changes):
            existing.updated_at = now
            counts["members_updated"] += 1
            changed_codes.add(record.code)
    await uow.flush()
    await _add_roles(uow, parsed.members, members, units, now, counts, changed_codes)
    counts["unchanged"] += len(parsed.members) - len(changed_codes)


async def _add_roles(
    uow: UnitOfWork,
    records: list[MemberRecord],
    members: dict[str, Member],
    units: dict[str, Unit],
    now: datetime,
    counts: Counter[str],
    changed_codes: set[str],
) -> None:
    """Adds the offices not held yet; offices missing from the files are kept."""
    member_ids = [members[r.code].id for r in records if r.roles]
    held: set[tuple[int, int, str]] = set()
    for start in range(0, len(member_ids), CHUNK):
        stmt = select(Role.member_id, Role.unit_id, Role.role).where(
            Role.member_id.in_(member_ids[start : start + CHUNK])
        )
        held.update((m, u, r) for m, u, r in (await uow.session.execute(stmt)).all())
    for record in records:
        member_id = members[record.code].id
        unit_id = units[record.role_unit_code or record.unit_code].id
        for role in record.roles:
            if (member_id, unit_id, role) not in held:
                held.add((member_id, unit_id, role))
                uow.session.add(Role(member_id=member_id, unit_id=unit_id, role=role, created_at=now))
                counts["roles_added"] += 1
                changed_codes.add(record.code)
    await uow.flush()
