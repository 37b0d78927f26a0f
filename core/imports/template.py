"""Example files for `sotay import --template DIR`: one per table, plus a column guide."""

from __future__ import annotations

import csv
from pathlib import Path

from core.imports.columns import MEMBER_COLUMNS, MEMBERS, TABLE_LABELS, UNIT_COLUMNS, UNITS, Column

UNIT_EXAMPLES = (
    ("VD", "Đảng bộ Khối Ví dụ", "Đảng bộ cấp trên cơ sở", ""),
    ("VD-SO", "Đảng bộ Sở Ví dụ", "Đảng bộ cơ sở", "VD"),
    ("VD-SO-CB01", "Chi bộ Văn phòng Sở", "Chi bộ trực thuộc", "VD-SO"),
    ("VD-SO-CB02", "Chi bộ Phòng Kế hoạch – Tài chính", "Chi bộ trực thuộc", "VD-SO"),
    ("VD-BAN", "Chi bộ Ban Ví dụ", "Chi bộ cơ sở", "VD"),
)

FULL = "chính thức"
DEPUTY_EDITOR = "Phó Bí thư, Biên tập viên"
MEMBER_EXAMPLES = (
    ("VD0001", "Nguyễn Văn An", "VD-SO-CB01", "chính thức", "không", "0912345678", "1975", "Bí thư", ""),
    (
        "VD0002",
        "Trần Thị Bình",
        "VD-SO-CB01",
        "chính thức",
        "không",
        "0987654321",
        "1982",
        "Phó Bí thư, Biên tập viên",
        "",
    ),
    ("VD0003", "Lê Hoàng Cường", "VD-SO-CB01", "dự bị", "không", "", "1998", "", ""),
    ("VD0004", "Phạm Thị Dung", "VD-SO-CB02", "chính thức", "có", "", "1956", "", ""),
    (
        "VD0005",
        "Huỳnh Minh Đức",
        "VD-SO-CB02",
        "chính thức",
        "không",
        "0909123456",
        "1979",
        "Bí thư",
        "VD-SO",
    ),
    ("VD0006", "Võ Thị Thu Hà", "VD-BAN", "chính thức", "không", "0939111222", "1988", "Bí thư", ""),
)

FILES = {UNITS: "units.csv", MEMBERS: "members.csv"}
GUIDE = "huong-dan.txt"


def write_templates(directory: Path) -> list[Path]:
    """Writes units.csv, members.csv (UTF-8 with BOM, so Excel shows the diacritics) and a guide."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [
        _write_csv(directory / FILES[UNITS], UNIT_COLUMNS, UNIT_EXAMPLES),
        _write_csv(directory / FILES[MEMBERS], MEMBER_COLUMNS, MEMBER_EXAMPLES),
    ]
    guide = directory / GUIDE
    guide.write_text(column_guide(), encoding="utf-8")
    return [*written, guide]


def _write_csv(path: Path, columns: tuple[Column, ...], rows: tuple[tuple[str, ...], ...]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([column.header for column in columns])
        writer.writerows(rows)
    return path


def column_guide() -> str:
    """The columns of both tables, as plain Vietnamese text."""
    lines = [
        "Nhập dữ liệu vào Sổ tay: sotay import units.csv members.csv (hoặc một tệp .xlsx nhiều trang)",
        "Dòng 1 là dòng tiêu đề; tên cột viết có dấu hay không dấu, hoa hay thường đều được.",
        "Cột «STT» và «Ghi chú» được bỏ qua. Ô không bắt buộc để trống thì giữ nguyên giá trị đã có.",
        "Nhập lại cùng tệp không thay đổi gì; đảng viên và chức vụ không có trong tệp không bị xóa.",
        "Có lỗi ở bất kỳ dòng nào thì không dữ liệu nào được ghi; mọi lỗi được liệt kê theo dòng và cột.",
        "",
    ]
    for kind, columns in ((UNITS, UNIT_COLUMNS), (MEMBERS, MEMBER_COLUMNS)):
        lines.append(f"{FILES[kind]} — {TABLE_LABELS[kind]}:")
        for column in columns:
            need = "bắt buộc" if column.required else "không bắt buộc"
            lines.append(f"  «{column.header}» ({need}): {column.help}")
        lines.append("")
    return "\n".join(lines)
