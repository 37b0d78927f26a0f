"""The minutes as a Word file in the Party document layout (shared/domain.md, «Documents»).

Top-left the superior body and the cell with the number line; top-right «ĐẢNG CỘNG SẢN VIỆT NAM» and
the place-and-date line; the centred title; the body; the signature block; «Nơi nhận:» bottom-left.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import _Cell

from core.minutes.comments import DraftSummary
from core.texts import label


@dataclass(frozen=True)
class VoteLine:
    title: str
    result: str  # the formula line, e.g. «11/20 đồng ý (cần hơn 10) — thông qua»
    details: tuple[str, ...]


@dataclass(frozen=True)
class MinutesData:
    superior: str
    unit: str
    place: str  # the meeting's place, for the place-and-date line
    starts_at: datetime  # local time
    ended_note: str
    kind: str
    chair: str
    summoned: int
    present: tuple[str, ...]
    excused: tuple[str, ...]
    absent: tuple[str, ...]
    agenda: tuple[str, ...]
    votes: tuple[VoteLine, ...] = ()
    conclusion: str = ""
    exempted_absent: tuple[str, ...] = ()
    papers: tuple[str, ...] = field(default_factory=tuple)
    drafts: tuple[DraftSummary, ...] = ()
    unrecorded: tuple[str, ...] = ()  # not on the secretary's roll and no answer to the notice


def render(data: MinutesData) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    _header(doc.add_table(rows=1, cols=2).rows[0].cells, data)
    _centred(doc, label("minutes.title"), bold=True, size=15)
    _centred(doc, label("minutes.subtitle", kind=data.kind, month=f"{data.starts_at:%m/%Y}"), bold=True)
    _body(doc, data)
    _signatures(doc.add_table(rows=1, cols=2).rows[0].cells, data)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _header(cells: tuple[_Cell, ...] | list[_Cell], data: MinutesData) -> None:
    left, right = cells
    _lines(left, [data.superior.upper(), data.unit.upper(), "*", label("minutes.number")], centre=True)
    when = label(
        "minutes.place_date",
        place=_town(data.place),
        d=f"{data.starts_at.day:02d}",
        m=str(data.starts_at.month),
        y=f"{data.starts_at:%Y}",
    )
    _lines(right, [label("minutes.party"), "", when], centre=True)


def _town(place: str) -> str:
    """«Hội trường, Vị Thanh» → «Vị Thanh»; a venue without a town leaves a blank to fill by hand."""
    return place.split(",")[-1].strip() if "," in place else "……"


def _lines(cell: _Cell, lines: list[str], *, centre: bool) -> None:
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    for paragraph in cell.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT


def _centred(doc: Document, text: str, *, bold: bool = False, size: int | None = None) -> None:  # type: ignore[valid-type]
    paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def _body(doc: Document, data: MinutesData) -> None:  # type: ignore[valid-type]
    add = doc.add_paragraph  # type: ignore[attr-defined]
    add(
        label(
            "minutes.when",
            time=f"{data.starts_at:%H:%M}",
            date=f"{data.starts_at:%d/%m/%Y}",
            place=data.place,
        )
    )
    add(label("minutes.chair", name=data.chair))
    add(
        label(
            "minutes.attendance",
            summoned=data.summoned,
            present=len(data.present),
            excused=len(data.excused),
            absent=len(data.absent),
        )
    )
    if data.excused:
        add(label("minutes.excused", names=", ".join(data.excused)))
    if data.absent:
        add(label("minutes.absent", names=", ".join(data.absent)))
    if data.exempted_absent:
        add(label("minutes.exempted_absent", names=", ".join(data.exempted_absent)))
    if data.unrecorded:
        add(label("minutes.unrecorded", names=", ".join(data.unrecorded)))
    add(label("minutes.agenda_head")).runs[0].bold = True
    for n, item in enumerate(data.agenda or (label("minutes.no_agenda"),), 1):
        add(item if item[:1].isdigit() or item[:1] in "-–•" else f"{n}. {item}")  # numbered already
    if data.papers:
        add(label("minutes.papers", papers="; ".join(data.papers)))
    if data.drafts:
        add(label("minutes.comments_head")).runs[0].bold = True
        for draft in data.drafts:
            add(label("minutes.comments_draft", title=draft.title, n=draft.count))
            for line in draft.lines:
                add(line)
    if data.votes:
        add(label("minutes.votes_head")).runs[0].bold = True
        for vote in data.votes:
            add(f"– {vote.title}: {vote.result}")
            for line in vote.details:
                add(f"   {line}")
    add(label("minutes.conclusion_head")).runs[0].bold = True
    for line in (data.conclusion or label("minutes.no_conclusion")).splitlines():
        add(line)
    add(data.ended_note)


def _signatures(cells: tuple[_Cell, ...] | list[_Cell], data: MinutesData) -> None:
    left, right = cells
    _lines(
        left,
        [label("minutes.recipients"), label("minutes.recipient_superior"), label("minutes.recipient_file")],
        centre=False,
    )
    _lines(right, [label("minutes.sign_for"), label("minutes.sign_role"), "", "", data.chair], centre=True)
