"""Generated Vietnamese names and phone numbers for demo members (no real people)."""

from __future__ import annotations

import random

# Family names with rough weights (Nguyễn is by far the most common).
FAMILY_NAMES = (
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Huỳnh", 6),
    ("Võ", 5),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 2),
    ("Hồ", 3),
    ("Ngô", 2),
    ("Dương", 2),
    ("Lý", 2),
    ("Phan", 3),
    ("Trương", 2),
    ("Lâm", 2),
    ("Châu", 1),
    ("Đinh", 1),
    ("Mai", 1),
    ("Tô", 1),
)
MIDDLE_MALE = ("Văn", "Hữu", "Minh", "Quốc", "Thanh", "Công", "Đức", "Hoàng", "Tấn", "Trung", "Phước", "Chí")
MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích", "Hồng", "Diệu", "Thùy")
GIVEN_MALE = (
    "Hùng", "Dũng", "Tuấn", "Phong", "Nam", "Khang", "Long", "Hải", "Sơn", "Tài", "Phúc", "Thắng",
    "Trí", "Bảo", "Hiếu", "Nghĩa", "Toàn", "Vinh", "Lộc", "Thịnh", "Quang", "Khoa", "Huy", "Tâm",
)  # fmt: skip
GIVEN_FEMALE = (
    "Lan", "Hoa", "Hương", "Mai", "Thảo", "Trang", "Ngân", "Nhung", "Yến", "Phương", "Thủy", "Hằng",
    "Loan", "Diễm", "Trinh", "Xuân", "Tuyết", "Hạnh", "Linh", "Vy", "Quyên", "Uyên", "Hân", "Duyên",
)  # fmt: skip
SECOND_MIDDLE = ("Ngọc", "Minh", "Thanh", "Hoàng", "Kim", "Bảo", "Thu", "Phương")
MOBILE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "0939", "0919", "0946", "032", "037")

_FAMILIES = [name for name, _ in FAMILY_NAMES]
_WEIGHTS = [weight for _, weight in FAMILY_NAMES]


def full_name(rng: random.Random) -> str:
    """'Nguyễn Văn Hùng', 'Trần Thị Ngọc Hân'…"""
    family = rng.choices(_FAMILIES, _WEIGHTS)[0]
    if rng.random() < 0.5:
        middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
    else:
        middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
    if rng.random() < 0.2:
        second = rng.choice(SECOND_MIDDLE)
        if second != middle:
            middle = f"{middle} {second}"
    return f"{family} {middle} {given}"


def mobile(rng: random.Random) -> str:
    prefix = rng.choice(MOBILE_PREFIXES)
    return prefix + "".join(str(rng.randrange(10)) for _ in range(10 - len(prefix)))
