"""Vietnamese labels for the codes stored in the database (unit kinds, roles, statuses…).

Plain dictionaries so every adapter shows the same words; look codes up with `label_of`,
which falls back to the code itself rather than failing on data newer than this module.
"""

from __future__ import annotations

from collections.abc import Mapping

UNIT_KIND_LABELS: dict[str, str] = {
    "tinh_uy": "Tỉnh ủy",
    "cap_tren_co_so": "Đảng bộ cấp trên cơ sở",
    "dang_bo_co_so": "Đảng bộ cơ sở",
    "chi_bo_co_so": "Chi bộ cơ sở",
    "chi_bo_truc_thuoc": "Chi bộ trực thuộc",
    "to_dang": "Tổ đảng",
}

ROLE_LABELS: dict[str, str] = {
    "bi_thu": "Bí thư",
    "pho_bi_thu": "Phó Bí thư",
    "cap_uy_vien": "Cấp ủy viên",
    "bien_tap_vien": "Biên tập viên",
    "quan_tri": "Quản trị",
}

MEETING_KIND_LABELS: dict[str, str] = {
    "dinh_ky": "Sinh hoạt định kỳ",
    "chuyen_de": "Sinh hoạt chuyên đề",
    "ket_hop": "Định kỳ kết hợp chuyên đề",
    "cap_uy": "Họp cấp ủy",
    "bat_thuong": "Họp bất thường",
}

MEMBER_STATUS_LABELS: dict[str, str] = {
    "chinh_thuc": "Chính thức",
    "du_bi": "Dự bị",
}

MEETING_STATUS_LABELS: dict[str, str] = {
    "scheduled": "Đã lên lịch",
    "cancelled": "Đã hủy",
}

RSVP_LABELS: dict[str, str] = {
    "attend": "Tham dự",
    "absent": "Vắng",
    "none": "Chưa trả lời",
}

CHANNEL_LABELS: dict[str, str] = {
    "telegram": "Telegram",
    "zalo": "Zalo",
}

NOT_JOINED = "chưa tham gia"


def label_of(labels: Mapping[str, str], code: str) -> str:
    return labels.get(code, code)
