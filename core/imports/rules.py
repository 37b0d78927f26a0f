"""Checks that need the database's units: references resolve and the tree stays a tree."""

from __future__ import annotations

from collections.abc import Mapping

from core.imports.parse import Parsed, UnitRecord
from core.imports.problems import RowError


def reference_errors(parsed: Parsed, db_parents: Mapping[str, str | None]) -> list[RowError]:
    """Every unit code used must be in the files or the database; no unit may be its own ancestor.

    `db_parents` maps each unit code already stored to its parent's code.
    """
    known = set(db_parents) | parsed.unit_codes
    errors = [
        ref.origin.error(
            ref.column, f"Không có đơn vị mã «{ref.code}» trong tệp cũng như trong dữ liệu đã có"
        )
        for ref in parsed.references
        if ref.code not in known
    ]
    errors.extend(cycle_errors(parsed.units, db_parents))
    return errors


def final_parents(units: list[UnitRecord], db_parents: Mapping[str, str | None]) -> dict[str, str | None]:
    """Unit code → parent code once the files are applied."""
    parents = dict(db_parents)
    for unit in units:
        if unit.has_parent_column or unit.code not in parents:
            parents[unit.code] = unit.parent_code
    return parents


def cycle_errors(units: list[UnitRecord], db_parents: Mapping[str, str | None]) -> list[RowError]:
    """One error per loop, on the first row of the files that is part of it."""
    parents = final_parents(units, db_parents)
    reported: set[str] = set()
    errors: list[RowError] = []
    for unit in units:
        chain = [unit.code]
        current = parents.get(unit.code)
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current == unit.code and unit.code not in reported:
            reported.update(chain)
            loop = " → ".join([*chain, unit.code])
            errors.append(unit.origin.error("parent_code", f"Đơn vị cấp trên tạo thành vòng lặp: {loop}"))
    return errors
