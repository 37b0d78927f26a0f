"""From raw cells to checked records; every bad cell becomes a RowError, none stops the others."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.imports.cells import BadCell, birth_year, code, exclusion, kind, name, phone, roles, status, yes_no
from core.imports.columns import MEMBERS, UNITS
from core.imports.problems import RowError
from core.imports.read import Row, Table

Parser = Callable[[Any], Any]
Seen = dict[tuple[str, str], "Origin"]


@dataclass(frozen=True)
class Origin:
    table: Table
    row: int

    def error(self, column: str | None, message: str) -> RowError:
        return self.table.error(self.row, column, message)


@dataclass(frozen=True)
class UnitRecord:
    origin: Origin
    code: str
    name: str
    kind: str
    parent_code: str | None
    has_parent_column: bool


@dataclass(frozen=True)
class MemberRecord:
    origin: Origin
    code: str
    full_name: str
    unit_code: str
    status: str | None
    exempted: bool | None
    excluded: str | None  # a code, "" to clear, None to keep
    phone: str | None
    birth_year: int | None
    roles: tuple[str, ...]
    role_unit_code: str | None


@dataclass(frozen=True)
class Reference:
    origin: Origin
    column: str
    code: str


@dataclass
class Parsed:
    units: list[UnitRecord] = field(default_factory=list)
    members: list[MemberRecord] = field(default_factory=list)
    unit_codes: set[str] = field(default_factory=set)  # every unit code written, even on a bad row
    references: list[Reference] = field(default_factory=list)  # unit codes used, even on a bad row
    errors: list[RowError] = field(default_factory=list)


def parse_tables(tables: list[Table], *, this_year: int) -> Parsed:
    parsed = Parsed()
    seen: Seen = {}
    for table in tables:
        for row in table.rows:
            origin = Origin(table, row.number)
            if table.kind == UNITS:
                _unit_row(parsed, origin, row, seen)
            else:
                _member_row(parsed, origin, row, seen, this_year)
    return parsed


BAD = object()  # a cell that gave an error; its row is not imported


def _cells(origin: Origin, row: Row, parsers: dict[str, Parser], errors: list[RowError]) -> dict[str, Any]:
    """Parses the columns the table has; a bad cell gives an error and BAD."""
    values: dict[str, Any] = {}
    for column, parse in parsers.items():
        if column not in origin.table.headers:
            continue
        try:
            values[column] = parse(row.values.get(column))
        except BadCell as bad:
            errors.append(origin.error(column, str(bad)))
            values[column] = BAD
    return values


def _complete(
    origin: Origin, values: dict[str, Any], required: tuple[str, ...], errors: list[RowError]
) -> bool:
    """Every required cell filled and no cell bad; empty required cells are reported here."""
    for column in required:
        if values.get(column) is None:
            errors.append(origin.error(column, "Ô này không được để trống"))
    return all(values.get(c) is not None for c in required) and BAD not in values.values()


def _first_time(origin: Origin, table_kind: str, value: Any, seen: Seen, errors: list[RowError]) -> bool:
    if not isinstance(value, str):
        return True
    first = seen.setdefault((table_kind, value), origin)
    if first is origin:
        return True
    where = f"dòng {first.row}" if first.table is origin.table else f"{first.table.file}, dòng {first.row}"
    errors.append(origin.error("code", f"Mã «{value}» bị trùng (đã có ở {where})"))
    return False


def _note_references(
    parsed: Parsed, origin: Origin, values: dict[str, Any], columns: tuple[str, ...]
) -> None:
    for column in columns:
        if isinstance(values.get(column), str):
            parsed.references.append(Reference(origin, column, values[column]))


def _unit_row(parsed: Parsed, origin: Origin, row: Row, seen: Seen) -> None:
    parsers: dict[str, Parser] = {"code": code, "name": name, "kind": kind, "parent_code": code}
    values = _cells(origin, row, parsers, parsed.errors)
    if isinstance(values.get("code"), str):
        parsed.unit_codes.add(values["code"])
    _note_references(parsed, origin, values, ("parent_code",))
    unique = _first_time(origin, UNITS, values.get("code"), seen, parsed.errors)
    if not _complete(origin, values, ("code", "name", "kind"), parsed.errors) or not unique:
        return
    parsed.units.append(
        UnitRecord(
            origin,
            values["code"],
            values["name"],
            values["kind"],
            values.get("parent_code"),
            "parent_code" in origin.table.headers,
        )
    )


def _member_row(parsed: Parsed, origin: Origin, row: Row, seen: Seen, this_year: int) -> None:
    parsers: dict[str, Parser] = {
        "code": code,
        "full_name": name,
        "unit_code": code,
        "status": status,
        "exempted": yes_no,
        "excluded": exclusion,
        "phone": phone,
        "birth_year": lambda value: birth_year(value, this_year),
        "roles": roles,
        "role_unit_code": code,
    }
    values = _cells(origin, row, parsers, parsed.errors)
    _note_references(parsed, origin, values, ("unit_code", "role_unit_code"))
    unique = _first_time(origin, MEMBERS, values.get("code"), seen, parsed.errors)
    if not _complete(origin, values, ("code", "full_name", "unit_code"), parsed.errors) or not unique:
        return
    parsed.members.append(
        MemberRecord(
            origin,
            values["code"],
            values["full_name"],
            values["unit_code"],
            values.get("status"),
            values.get("exempted"),
            values.get("excluded"),
            values.get("phone"),
            values.get("birth_year"),
            values.get("roles") or (),
            values.get("role_unit_code"),
        )
    )
