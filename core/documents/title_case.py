"""A title line typed in capitals, in sentence case, keeping what Vietnamese writes with capitals.

«ĐẠI HỘI ĐẢNG BỘ BAN TỔ CHỨC TỈNH ỦY LẦN THỨ X» → «đại hội Đảng bộ Ban Tổ chức Tỉnh ủy lần thứ X»:
the Party's bodies keep their capitals, and so do Roman numerals («khóa XIII», «lần thứ X»). Other
proper nouns (place names) cannot be told from ordinary words and are lowered.
"""

from __future__ import annotations

import re

from core.text import fold

# Spelled as written in Party documents; a lower-case entry keeps a longer phrase ordinary
# («đảng viên», not «Đảng viên»).
NAMES = (
    "Đảng Cộng sản Việt Nam",
    "Đại hội Đảng",
    "Đại hội đại biểu",
    "Việt Nam",
    "Hồ Chí Minh",
    "Trung ương",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Chấp hành",
    "Ban Thường vụ",
    "Ban Tổ chức",
    "Ban Tuyên giáo",
    "Ban Dân vận",
    "Ban Chỉ đạo",
    "Ban Nội chính",
    "Ủy ban Kiểm tra",
    "Văn phòng Tỉnh ủy",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy",
    "Đảng bộ",
    "Đảng",
    "đảng viên",
    "đảng phí",
    "đảng tịch",
)
_PHRASES = sorted(
    ((tuple(fold(w) for w in name.split()), name.split()) for name in NAMES), key=lambda p: -len(p[0])
)
_ROMAN = re.compile(r"^(?=[IVXLC])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_AFTER = frozenset({"thu", "khoa", "hoi", "phan", "chuong", "muc", "lan", "ky"})
_PUNCTUATION = ".,;:!?()[]«»\"'“”-–"


def sentence_case(line: str) -> str:
    """The line lowered, except the Party's bodies and Roman numerals."""
    words = line.split()
    cores = [w.strip(_PUNCTUATION) for w in words]
    folded = [fold(c) for c in cores]
    out = [w.lower() for w in words]
    i = 0
    while i < len(words):
        spelled = next((names for key, names in _PHRASES if tuple(folded[i : i + len(key)]) == key), None)
        if spelled is not None:
            for j, name in enumerate(spelled):
                out[i + j] = out[i + j].replace(cores[i + j].lower(), name, 1)
            i += len(spelled)
            continue
        if _is_roman(cores[i], folded[i - 1] if i else ""):
            out[i] = words[i]
        i += 1
    return " ".join(out)


def _is_roman(core: str, before: str) -> bool:
    """«XIV» anywhere; «X», «VI» only after «thứ», «khóa»… (a lone «VI» may be the word «vi»)."""
    return bool(_ROMAN.match(core)) and (len(core) >= 3 or before in _ROMAN_AFTER)
