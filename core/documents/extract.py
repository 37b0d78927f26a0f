"""Read what an uploaded Party document says about itself: number, type, date, place, title.

The header follows one layout (domain.md): the issuing body and "Số 22-QC/TU" top-left,
"ĐẢNG CỘNG SẢN VIỆT NAM" and "Vị Thanh, ngày 15 tháng 6 năm 2024" top-right, then a centred
ALL-CAPS type line ("BÁO CÁO") with its subject below. What the header lacks comes from the file name.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from docx import Document
from docx.oxml.table import CT_Tc
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from core.documents.numbers import (
    DocNumber,
    find_numbers,
    number_at,
    parse_number,
    strip_numbers,
    type_from_title,
)
from core.documents.title_case import sentence_case
from core.text import clean, fold, nfc

log = logging.getLogger(__name__)

MAX_CHARS = 6000  # of a first page
MAX_PARAGRAPHS = 60  # of a DOCX, non-empty ones
HEAD_LINES = 20  # non-empty lines where the header and title live
TITLE_LINES = 4  # subject lines after the type line
TITLE_MAX = 300
_SCAN_CHARS = 50_000
_LINE_CHARS = 1000

_SO_MARK = re.compile(r"(?<![^\W_])S[ốỐoO][ \t\u00a0]{0,30}:?[ \t\u00a0]{0,30}")
_DATE_LINE = re.compile(
    r"(?<![^\W_])ng[àa]y[ \t\u00a0]{0,20}(?P<day>\d{1,2})?[ \t\u00a0]{0,20}"
    r"th[áa]ng[ \t\u00a0]{0,20}(?P<month>\d{1,2})?[ \t\u00a0]{0,20}n[ăa]m[ \t\u00a0]{0,20}(?P<year>\d{4})",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"<[^<>]*>|\S*[<>]\S*")  # «<b>», or what is left of one («B>»)
_NAME_DATES = (
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-_.](?P<month>\d{1,2})[-_.](?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})[-_.](?P<month>\d{1,2})[-_.](?P<year>(?:19|20)\d\d)(?!\d)"),
)
_BODY_STARTS = ("can cu", "kinh gui")
_ENUMERATION = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s")
_KEEP_CAPITAL = frozenset({"Đảng", "Bác", "Đại", "Hội"})  # never lowered at the start of a subject
# a body's first words: after the subject («Đại hội Đảng bộ … đã họp», «Thực hiện Kế hoạch …»)
_SUBJECT_ENDS = ("can cu", "kinh gui", "dai hoi", "hoi nghi", "thuc hien", "nham ")
_CONTINUED = frozenset({"cua", "ve", "va", "tai", "cho", "trong", "voi", "nam", "cac", "thu", "giai", "doan"})


@dataclass(frozen=True)
class Proposal:
    number: DocNumber | None
    type_code: str | None
    issuer: str | None
    issued_on: date | None
    place: str | None
    title: str | None


def first_page_text(data: bytes, file_name: str) -> str:
    """Text of the first page of a PDF, DOCX or TXT (NFC); "" for any other or unreadable file."""
    reader = _reader_for(data, file_name)
    if reader is None:
        return ""
    try:
        return nfc(reader(data))[:MAX_CHARS]
    except Exception:
        log.debug("no text read from %r", file_name, exc_info=True)
        return ""


def propose(file_name: str, text: str) -> Proposal:
    """What the document's header (else its file name) says: never raises, fields None when unknown."""
    head = _head_lines(text)
    stem = _stem(file_name)
    number = _header_number(head) or parse_number(stem)
    paragraphs = _head_lines(text, keep_breaks=True)
    at = next((i for i, line in enumerate(paragraphs) if _is_type_line(line)), None)
    title = _title(paragraphs[at:]) if at is not None else _title_from_name(stem)
    type_code = number.type_code if number else (type_from_title(title) if title else None)
    dated = next((m for line in head if (m := _DATE_LINE.search(line))), None)
    if dated is not None:
        issued_on, place = _date_of(dated), _place_before(dated.string[: dated.start()])
    else:
        issued_on, place = _date_in_name(stem), None
    return Proposal(number, type_code, number.issuer if number else None, issued_on, place, title)


# ---- reading files ----


def _reader_for(data: bytes, file_name: str) -> Callable[[bytes], str] | None:
    suffix = PurePosixPath(file_name.replace("\\", "/")).suffix.lower()
    if suffix == ".pdf" or (not suffix and data.startswith(b"%PDF-")):
        return _pdf_text
    return {".docx": _docx_text, ".txt": _txt_text}.get(suffix)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):  # an empty user password opens in any viewer
        return ""
    pages = [reader.pages[i] for i in range(min(2, len(reader.pages)))]
    text = pages[0].extract_text() if pages else ""
    if not text.strip():
        text = "\n".join(page.extract_text() for page in pages)
    return text


def _docx_text(data: bytes) -> str:
    lines: list[str] = []
    size = 0
    for text in _blocks(Document(io.BytesIO(data)).iter_inner_content()):
        if text.strip():
            lines.append(text)
            size += len(text) + 1
        if len(lines) >= MAX_PARAGRAPHS or size >= MAX_CHARS:
            break
    return "\n".join(lines)


def _blocks(items: Iterable[Paragraph | Table]) -> Iterator[str]:
    """Paragraph texts in body order, descending into tables (the header is a 2-column table)."""
    for item in items:
        if isinstance(item, Paragraph):
            yield item.text
            continue
        seen: set[CT_Tc] = set()  # a merged cell repeats in every grid position it spans
        for row in item.rows:
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    yield from _blocks(cell.iter_inner_content())


