"""Search words and document numbers, diacritics optional, ranked by where they match."""

from __future__ import annotations

from dataclasses import dataclass

from core.documents.numbers import find_numbers, issuer_name, type_name
from core.text import fold

MAX_WORDS = 8
MIN_WORD = 1


@dataclass(frozen=True)
class Query:
    number_keys: tuple[str, ...]
    words: tuple[str, ...]
    phrase: str

    @property
    def empty(self) -> bool:
        return not self.number_keys and not self.words


def words_of(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in fold(text)).split()


def parse_query(text: str) -> Query:
    numbers = find_numbers(text)
    keys = tuple(dict.fromkeys(n.loose_key for n in numbers if n.seq))
    words = tuple(dict.fromkeys(words_of(text)))[:MAX_WORDS]
    if keys and len(numbers) == 1 and _only_number(text, words):
        words = ()  # "22 QC TU" is a number, not three words
    return Query(keys, words, " ".join(words_of(text)))


def _only_number(text: str, words: tuple[str, ...]) -> bool:
    number = find_numbers(text)[0]
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
    """Number match first, then the whole phrase in the title, then words in the title, then anywhere."""
    value = 0.0
    if number_key and number_key in query.number_keys:
        value += 100
    title_words = " ".join(words_of(title))
    if query.phrase and query.phrase in title_words:
        value += 20
    padded_title, padded_text = f" {title_words} ", f" {text} "
    for word in query.words:
        if f" {word} " in padded_title:
            value += 4
        elif word in title_words:
            value += 2
        elif f" {word} " in padded_text:
            value += 1
    return value
