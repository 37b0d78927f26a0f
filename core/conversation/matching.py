"""A choice answered by typing: its number, its words or enough of them, diacritics optional.

Typed answers are forgiving: «đồng ý ạ», «Tham dự nhé!», «họp chuyên đề». What a word means is
never guessed beyond the choices on show: a number or words resolve to the same token a button
would carry.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.text import fold

# what people add around an answer: «ạ», «nhé», «em chọn …», folded
POLITE_TAIL = ("a", "nhe", "nha", "ha", "a nhe", "nhe a", "luon", "roi", "di", "voi")
POLITE_HEAD = ("em chon", "toi chon", "chon", "em", "toi xin", "xin")
MAX_EXTRA_WORDS = 1  # «họp chuyên đề» holds «chuyên đề»; an agenda that mentions «bỏ qua» holds nothing
# other words for an option, by its folded label: «có» answers «✅ Tham dự» (features add theirs)
SYNONYMS: dict[str, tuple[str, ...]] = {}


def plain_words(text: str) -> str:
    """Folded letters and digits only: «❌ Hủy» → «huy»."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def _trimmed(words: str) -> str:
    for tail in POLITE_TAIL:
        if words.endswith(" " + tail):
            words = words[: -len(tail) - 1]
            break
    for head in POLITE_HEAD:
        if words.startswith(head + " "):
            return words[len(head) + 1 :]
    return words


def _holds(text: str, phrase: str) -> bool:
    return bool(phrase) and f" {phrase} " in f" {text} "


def typed_choice(choices: Sequence[Sequence[str]], text: str) -> str | None:
    """The token (or value) of the choice `text` answers, or None when it answers none or several."""
    said = plain_words(text)
    if not choices or not said:
        return None
    words = _trimmed(said)
    if words.isdigit():  # «2», «em chọn 2 ạ»
        index = int(words) - 1
        return choices[index][1] if 0 <= index < len(choices) else None
    named = [(plain_words(label), plain_words(value), value) for label, value in choices]
    exact = [
        value
        for label, key, value in named
        if words in (label, key) or said in (label, key) or words in SYNONYMS.get(label, ())
    ]
    if exact:
        return exact[0]
    held = sorted(
        (
            (len(phrase.split()), value)
            for label, key, value in named
            for phrase in (label, key)
            if _holds(said, phrase) and len(said.split()) - len(phrase.split()) <= MAX_EXTRA_WORDS
        ),
        reverse=True,
    )
    if held and (len(held) == 1 or held[0][0] > held[1][0] or held[0][1] == held[1][1]):
        return held[0][1]
    partial = {value for label, _key, value in named if len(words) >= 3 and _holds(label, words)}
    return partial.pop() if len(partial) == 1 else None
