"""The text catalogue: every user-visible sentence, looked up by key.

Templates mark bold with **…**; values are inserted after the template is split into
segments, so user text can never turn into markup. Channels render `Rich` themselves
(Telegram escapes it into HTML, Zalo sends it as plain text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.text import nfc
from core.texts.vi import VI


@dataclass(frozen=True)
class Seg:
    text: str
    bold: bool = False


Rich = tuple[Seg, ...]


class _Strict(dict[str, Any]):
    def __missing__(self, key: str) -> Any:
        raise KeyError(f"text value {key!r} missing")


def t(key: str, **values: Any) -> Rich:
    template = VI[key]
    segments: list[Seg] = []
    for index, part in enumerate(template.split("**")):
        if part:
            segments.append(Seg(nfc(part.format_map(_Strict(values))), bold=index % 2 == 1))
    return tuple(segments)


def label(key: str, **values: Any) -> str:
    """A catalogue entry as plain text (button labels, CSV headers)."""
    return plain_text(t(key, **values))


def plain(value: str) -> Rich:
    return (Seg(nfc(value)),)


def bold(value: str) -> Rich:
    return (Seg(nfc(value), bold=True),)


def join_lines(parts: Iterable[Rich], sep: str = "\n") -> Rich:
    out: list[Seg] = []
    for index, part in enumerate(parts):
        if index:
            out.append(Seg(sep))
        out.extend(part)
    return tuple(out)


def plain_text(rich: Rich) -> str:
    return "".join(seg.text for seg in rich)


def to_json(rich: Rich) -> list[list[Any]]:
    return [[seg.text, seg.bold] for seg in rich]


def from_json(data: list[list[Any]]) -> Rich:
    return tuple(Seg(str(text), bool(is_bold)) for text, is_bold in data)


def names_block(key: str, names: tuple[str, ...], limit: int = 40) -> Rich:
    """A counted list of names, cut after `limit` with how many more there are."""
    shown = ", ".join(names[:limit]) + (
        label("list.more", n=len(names) - limit) if len(names) > limit else ""
    )
    return t(key, n=len(names), names=shown or "—")
