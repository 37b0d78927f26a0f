"""Search words and document numbers, diacritics optional, ranked by where they match.

Words match whole folded words («uy» does not find «quy»); only the last typed word may be the
start of a word (as you type: «nghi quyet da» finds «đại hội»), and only from PREFIX_MIN letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.documents.numbers import DocNumber, find_numbers, issuer_name, type_name, whole_number
from core.text import fold

MAX_WORDS = 8
PREFIX_MIN = 2  # «a» alone is a word, not the start of every word beginning with a
_MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,40}>")


@dataclass(frozen=True)
class Query:
    number_keys: tuple[str, ...]
    words: tuple[str, ...]
    phrase: str
    prefix: str | None = None  # the last word, when it may be the start of a longer one

    @property
    def empty(self) -> bool:
        return not self.number_keys and not self.words

    def patterns(self) -> list[str]:
        """What each word must match inside the space-padded search text (a SQL LIKE substring)."""
        return [f" {w}" if w == self.prefix else f" {w} " for w in self.words]


def words_of(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in fold(text)).split()


def parse_query(text: str) -> Query:
    text = _MARKUP.sub(" ", text)  # «<b>x</b>» is the word x, not b
    alone = whole_number(text)  # "22 qc tu" typed by itself is a number too
    numbers = [alone] if alone is not None else find_numbers(text)
    keys = tuple(dict.fromkeys(n.loose_key for n in numbers if n.seq))
    typed = words_of(text)
    words = tuple(dict.fromkeys(typed))[:MAX_WORDS]
    if keys and len(numbers) == 1 and _only_number(numbers[0], words):
        words = ()  # "22 QC TU" is a number, not three words
    last = typed[-1] if typed and words and typed[-1] in words else None
    prefix = last if last is not None and len(last) >= PREFIX_MIN and not last.isdigit() else None
    return Query(keys, words, " ".join(typed), prefix)


def _only_number(number: DocNumber, words: tuple[str, ...]) -> bool:
    parts = set(words_of(f"{number.seq} {number.type_code} {number.issuer} so"))
    return set(words) <= parts


def search_text(
    *, title: str, number: str | None, type_code: str | None, issuer: str | None, summary: str, file_name: str
) -> str:
    """The folded text a query's words are looked for in."""
    parts = [title, number or "", file_name, summary]
    if type_code:
        parts.append(type_name(type_code, title))
    if issuer:
        parts.append(issuer_name(issuer) or issuer)
    return " ".join(words_of(" ".join(parts)))


def score(query: Query, *, title: str, number_key: str | None, text: str) -> float:
    """Number match first, then the whole phrase in the title, then words in the title, then anywhere.

    A whole word counts more than a word only begun (the last one typed)."""
    value = 0.0
    if number_key and number_key in query.number_keys:
        value += 100
    padded_title, padded_text = f" {' '.join(words_of(title))} ", f" {text} "
    if query.phrase and f" {query.phrase}" in padded_title:
        value += 20 if f" {query.phrase} " in padded_title else 15
    for word in query.words:
        if f" {word} " in padded_title:
            value += 4
        elif word == query.prefix and f" {word}" in padded_title:
            value += 3
        elif f" {word} " in padded_text:
            value += 1
        elif word == query.prefix and f" {word}" in padded_text:
            value += 0.5
    return value
