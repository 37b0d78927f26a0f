"""From a CSV or XLSX file to tables of raw cells, each row numbered as Excel shows it."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.imports.columns import IGNORED_HEADERS, TABLE_COLUMNS, TABLE_LABELS, key, table_kind
from core.imports.problems import RESAVE, RowError
from core.text import clean

Grid = list[tuple[int, list[Any]]]


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Table:
    file: str
    sheet: str | None
    kind: str
    headers: dict[str, str]  # column name → header as written in the file
    rows: list[Row] = field(default_factory=list)

    def error(self, row: int | None, column: str | None, message: str) -> RowError:
        return RowError(self.file, self.sheet, row, self.headers.get(column or "", column), message)


def read_tables(path: Path, errors: list[RowError]) -> list[Table]:
    """Every table in the file; problems with the file or its headers go to `errors`."""
    errors_before = len(errors)
    grids, problem = _read_grids(path)
    if problem:
        errors.append(RowError(path.name, None, None, None, problem))
        return []
    tables: list[Table] = []
    for sheet, grid in grids:
        table = _table(path.name, sheet, grid, errors)
        if table is not None:
            tables.append(table)
    if not tables and len(errors) == errors_before:
        errors.append(RowError(path.name, None, None, None, "Tệp trống, không có dữ liệu để nhập"))
    return tables


def _read_grids(path: Path) -> tuple[list[tuple[str | None, Grid]], str | None]:
    suffix = path.suffix.lower()
    if not path.is_file():
        return [], "Không tìm thấy tệp"
    if suffix == ".csv":
        try:
            return [(None, _csv_grid(path.read_bytes()))], None
        except csv.Error:
            return [], "Tệp CSV không đọc được (có ký tự lạ hoặc dấu ngoặc kép không đóng)"
    if suffix in {".xlsx", ".xlsm"}:
        try:
            return _xlsx_grids(path), None
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
            return [], "Tệp Excel bị hỏng hoặc không đúng định dạng .xlsx"
    if suffix == ".xls":
        return [], "Định dạng .xls cũ chưa được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV UTF-8"
    return [], "Chỉ nhận tệp .csv hoặc .xlsx"


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows Vietnamese (Excel's 'CSV')."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _csv_grid(data: bytes) -> Grid:
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return list(enumerate(reader, start=1))


def _xlsx_grids(path: Path) -> list[tuple[str | None, Grid]]:
    workbook = load_workbook(path, data_only=True)
    try:
        return [
            (sheet.title, list(enumerate((list(r) for r in sheet.iter_rows(min_row=1, values_only=True)), 1)))
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _blank(cells: Iterable[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _table(file: str, sheet: str | None, grid: Grid, errors: list[RowError]) -> Table | None:
    """The first non-blank row is the header; an empty sheet gives no table and no error."""
    rows = [(number, cells) for number, cells in grid if not _blank(cells)]
    if not rows:
        return None
    header_number, header_cells = rows[0]
    written = [clean(str(cell)) if cell is not None else "" for cell in header_cells]
    kind = table_kind({key(h) for h in written})
    if kind is None:
        message = (
            "Không nhận ra bảng: dòng tiêu đề cần các cột «Mã đơn vị», «Tên đơn vị», «Loại» "
            "(danh sách đơn vị) hoặc «Mã đảng viên», «Họ và tên», «Mã đơn vị» (danh sách đảng viên)"
        )
        errors.append(RowError(file, sheet, header_number, None, message))
        return None
    positions = _match_headers(file, sheet, header_number, kind, written, errors)
    if positions is None:
        return None
    headers = {name: written[index] for name, index in positions.items()}
    table = Table(file, sheet, kind, headers)
    for number, cells in rows[1:]:
        values = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
        table.rows.append(Row(number, values))
    return table


def _match_headers(
    file: str, sheet: str | None, row: int, kind: str, written: list[str], errors: list[RowError]
) -> dict[str, int] | None:
    """Column name → position; None (with errors) if a header is unknown, repeated or missing."""
    columns = TABLE_COLUMNS[kind]
    by_key = {k: column.name for column in columns for k in column.match_keys()}
    positions: dict[str, int] = {}
    found_errors = False
    for index, header in enumerate(written):
        header_key = key(header)
        if not header or header_key in IGNORED_HEADERS:
            continue
        name = by_key.get(header_key)
        if name is None and "?" in header:
            message = f"Tên cột «{header}» có ký tự «?» thay cho chữ có dấu — tệp bị lỗi mã hóa; {RESAVE}"
        elif name is None:
            known = ", ".join(f"«{c.header}»" for c in columns)
            message = f"Cột «{header}» không có trong {TABLE_LABELS[kind]}; các cột dùng được: {known}"
        elif name in positions:
            message = f"Cột «{header}» bị lặp lại"
        else:
            positions[name] = index
            continue
        errors.append(RowError(file, sheet, row, header, message))
        found_errors = True
    for column in columns:
        if column.required and column.name not in positions:
            errors.append(RowError(file, sheet, row, None, f"Thiếu cột bắt buộc «{column.header}»"))
            found_errors = True
    return None if found_errors else positions