def _txt_text(data: bytes) -> str:
    return data[: MAX_CHARS * 4].decode("utf-8", errors="replace").lstrip("\ufeff")


# ---- reading the header ----


def _head_lines(text: str, *, keep_breaks: bool = False) -> list[str]:
    """The first non-empty lines, cleaned, up to where the body starts ("Căn cứ", "Kính gửi").

    With `keep_breaks`, a run of empty lines is kept as one "" (a title ends at a paragraph break)."""
    head: list[str] = []
    for raw in nfc(text[:_SCAN_CHARS]).splitlines():
        line = clean(raw[:_LINE_CHARS])
        if not line:
            if keep_breaks and head and head[-1]:
                head.append("")
            continue
        if fold(line).startswith(_BODY_STARTS) or sum(1 for h in head if h) >= HEAD_LINES:
            break
        head.append(line)
    return head


def _header_number(head: list[str]) -> DocNumber | None:
    """The number after a capital "Số" in the header; body citations say "…định số 1929-QĐ/TU"."""
    for line in head:
        for mark in _SO_MARK.finditer(line):
            if (number := number_at(line[mark.end() :])) is not None:
                return number
    return None


def _is_type_line(line: str) -> bool:
    return _all_caps(line) and type_from_title(line) is not None


def _all_caps(text: str) -> bool:
    return text == text.upper() and any(ch.isalpha() for ch in text)


def _title(lines: list[str]) -> str:
    """The type line and its subject, in sentence case: "BÁO CÁO" / "Sơ kết…" → "Báo cáo sơ kết…".

    A subject in capitals is lowered but for names and Roman numerals; one in ordinary case keeps it.
    The subject ends at a blank line, a rule, a date line, a change of case, or a body's first words."""
    subject: list[str] = []
    for line in lines[1 : TITLE_LINES + 2]:
        if not line and not subject:
            continue  # a gap between the type line and its subject
        if _subject_ended(line, subject):
            break
        subject.append(line)
    parts = [sentence_case(lines[0])]
    for n, line in enumerate(subject):
        if _all_caps(line):
            parts.append(sentence_case(line))
        else:
            parts.append(_lower_first(line) if n == 0 else line)
    text = " ".join(parts)
    return _cap(text[:1].upper() + text[1:])


def _subject_ended(line: str, subject: list[str]) -> bool:
    if not line or not any(ch.isalnum() for ch in line) or _ENUMERATION.match(line):
        return True
    if len(line) > TITLE_MAX or line.endswith(":") or _DATE_LINE.search(line):
        return True
    if not subject:
        return False
    lettered = any(ch.isalpha() for ch in line)
    if lettered and _all_caps(line) != _all_caps(subject[0]):  # «ĐẠI HỘI …», then «Đại hội … đã họp»
        return True
    last_word = fold(subject[-1]).rsplit(" ", 1)[-1]
    return fold(line).startswith(_SUBJECT_ENDS) and last_word not in _CONTINUED


def _lower_first(line: str) -> str:
    """Lower a plain capitalised first word ("Sơ kết" → "sơ kết"), not a name ("Hậu Giang", "STĐVĐT")."""
    words = line.split(" ", 2)
    first = words[0]
    plain = first[:1].isupper() and first[1:] == first[1:].lower() and first not in _KEEP_CAPITAL
    if not plain or (len(words) > 1 and words[1][:1].isupper()):
        return line
    return first[:1].lower() + line[1:]


def _cap(title: str) -> str:
    if len(title) <= TITLE_MAX:
        return title
    return title[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


def _date_of(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except (TypeError, ValueError):  # a blank day or month (a draft), or 31/4
        return None


def _place_before(prefix: str) -> str | None:
    """The capitalised words just before ", ngày": "Số 01-BC/BCĐ Vị Thanh" → "Vị Thanh"."""
    words = prefix.rstrip(" ,").split()
    kept: list[str] = []
    for word in reversed(words[-5:]):
        shouting = len(word) > 1 and _all_caps(word) and not word.endswith(".")
        if not word[:1].isupper() or (shouting and kept and not _all_caps(kept[-1])):
            break
        kept.insert(0, word)
    return " ".join(kept) or None


# ---- the file name ----


def _stem(file_name: str) -> str:
    return nfc(PurePosixPath(file_name.replace("\\", "/")).stem)[:_LINE_CHARS]


def _date_in_name(stem: str) -> date | None:
    for pattern in _NAME_DATES:
        if (match := pattern.search(stem)) is not None and (found := _date_of(match)) is not None:
            return found
    return None


def with_caption(proposal: Proposal, caption: str) -> Proposal:
    """The words sent with the file win: their number (if any), and the rest as the title."""
    text = clean(caption)
    number = next((n for n in find_numbers(text) if n.seq), None)
    title = clean(_MARKUP.sub(" ", strip_numbers(text)).strip(" .:;,-–"))
    title = title[:1].upper() + title[1:] if sum(ch.isalpha() for ch in title) >= 3 else ""
    if number is None and not title:
        return proposal
    number = number or proposal.number
    title = title or proposal.title or ""
    type_code = number.type_code if number else type_from_title(title)
    issuer = number.issuer if number else None
    return Proposal(number, type_code, issuer, proposal.issued_on, proposal.place, title)


def _title_from_name(stem: str) -> str | None:
    """The file name without number, date, markup, "_" and "-"; None when only a code or digits remain."""
    text = _MARKUP.sub(" ", strip_numbers(stem))
    for pattern in _NAME_DATES:
        text = pattern.sub(" ", text)
    text = clean(text.replace("_", " ").replace("-", " ").strip(" ."))
    if sum(ch.isalpha() for ch in text) < 3 or (" " not in text and len(text) <= 4):
        return None
    return _cap(text[:1].upper() + text[1:])
