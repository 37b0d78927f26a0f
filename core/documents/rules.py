"""What may be stored as a document, and who may see and manage documents: plain values only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import filetype

from core.documents.containers import OLE_STREAMS, OOXML_PART, is_ole_of_kind, is_ooxml
from core.errors import InvalidInput
from core.meetings.timeparse import split_date
from core.org.rules import MemberRef, can
from core.text import clean, fold

PARTY_DATE = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})(?:\s*,?\s*nam\s*(\d{4}))?\.?$")
MAX_BYTES = 50 * 1024 * 1024
MAX_TITLE = 300
MAX_SUMMARY = 4000
PAGE_SIZE = 5

# extension → (kind, the signatures `filetype` may report for it)
ALLOWED: dict[str, tuple[str, frozenset[str]]] = {
    "pdf": ("pdf", frozenset({"pdf"})),
    "docx": ("docx", frozenset({"docx", "zip"})),
    "doc": ("doc", frozenset({"doc", "xls", "ppt", "msi", ""})),
    "xlsx": ("xlsx", frozenset({"xlsx", "zip"})),
    "xls": ("xls", frozenset({"xls", "doc", "ppt", "msi", ""})),
    "jpg": ("image", frozenset({"jpg"})),
    "jpeg": ("image", frozenset({"jpg"})),
    "png": ("image", frozenset({"png"})),
    "webp": ("image", frozenset({"webp"})),
    "heic": ("image", frozenset({"heic"})),
}
OFFICE_NAMES = {"doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel"}
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
}


@dataclass(frozen=True)
class FileKind:
    kind: str
    mime_type: str
    extension: str


def extension_of(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def check_size(size: int | None) -> None:
    if size is not None and size > MAX_BYTES:
        raise InvalidInput(
            "document_too_big", size_mb=f"{size / 1024 / 1024:.1f}", limit_mb=MAX_BYTES // 2**20
        )
    if size == 0:
        raise InvalidInput("document_empty")


def classify(data: bytes, file_name: str) -> FileKind:
    """The file's kind from its name AND its content: a renamed .exe is not a PDF."""
    check_size(len(data))
    ext = extension_of(file_name)
    guess = filetype.guess(data)
    seen = guess.extension if guess is not None else ""
    if ext not in ALLOWED and guess is not None and seen in ALLOWED:
        ext = seen  # a photo sent without a name
    allowed = ALLOWED.get(ext)
    if allowed is None:
        raise InvalidInput("document_type_unsupported", name=file_name or "?")
    kind, signatures = allowed
    if ext in OLE_STREAMS:
        if not is_ole_of_kind(data, ext):
            raise InvalidInput("document_not_office", name=file_name, kind=OFFICE_NAMES[ext])
    elif ext in OOXML_PART:
        if not is_ooxml(data, ext):
            raise InvalidInput("document_not_office", name=file_name, kind=OFFICE_NAMES[ext])
    elif seen not in signatures:
        raise InvalidInput("document_type_mismatch", name=file_name)
    mime = guess.mime if guess is not None and kind == "image" else MIME.get(kind, "application/octet-stream")
    return FileKind(kind, mime, ext)


def ancestor_ids(unit_path: str) -> list[int]:
    """'/1/5/12/' → [1, 5, 12]: the member's unit and every unit above it."""
    return [int(part) for part in unit_path.strip("/").split("/") if part]


def sees_unit_library(member: MemberRef, unit_path: str) -> bool:
    """A library is seen from its unit and below, and by whoever manages documents above it."""
    return member.unit_path.startswith(unit_path) or can(member, "document.manage", unit_path)


def can_manage(member: MemberRef, unit_path: str) -> bool:
    return can(member, "document.manage", unit_path)


def parse_issue_date(raw: str, *, today: date) -> date | None:
    """ "15/6/2024", "15-06-2024", "15/6" (this year, or last year if that is still ahead), and the
    Party's own form "ngày 15 tháng 6 năm 2024"."""
    written = PARTY_DATE.match(fold(clean(raw)))
    parts = (
        (int(written[1]), int(written[2]), int(written[3]) if written[3] else None)
        if written
        else split_date(raw)
    )
    if parts is None:
        return None
    day, month, year = parts
    try:
        found = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and found > today:
        try:
            found = found.replace(year=today.year - 1)
        except ValueError:  # 29/2
            return None
    return found if found <= today else None
