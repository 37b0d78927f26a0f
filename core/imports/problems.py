"""What went wrong in an import file, located the way the user sees it in Excel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import InvalidInput

RESAVE = "hãy lưu lại dạng Excel (.xlsx) hoặc «CSV UTF-8»"


@dataclass(frozen=True)
class RowError:
    """One problem. `row_number` counts like Excel (header = row 1); None for the whole file."""

    file: str
    sheet: str | None
    row_number: int | None
    column: str | None
    message: str

    def describe(self) -> str:
        """'Dòng 7, cột «Năm sinh»: «19x5» không phải là năm hợp lệ'."""
        where = []
        if self.row_number is not None:
            where.append(f"Dòng {self.row_number}")
        if self.column:
            where.append(f"cột «{self.column}»")
        place = ", ".join(where)
        if place and where[0].startswith("cột"):
            place = place[0].upper() + place[1:]
        return f"{place}: {self.message}" if place else self.message

    def __str__(self) -> str:
        source = f"{self.file} › {self.sheet}" if self.sheet else self.file
        return f"{source} — {self.describe()}"


class ImportFailed(InvalidInput):
    """Nothing was written; `errors` lists every problem found."""

    code = "import_failed"

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(count=len(errors))
        self.errors: tuple[RowError, ...] = tuple(errors)


def in_file_order(errors: list[RowError], files: Sequence[str]) -> list[RowError]:
    """Sorted as the user reads the files: by file, sheet, then row (stable within a row)."""
    order = {name: index for index, name in enumerate(files)}
    return sorted(errors, key=lambda e: (order.get(e.file, len(order)), e.sheet or "", e.row_number or 0))
