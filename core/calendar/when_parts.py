"""The pieces that say *when* in a free-text calendar entry, and the scanner that finds them.

Patterns are written in Vietnamese with diacritics. Each accented word also matches its bare
spelling (typed without diacritics) but no other spelling, so «tối» (evening) matches «tối» and
«toi» but not «tôi» (I), and «mốt» never matches «một»; a word marked `!` must carry its
diacritics («!tầm»). A space in a pattern stands for any white space. Matching runs on the text as
typed (NFC), case-insensitively, so the positions found are the member's own characters and the
title can be cut out of the original text without mapping indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import fold

_ACCENTED = re.compile(r"!?[^\W\d_]*[^\x00-\x7f][^\W\d_]*")


def _word(match: re.Match[str]) -> str:
    word = match[0]
    if word.startswith("!"):
        return word[1:]
    return f"(?:{word}|{fold(word)})"


def vi(template: str) -> re.Pattern[str]:
    """A pattern written in Vietnamese, matching whole words, with or without diacritics."""
    body = _ACCENTED.sub(_word, template).replace(" ", r"\s+")
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


PARTS = "nửa đêm|sáng|trưa|chiều|tối|đêm|khuya"
_PART = f"(?:buổi |giữa )?(?P<part>{PARTS})(?: (?P<rel>nay|mai|!mốt|qua))?"
_ATTACHED = rf"(?:\s*{_PART})?"
_MINUTES = (
    r"(?:\s*(?:(?P<m>\d{1,2})(?:\s*(?:phút|p))?(?!\s*[/.\-]\s*\d)|(?P<half>rưỡi)"
    r"|kém\s*(?P<k>\d{1,2})(?:\s*(?:phút|p))?))?"
)
_SEP = r"\s*[/.\-]\s*"
_HOUR_WORDS = "mười một|mười hai|mười|một|hai|ba|bốn|năm|sáu|bảy|tám|chín"
HOUR_WORDS = {fold(word): n for n, word in enumerate(_HOUR_WORDS.split("|")[3:], start=1)} | {
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
}
_FILLERS = "nhắc (?:tôi|mình|em|anh|chị)|nhắc việc|nhắc nhở|nhắc|ghi vào lịch|ghi lịch|thêm lịch"
_WEEKDAY = r"thứ\s*(?P<w>hai|ba|tư|năm|sáu|bảy|[2-7])|t(?P<wn>[2-7])|(?P<sun>chủ nhật|cn)"

# (kind, pattern); on a tie (same start, same length) the earlier pattern wins
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("filler", vi(rf"^[\s/]*(?:hãy |xin )?(?:{_FILLERS})")),
    ("time", vi(r"(?P<h>\d{1,2})\.(?P<m>1[3-9]|[2-5]\d)" + _ATTACHED)),  # 14.30: no month 30
    ("time", vi(r"(?P<h>\d{1,2})\s*(?:h|g|giờ|:)" + _MINUTES + _ATTACHED)),
    (
        "time",
        vi(
            r"lúc (?P<h>\d{1,2})(?: (?P<half>rưỡi)|(?!\s*(?:[hg](?![^\W\d_])|giờ|[:./\-]|\d|tháng)))"
            + _ATTACHED
        ),
    ),
    ("time", vi(rf"(?P<h>\d{{1,2}}) {_PART}")),
    ("time", vi(r"(?P<h>\d{1,2}) (?P<half>rưỡi)" + _ATTACHED)),
    ("time", vi(rf"(?P<hw>{_HOUR_WORDS}) giờ" + _MINUTES + _ATTACHED)),
    (
        "date",
        vi(rf"(?:ngày )?(?P<typed>(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>\d{{4}}|\d{{2}}))?)"),
    ),
    (
        "date",
        vi(r"(?:ngày |mùng |mồng )?(?P<typed>(?P<d>\d{1,2}) tháng (?P<m>\d{1,2})(?: năm (?P<y>\d{4}))?)"),
    ),
    ("monthday", vi(r"(?:ngày|mùng|mồng) (?P<d>\d{1,2})")),
    ("repeat", vi(r"(?:hằng|hàng|mỗi) (?P<unit>ngày|tuần|tháng|năm)")),
    ("each", vi(rf"mỗi(?= (?:(?:buổi )?(?:{PARTS})|{_WEEKDAY}))")),
    ("relative", vi(r"(?P<rel>hôm nay|hôm qua|bữa nay|ngày mai|ngày kia|ngày mốt|mai|!mốt)")),
    ("relative", vi(r"(?P<rel>mot)(?= \d)")),
    ("relative", vi(r"(?P<rel>nay)")),
    ("later", vi(r"(?P<n>\d{1,2}|một|hai|ba|bốn) (?P<span>ngày|tuần) (?:nữa|tới)")),
    ("part", vi(_PART)),
    ("weekday", vi(rf"(?:{_WEEKDAY})(?: (?P<this>này|tới))?")),
    ("vague", vi(r"tuần (?P<wk>sau|tới|này|trước)|tháng (?P<mk>sau|tới|này)")),
    ("period", vi(r"(?P<edge>cuối|đầu) (?P<unit>tuần|tháng)(?: (?P<which>này|sau|tới))?")),
)
ADDRESS = vi(r"(?:số|phòng|nhà|tầng|ngõ|ngách|hẻm|kiệt|lô|km|p\.?|đường)\s*$")  # «tại số 5/7»
CONNECTOR = vi(r"(?:vào lúc|vào|lúc|!hồi|khoảng|!tầm|ngày|hôm|buổi|cả ngày|!từ)[\s,]*$")
FILLER = PATTERNS[0][1]
TRAILING = vi(r"(?:!nhé|!nhá|nhe)[\s.!]*$")


@dataclass(frozen=True)
class Token:
    kind: str
    match: re.Match[str]
    rank: int

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()

    @property
    def text(self) -> str:
        """As typed."""
        return self.match[0].strip()

    def word(self, name: str) -> str | None:
        """A named part, folded («Tối» → «toi»), or None when absent."""
        value = self.match.groupdict().get(name)
        return " ".join(fold(value).split()) if value else None


def scan(text: str) -> list[Token]:
    """The when-pieces of `text`, left to right, not overlapping: at each place the longest."""
    found = [
        Token(kind, match, rank)
        for rank, (kind, pattern) in enumerate(PATTERNS)
        for match in pattern.finditer(text)
    ]
    found.sort(key=lambda tok: (tok.start, -(tok.end - tok.start), tok.rank))
    chosen: list[Token] = []
    for tok in found:
        if not chosen or tok.start >= chosen[-1].end:
            chosen.append(tok)
    return [tok for index, tok in enumerate(chosen) if _plausible(chosen, index)]


def _plausible(chosen: list[Token], index: int) -> bool:
    """Drop words that only look like a when-piece: a part of the day away from any date or time
    is the title's («trực đêm», «ăn trưa»), «Mai» with a capital in mid-sentence is a name."""
    tok = chosen[index]
    if tok.kind in ("date", "time") and ADDRESS.search(tok.match.string, 0, tok.start):
        return False  # a house or room number: «tại số 5/7 Trần Hưng Đạo», «phòng 2.15»
    if (tok.kind == "part" and not tok.word("rel")) or tok.word("rel") == "nay":
        return _first(chosen, index) or _touches(chosen, index)
    if tok.kind == "relative" and tok.word("rel") == "mai" and tok.text[0].isupper():
        return _first(chosen, index)
    return True


def _first(chosen: list[Token], index: int) -> bool:
    """Nothing but a filler («nhắc tôi») before this piece."""
    before = chosen[index - 1].end if index and chosen[index - 1].kind == "filler" else 0
    return not chosen[index].match.string[before : chosen[index].start].strip()


def _touches(chosen: list[Token], index: int) -> bool:
    text = chosen[index].match.string
    left = chosen[index - 1] if index else None
    right = chosen[index + 1] if index + 1 < len(chosen) else None
    if left and left.kind != "filler" and not text[left.end : chosen[index].start].strip(" ,"):
        return True
    return bool(right and not text[chosen[index].end : right.start].strip(" ,"))


class Ask(Exception):
    """What cannot be settled without guessing: the `Problem` code and the values of its text."""

    def __init__(self, code: str, **values: str) -> None:
        super().__init__(code)
        self.code = code
        self.values = values
