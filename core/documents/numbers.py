"""Party document numbers (`Số 22-QC/TU`): sequence, document type and issuing body.

Users and file names write the same number many ways (`22 - QC/TU`, `22-qc/tu`, `22 QC TU`,
`22_QC_TU`, `1929-QD/TU`); every form is read back to one canonical `DocNumber`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.text import clean, fold, nfc

DOC_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "TT": "Thông tri",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "BB": "Biên bản",
    "QĐNS": "Quyết định nhân sự",
}
QD_NAMES = ("Quyết định", "Quy định")  # QĐ numbers both

ISSUERS: dict[str, str] = {
    "TW": "Trung ương",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy khối",
    "CB": "Chi bộ",
    "BCĐ": "Ban Chỉ đạo",
    "VPTW": "Văn phòng Trung ương",
    "BTCTW": "Ban Tổ chức Trung ương",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
    "UBKT": "Ủy ban Kiểm tra",
    "VPTU": "Văn phòng Tỉnh ủy",
}

_TYPE_BY_FOLD = {fold(code): code for code in DOC_TYPES}
_ISSUER_BY_FOLD = {fold(code): code for code in ISSUERS}
# Longest first, so "quyết định nhân sự" wins over "quyết định".
_TYPE_NAMES = sorted(
    [(fold(name), code) for code, name in DOC_TYPES.items()] + [(fold(QD_NAMES[1]), "QĐ")],
    key=lambda pair: -len(pair[0]),
)

_GAP = r"[ \t\u00a0]{0,3}"
_SEP = rf"{_GAP}[-–_]{_GAP}|[ \t\u00a0]{{1,3}}"  # between number and type: a dash, or spaces
_CANDIDATE = re.compile(
    r"(?<![^\W_])(?<![/.,])(?P<seq>\d{1,5})?"
    rf"(?P<s1>{_SEP})"
    r"(?P<type>[^\W\d_]{2,4})"
    rf"(?P<s2>{_GAP}/{_GAP}|{_SEP})"
    r"(?P<issuer>[^\W\d_]{1,10})(?![^\W_])"
)
# "Số", "Số:", "SỐ", "So" right before a number whose sequence is left blank (a draft).
_SO_BEFORE = re.compile(r"(?<![^\W_])s[oố][ \t\u00a0]*:?[ \t\u00a0]*$", re.IGNORECASE)
_SO_LEAD = re.compile(r"^s[oố](?:[ \t\u00a0]*:[ \t\u00a0]*|[ \t\u00a0]+)", re.IGNORECASE)


@dataclass(frozen=True)
class DocNumber:
    seq: str | None  # as written ("01"); None on a draft whose number is still blank
    type_code: str  # canonical spelling: "QĐ", "CTr", "ĐA"
    issuer: str  # canonical when known ("BCĐ"), else as written, upper-cased

    @property
    def text(self) -> str:
        return f"{self.seq or ''}-{self.type_code}/{self.issuer}"

    @property
    def key(self) -> str:
        """Folded text for equality search: "01-KH/BCĐ" → "01-kh/bcd"."""
        return fold(self.text)

    @property
    def loose_key(self) -> str:
        """Like `key` without leading zeros, so "1-KH/BCD" finds "01-KH/BCĐ"."""
        seq = (self.seq.lstrip("0") or "0") if self.seq is not None else ""
        return fold(f"{seq}-{self.type_code}/{self.issuer}")


def parse_number(text: str) -> DocNumber | None:
    """The first document number anywhere in `text`, or None."""
    return next((number for _, _, number in _scan(nfc(text))), None)


def find_numbers(text: str) -> list[DocNumber]:
    """Every document number in `text`, in order."""
    return [number for _, _, number in _scan(nfc(text))]


def whole_number(text: str) -> DocNumber | None:
    """`text` is one document number and nothing more ("22-QC/TU", "Số 22 qc tu"), or None.

    Alone, a number may be typed in lower case without dashes ("22 qc tu"): there the type and a
    known issuer vouch for it, where inside a sentence such words would be prose."""
    body = _SO_LEAD.sub("", nfc(text).strip()).strip().rstrip(".").strip()
    for candidate in dict.fromkeys((body, body.upper())):
        match = _CANDIDATE.fullmatch(candidate)
        number = _build(match, candidate) if match else None
        if number is not None and number.seq and (candidate == body or number.issuer in ISSUERS):
            return number
    return None


def number_at(text: str) -> DocNumber | None:
    """The number `text` starts with (after a "Số" the caller has cut off), or None."""
    text = nfc(text)
    match = _CANDIDATE.match(text)
    return _build(match, text) if match else None


def strip_numbers(text: str) -> str:
    """`text` with its document numbers (and a "Số" before them) removed."""
    text = nfc(text)
    kept: list[str] = []
    end = 0
    for start, stop, _ in _scan(text):
        so = _SO_BEFORE.search(text, max(0, start - 12), start)
        kept.append(text[end : so.start() if so else start])
        end = stop
    return "".join(kept) + text[end:]


def type_name(code: str, title: str | None = None) -> str:
    """The Vietnamese name of a type; QĐ reads "Quy định" when the title says so."""
    canonical = _TYPE_BY_FOLD.get(fold(code), code)
    if canonical == "QĐ" and title is not None and fold(clean(title)).startswith(fold(QD_NAMES[1])):
        return QD_NAMES[1]
    return DOC_TYPES.get(canonical, code)


def issuer_name(code: str) -> str | None:
    canonical = _ISSUER_BY_FOLD.get(fold(code))
    return ISSUERS[canonical] if canonical else None


def type_from_title(title: str) -> str | None:
    """The type a title starts with ("BÁO CÁO sơ kết…" → "BC", "Quy định về…" → "QĐ"), or None."""
    folded = fold(clean(title))
    for name, code in _TYPE_NAMES:
        if folded.startswith(name) and not folded[len(name) : len(name) + 1].isalnum():
            return code
    return None


def _scan(text: str) -> Iterator[tuple[int, int, DocNumber]]:
    pos = 0
    while (match := _CANDIDATE.search(text, pos)) is not None:
        number = _build(match, text)
        if number is None:
            pos = match.start() + 1  # a rejected candidate may hide a real one inside it
            continue
        yield match.start(), match.end(), number
        pos = match.end()


def _build(match: re.Match[str], text: str) -> DocNumber | None:
    """Check a candidate against the forms people write; loose forms must look deliberate."""
    written_type, written_issuer = match["type"], match["issuer"]
    type_code = _TYPE_BY_FOLD.get(fold(written_type))
    known_issuer = _ISSUER_BY_FOLD.get(fold(written_issuer))
    dashed, slashed = bool(match["s1"].strip()), "/" in match["s2"]
    if type_code is None:
        return None
    if not dashed and not written_type[0].isupper():  # "3 cv/ngày" is prose, "22 QC TU" is not
        return None
    if not (slashed and dashed) and known_issuer is None and not written_issuer.isupper():
        return None
    if match["seq"] is None and not (dashed and _blank_allowed(text, match.start())):
        return None
    return DocNumber(match["seq"], type_code, known_issuer or written_issuer.upper())


def _blank_allowed(text: str, start: int) -> bool:
    """A blank sequence ("Số      -BC/BCĐ") counts only after "Số" or at the very start."""
    if start < 40 and not text[:start].strip():
        return True
    return _SO_BEFORE.search(text, max(0, start - 40), start) is not None
