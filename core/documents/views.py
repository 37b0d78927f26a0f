"""Document DTOs and how they read in a chat (channel-neutral)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.documents.models import Document, StoredFile
from core.documents.numbers import issuer_name, type_name
from core.texts import Rich, join_lines, plain, t

LABEL_TITLE_CHARS = 48
CAPTION_CHARS = 1000  # Telegram allows 1,024 in a caption


@dataclass(frozen=True)
class DocumentView:
    id: int
    title: str
    number: str | None
    type_code: str | None
    issuer: str | None
    issued_on: date | None
    summary: str
    file_name: str
    sha256: str
    size: int
    kind: str
    owner_unit: str
    source: str | None  # the committee it was forwarded from, as seen from the reader's units
    created_at: datetime
    owner_unit_path: str = "/"

    @classmethod
    def of(
        cls,
        doc: Document,
        stored: StoredFile,
        owner_unit: str,
        source: str | None = None,
        owner_path: str = "/",
    ) -> DocumentView:
        return cls(
            doc.id,
            doc.title,
            doc.number,
            doc.type_code,
            doc.issuer,
            doc.issued_on,
            doc.summary,
            doc.file_name,
            doc.sha256,
            stored.size,
            stored.kind,
            owner_unit,
            source,
            doc.created_at,
            owner_path,
        )

    @property
    def type_label(self) -> str:
        return type_name(self.type_code, self.title) if self.type_code else ""

    def attachment(self) -> dict[str, Any]:
        """What a channel needs to deliver the file: Telegram uploads it, Zalo links to it."""
        return {"file": self.sha256, "name": self.file_name, "document_id": self.id}


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, size // 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def card(view: DocumentView, *, with_summary: bool = True) -> Rich:
    lines = [t("document.card.title", title=view.title)]
    if view.number:
        lines.append(t("document.card.number", number=view.number))
    if view.type_label:
        lines.append(t("document.card.type", type=view.type_label))
    lines += [*issued_lines(view), *origin_lines(view)]
    lines.append(t("document.card.file", name=view.file_name, size=size_text(view.size)))
    if with_summary:
        lines.append(t("document.card.summary_head"))
        lines.append(plain(view.summary) if view.summary else t("document.card.no_summary"))
    return join_lines(lines)


def issued_lines(view: DocumentView) -> list[Rich]:
    """Who issued it and when, leaving out the part that is unknown."""
    issuer = (issuer_name(view.issuer) or view.issuer) if view.issuer else ""
    when = f"{view.issued_on:%d/%m/%Y}" if view.issued_on else ""
    if issuer and when:
        return [t("document.card.issued", issuer=issuer, date=when)]
    if issuer:
        return [t("document.card.issued_by", issuer=issuer)]
    return [t("document.card.issued_on", date=when)] if when else []


def origin_lines(view: DocumentView) -> list[Rich]:
    """Whose document it is and who sent it down to the reader's cell: once when that is one unit."""
    if view.source is None:
        return [t("document.card.unit", unit=view.owner_unit)]
    if view.source == view.owner_unit:
        return [t("document.card.forwarded", unit=view.source)]
    return [t("document.card.unit", unit=view.owner_unit), t("document.card.source", unit=view.source)]


def caption(view: DocumentView) -> Rich:
    """Title, number and the start of the summary: what goes with the file itself."""
    head = f"{view.number} · " if view.number else ""
    room = CAPTION_CHARS - len(head) - len(view.title) - 10
    summary = view.summary
    if len(summary) > room:
        summary = summary[: max(room, 0)].rsplit(" ", 1)[0] + "…" if room > 20 else ""
    lines = [t("document.card.title", title=head + view.title)]
    if summary:
        lines.append(plain(summary))
    return join_lines(lines)


def item_label(view: DocumentView) -> str:
    return label_of(view.number, view.title)


def label_of(number: str | None, title: str) -> str:
    short = title if len(title) <= LABEL_TITLE_CHARS else title[: LABEL_TITLE_CHARS - 1] + "…"
    return f"{number} · {short}" if number else short
