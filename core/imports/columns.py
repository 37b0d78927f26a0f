"""The two tables an import file may hold, and the words accepted in their cells.

Headers and enumerated values are compared by `key`: diacritics folded, case and
punctuation ignored, and anything in brackets dropped, so «HỌ VÀ TÊN», «Ho va ten» and
«ho  va ten» are the same column and «chi bo co so» is «Chi bộ cơ sở».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.labels import MEMBER_STATUS_LABELS, ROLE_LABELS, UNIT_KIND_LABELS
from core.org.rules import MEMBER_STATUSES, ROLES, UNIT_KINDS
from core.text import fold

UNITS = "units"
MEMBERS = "members"


def key(text: str) -> str:
    """'Trạng thái (chính thức/dự bị)' → 'trang thai'; 'chi_bo_co_so' → 'chi bo co so'."""
    without_brackets = re.sub(r"\([^)]*\)", " ", fold(text))
    return " ".join(re.sub(r"[^0-9a-z?]+", " ", without_brackets).split())


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    required: bool
    help: str
    aliases: tuple[str, ...] = ()

    def match_keys(self) -> set[str]:
        return {key(self.header), *(key(alias) for alias in self.aliases)}


UNIT_COLUMNS = (
    Column("code", "Mã đơn vị", True, "Mã duy nhất và không đổi, ví dụ HG-KHOI-BTCTU", ("Mã",)),
    Column("name", "Tên đơn vị", True, "Tên đầy đủ, có dấu", ("Tên",)),
    Column(
        "kind",
        "Loại",
        True,
        "Tỉnh ủy, Đảng bộ cấp trên cơ sở (huyện ủy, đảng ủy khối…), Đảng bộ cơ sở, "
        "Chi bộ cơ sở, Chi bộ trực thuộc hoặc Tổ đảng",
        ("Loại đơn vị", "Loại tổ chức"),
    ),
    Column(
        "parent_code",
        "Mã đơn vị cấp trên",
        False,
        "Mã của đơn vị cấp trên; để trống nếu là đơn vị cao nhất",
        ("Mã cấp trên", "Đơn vị cấp trên"),
    ),
)

MEMBER_COLUMNS = (
    Column(
        "code",
        "Mã đảng viên",
        True,
        "Mã duy nhất và không đổi, ví dụ số thẻ đảng viên",
        ("Số thẻ đảng viên",),
    ),
    Column("full_name", "Họ và tên", True, "Họ và tên đầy đủ, có dấu", ("Họ tên",)),
    Column("unit_code", "Mã đơn vị", True, "Mã chi bộ (hoặc tổ đảng) nơi đảng viên sinh hoạt"),
    Column(
        "status",
        "Trạng thái (chính thức/dự bị)",
        False,
        "«chính thức» hoặc «dự bị»; để trống: chính thức (hoặc giữ nguyên nếu đã có)",
    ),
    Column(
        "exempted",
        "Miễn sinh hoạt (có/không)",
        False,
        "«có» nếu được miễn công tác và sinh hoạt đảng; để trống: không (hoặc giữ nguyên)",
        ("Miễn công tác và sinh hoạt đảng", "Miễn sinh hoạt đảng"),
    ),
    Column("phone", "Điện thoại", False, "Số di động, ví dụ 0912345678", ("Số điện thoại", "SĐT", "ĐT")),
    Column("birth_year", "Năm sinh", False, "Bốn chữ số, ví dụ 1975"),
    Column(
        "roles",
        "Chức vụ",
        False,
        "Bí thư, Phó Bí thư, Cấp ủy viên, Biên tập viên hoặc Quản trị; nhiều chức vụ cách nhau bằng dấu phẩy",
    ),
    Column(
        "role_unit_code",
        "Chức vụ tại đơn vị",
        False,
        "Mã đơn vị nơi giữ chức vụ, nếu khác đơn vị của đảng viên (ví dụ Bí thư đảng ủy cơ sở)",
        ("Mã đơn vị giữ chức vụ",),
    ),
    Column(
        "excluded",
        "Không tính vào cơ sở biểu quyết",
        False,
        "«chuyển sinh hoạt tạm thời», «đình chỉ sinh hoạt» hoặc «truy tố, tạm giam»; «không» để bỏ; "
        "để trống: giữ nguyên",
        ("Loại trừ khỏi cơ sở biểu quyết",),
    ),
)

TABLE_COLUMNS = {UNITS: UNIT_COLUMNS, MEMBERS: MEMBER_COLUMNS}
TABLE_LABELS = {UNITS: "danh sách đơn vị", MEMBERS: "danh sách đảng viên"}

# Columns people add to every spreadsheet; read and ignored.
IGNORED_HEADERS = frozenset({"stt", "so thu tu", "tt", "ghi chu"})


def _words(labels: dict[str, str], extra: dict[str, str], codes: tuple[str, ...]) -> dict[str, str]:
    words = {key(code): code for code in codes}
    words.update({key(label): code for code, label in labels.items()})
    words.update({key(word): code for word, code in extra.items()})
    return words


KIND_WORDS = _words(
    UNIT_KIND_LABELS,
    {
        "Đảng bộ tỉnh": "tinh_uy",
        "Cấp trên cơ sở": "cap_tren_co_so",
        "Huyện ủy": "cap_tren_co_so",
        "Thị ủy": "cap_tren_co_so",
        "Thành ủy": "cap_tren_co_so",
        "Quận ủy": "cap_tren_co_so",
        "Đảng ủy khối": "cap_tren_co_so",
        "Đảng bộ khối": "cap_tren_co_so",
        "Đảng ủy cơ sở": "dang_bo_co_so",
        "Chi bộ": "chi_bo_truc_thuoc",
    },
    UNIT_KINDS,
)
STATUS_WORDS = _words(
    MEMBER_STATUS_LABELS, {"Đảng viên chính thức": "chinh_thuc", "Đảng viên dự bị": "du_bi"}, MEMBER_STATUSES
)
ROLE_WORDS = _words(
    ROLE_LABELS,
    {
        "Chi ủy viên": "cap_uy_vien",
        "Đảng ủy viên": "cap_uy_vien",
        "Ủy viên": "cap_uy_vien",
        "Quản trị viên": "quan_tri",
        "Phó Bí thư chi bộ": "pho_bi_thu",
        "Bí thư chi bộ": "bi_thu",
    },
    ROLES,
)
# «không» clears the flag (""); an empty cell keeps what is stored
EXCLUSION_WORDS = {
    key(word): code
    for word, code in {
        "chuyển sinh hoạt tạm thời": "chuyen_tam",
        "chuyển tạm thời": "chuyen_tam",
        "đình chỉ sinh hoạt": "dinh_chi",
        "đình chỉ": "dinh_chi",
        "truy tố, tạm giam": "truy_to",
        "truy tố": "truy_to",
        "tạm giam": "truy_to",
        "không": "",
    }.items()
}
YES_WORDS = frozenset({"co", "x", "1", "true", "yes", "mien"})
NO_WORDS = frozenset({"khong", "0", "false", "no"})


def table_kind(header_keys: set[str]) -> str | None:
    """Members if a member-only column is there, units if a unit-only one is; else unknown."""
    if header_keys & {"ma dang vien", "ho va ten", "ho ten", "so the dang vien"}:
        return MEMBERS
    if header_keys & {"ten don vi", "loai", "ma don vi cap tren"}:
        return UNITS
    return None
