"""One cell's value, checked: the parsers raise BadCell with a Vietnamese message."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.imports.columns import (
    EXCLUSION_WORDS,
    KIND_WORDS,
    NO_WORDS,
    ROLE_WORDS,
    STATUS_WORDS,
    YES_WORDS,
    key,
)
from core.imports.problems import RESAVE
from core.text import clean

MAX_CODE = 64
MAX_NAME = 255
FIRST_BIRTH_YEAR = 1900


ROLE_CHOICES = "«Bí thư», «Phó Bí thư», «Cấp ủy viên», «Biên tập viên», «Quản trị»"


class BadCell(ValueError):
    """The cell's message, in Vietnamese."""


def text(value: Any) -> str:
    """A cell as clean text: 123.0 → '123', a date → '2024-06-15'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()[:10]
    return clean(str(value))


def _checked_text(value: Any, limit: int) -> str:
    written = text(value)
    if "?" in written or "\ufffd" in written:
        raise BadCell(f"«{written}» có ký tự «?» thay cho chữ có dấu — tệp bị lỗi mã hóa; {RESAVE}")
    if len(written) > limit:
        raise BadCell(f"«{written[:40]}…» dài quá {limit} ký tự")
    return written


def code(value: Any) -> str | None:
    return _checked_text(value, MAX_CODE) or None


def name(value: Any) -> str | None:
    return _checked_text(value, MAX_NAME) or None


def _word(value: Any, words: dict[str, str], accepted: str) -> str | None:
    written = text(value)
    if not written:
        return None
    found = words.get(key(written))
    if found is None:
        raise BadCell(f"«{written}» không phải là giá trị hợp lệ; dùng {accepted}")
    return found


def kind(value: Any) -> str | None:
    return _word(value, KIND_WORDS, "«Đảng bộ cơ sở», «Chi bộ cơ sở», «Chi bộ trực thuộc», «Tổ đảng»…")


def status(value: Any) -> str | None:
    return _word(value, STATUS_WORDS, "«chính thức» hoặc «dự bị»")


def exclusion(value: Any) -> str | None:
    return _word(
        value,
        EXCLUSION_WORDS,
        "«chuyển sinh hoạt tạm thời», «đình chỉ sinh hoạt», «truy tố, tạm giam» hoặc «không»",
    )


def yes_no(value: Any) -> bool | None:
    written = text(value)
    if not written:
        return None
    folded = key(written)
    if folded in YES_WORDS or folded in NO_WORDS:
        return folded in YES_WORDS
    raise BadCell(f"«{written}» không hợp lệ; dùng «có» hoặc «không»")


def roles(value: Any) -> tuple[str, ...]:
    written = text(value)
    found: list[str] = []
    for part in written.replace(";", ",").split(","):
        if part.strip():
            role = _word(
                part, ROLE_WORDS, "«Bí thư», «Phó Bí thư», «Cấp ủy viên», «Biên tập viên», «Quản trị»"
            )
            if role is not None and role not in found:
                found.append(role)
    return tuple(found)


def phone(value: Any) -> str | None:
    """Excel drops the leading 0 of a number cell: 912345678 → '0912345678'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    written = text(value)
    digits = written.replace(" ", "").replace(".", "").replace("-", "").replace("(", "").replace(")", "")
    if not digits:
        return None
    plus = digits.startswith("+")
    if plus:
        digits = digits[1:]
    if not digits.isdigit() or not 9 <= len(digits) <= 15:
        raise BadCell(f"«{written}» không phải là số điện thoại hợp lệ")
    if plus:
        return "+" + digits
    return "0" + digits if len(digits) == 9 else digits


def birth_year(value: Any, this_year: int) -> int | None:
    if isinstance(value, date):
        year = value.year
    else:
        written = text(value)
        if not written:
            return None
        if not (written.isdigit() and len(written) == 4):
            raise BadCell(f"«{written}» không phải là năm hợp lệ")
        year = int(written)
    if not FIRST_BIRTH_YEAR <= year <= this_year:
        raise BadCell(f"Năm sinh {year} nằm ngoài khoảng {FIRST_BIRTH_YEAR}–{this_year}")
    return year
