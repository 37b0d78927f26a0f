"""Unicode handling for Vietnamese text: NFC storage and diacritic-free matching."""

from __future__ import annotations

import unicodedata


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def clean(value: str | None) -> str:
    """NFC, trimmed, inner whitespace collapsed."""
    if value is None:
        return ""
    return " ".join(nfc(value).split())


def fold(value: str) -> str:
    """Lower-case and strip diacritics (đ → d) so typed text matches with or without them."""
    decomposed = unicodedata.normalize("NFD", value.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def clean_lines(value: str | None) -> str:
    """Like `clean`, but keeps the line breaks (agendas, lists): each line cleaned, empty edges dropped."""
    if value is None:
        return ""
    return "\n".join(" ".join(line.split()) for line in nfc(value).splitlines()).strip("\n")
