"""Screens as Zalo text: plain words, numbered choices instead of buttons, 2,000-character parts."""

from __future__ import annotations

from core.conversation.screens import Screen
from core.texts import Rich, join_lines, plain_text, t
from core.texts.split import split_rich

TEXT_LIMIT = 1900  # Zalo allows 2,000; a margin for how it counts emoji (UTF-16 or code points)


def choices_block(screen: Screen, first: int = 1) -> Rich:
    """Numbered from `first`: the options of one reply are numbered on across its messages."""
    lines = [t("zalo.choices_head")]
    lines += [
        t("zalo.choice", n=n, label=_unnumbered(option.label, n - first + 1))
        for n, option in enumerate(screen.options, first)
    ]
    lines.append(t("zalo.choices_hint"))
    return join_lines(lines)


def _unnumbered(label: str, n: int) -> str:
    """«1. 05-KH/CB …» is listed as «1. 05-KH/CB …», not «1. 1. 05-KH/CB …»."""
    for prefix in (f"{n}. ", f"📄 {n}. "):
        if label.startswith(prefix):
            return label[len(prefix) :] if prefix[0].isdigit() else "📄 " + label[len(prefix) :]
    return label


def attachment_line(screen: Screen, link: str | None) -> Rich | None:
    """Zalo bots cannot send files: a document becomes a signed link to a page of the admin web."""
    attachment = screen.attachment or {}
    if link is not None:
        return t("zalo.document_link", url=link)
    if attachment.get("name"):
        return t("zalo.file_elsewhere", name=str(attachment["name"]))
    return None


def parts(screen: Screen, *, link: str | None = None, first: int = 1) -> list[str]:
    """The whole screen in order, cut at line ends so no part exceeds Zalo's limit; nothing dropped."""
    pieces = [screen.text]
    extra = attachment_line(screen, link)
    if extra is not None:
        pieces.append(extra)
    if screen.options:
        pieces.append(choices_block(screen, first))
    text = join_lines(pieces, "\n\n")
    return [plain_text(chunk) for chunk in split_rich(text, TEXT_LIMIT) if plain_text(chunk).strip()]
