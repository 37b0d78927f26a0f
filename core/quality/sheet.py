"""Score sheets as versioned data. The default is the 100-point sheet of shared/domain.md; an
organisation may keep its own (a row in `score_sheets` for its unit, found from the meeting's unit up)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.texts import label
from core.texts.vi import VI

GRADES = ("tot", "kha", "trung_binh", "kem")


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    points: int


@dataclass(frozen=True)
class Sheet:
    version: str
    criteria: tuple[Criterion, ...]
    grades: tuple[tuple[int, str], ...]  # (lowest total, grade), highest first

    @property
    def total_points(self) -> int:
        return sum(c.points for c in self.criteria)

    def grade(self, total: int) -> str:
        return next(grade for lowest, grade in self.grades if total >= lowest)

    def to_data(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "criteria": [[c.key, c.title, c.points] for c in self.criteria],
            "grades": [list(g) for g in self.grades],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Sheet:
        criteria = tuple(Criterion(str(k), str(title), int(p)) for k, title, p in data["criteria"])
        grades = tuple((int(lowest), str(g)) for lowest, g in data["grades"])
        return cls(str(data["version"]), criteria, grades)


DEFAULT_SHEET = Sheet(
    "mac-dinh-2025",
    (
        Criterion("time", "Thời gian và thời lượng", 5),
        Criterion("attendance", "Tỷ lệ đảng viên dự họp (≥ 90% / 75–90% / 65–75% / < 65%)", 5),
        Criterion("preparation", "Chuẩn bị (tài liệu có trước ít nhất 1 ngày)", 10),
        Criterion("conduct", "Diễn biến: tỷ lệ phát biểu, thời lượng tư tưởng, tự phê bình và phê bình", 30),
        Criterion("chairing", "Điều hành của Bí thư", 10),
        Criterion("principles", "Bảo đảm nguyên tắc sinh hoạt đảng", 5),
        Criterion("results", "Kết quả thực hiện nghị quyết tháng trước", 30),
        Criterion("closing", "Kết thúc: biên bản, nghị quyết, giao việc, tài liệu trong 2 ngày", 5),
    ),
    ((90, "tot"), (70, "kha"), (50, "trung_binh"), (0, "kem")),
)


def sheet_name(version: str) -> str:
    """A sheet as people read it: «Mặc định 2025» for the default; an organisation's own as named."""
    key = f"quality.sheet.{version}"
    return label(key) if key in VI else version
