"""A printable A4 sheet of invite cards: one QR code per member, to cut out and hand over."""

from __future__ import annotations

import io
import os
import tempfile
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import fontpkg_noto_sans
import segno
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from core.invites.rules import telegram_link
from core.invites.service import InviteRow
from core.text import nfc
from core.texts import label

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FONT = "NotoSans"
FONT_FILE = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"
FONT_WEIGHTS = {"": 400, "B": 700}
FONT_CUT_VERSION = 1  # bump when FONT_RANGES changes, so cached cuts are rebuilt
# Latin, Vietnamese letters and tones, dashes, quotes, «», …, ₫, →: what names and units use.
FONT_RANGES = (
    (0x20, 0x7E), (0xA0, 0x17F), (0x1A0, 0x1B0), (0x300, 0x323), (0x1EA0, 0x1EF9),
    (0x2010, 0x203A), (0x20AB, 0x20AC), (0x2190, 0x2193),
)  # fmt: skip

MARGIN = 10.0
HEADER_HEIGHT = 17.0
FOOTER_HEIGHT = 10.0
COLUMNS, ROWS = 3, 4
QR_SIZE = 34.0  # mm, quiet zone included
QR_BORDER = 3  # modules of white around the code
GREY = (150, 150, 150)


class _Sheet(FPDF):
    def __init__(self, title: str, instruction: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.sheet_title, self.instruction = nfc(title), nfc(instruction)
        for style, weight in FONT_WEIGHTS.items():
            self.add_font(FONT, style, static_font(weight))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.set_title(self.sheet_title)
        self.set_creator("Sổ tay")

    def header(self) -> None:
        self.set_xy(MARGIN, MARGIN)
        self.set_font(FONT, "B", 13)
        self.cell(self.epw, 7, fit_lines(self, self.sheet_title, self.epw, 1)[0])
        self.set_font(FONT, "", 9 if "\n" in self.instruction else 9.5)
        for index, line in enumerate(self.instruction.split("\n")[:2]):  # one line per messenger
            self.set_xy(MARGIN, MARGIN + 7.5 + index * 4.3)
            self.cell(self.epw, 4.3, fit_lines(self, line, self.epw, 1)[0])

    def footer(self) -> None:
        self.set_xy(MARGIN, self.h - MARGIN - 4)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.cell(self.epw, 4, f"Trang {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def instruction(bot_username: str | None, zalo_name: str | None) -> str:
    """How to join, for the messengers configured: a QR only where there is a real link (Telegram)."""
    bot = f"@{bot_username}" if bot_username else "Sổ tay"
    if zalo_name and bot_username:
        return label("invite.sheet.both", bot=bot, name=zalo_name)
    if zalo_name:
        return label("invite.sheet.zalo", name=zalo_name)
    return label("invite.sheet.telegram", bot=bot)


def write_invite_sheet(
    rows: list[InviteRow], bot_username: str | None, path: Path, title: str, zalo_name: str | None = None
) -> None:
    """Writes the PDF: a header line and instruction on every page, 12 cards per A4 page."""
    pdf = _Sheet(title, instruction(bot_username, zalo_name))
    per_page = COLUMNS * ROWS
    if not rows:
        pdf.add_page()
        pdf.set_xy(MARGIN, MARGIN + HEADER_HEIGHT + 5)
        pdf.set_font(FONT, "", 11)
        pdf.cell(pdf.epw, 6, "Không có đảng viên nào đang chờ mã mời.")
    for index, row in enumerate(rows):
        if index % per_page == 0:
            pdf.add_page()
        _card(pdf, row, bot_username, zalo_name, index % per_page)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


def _card(pdf: FPDF, row: InviteRow, bot_username: str | None, zalo_name: str | None, slot: int) -> None:
    width = pdf.epw / COLUMNS
    height = (pdf.h - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT) / ROWS
    x = MARGIN + (slot % COLUMNS) * width
    y = MARGIN + HEADER_HEIGHT + (slot // COLUMNS) * height
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=1.5, gap=1.5)
        pdf.rect(x, y, width, height)
    inner = width - 6
    link = telegram_link(bot_username, row.code)
    if link:
        draw_qr(pdf, link, x + (width - QR_SIZE) / 2, y + 1.5, QR_SIZE)
    elif zalo_name:  # no link to encode: where the QR would be, say where to send the code
        pdf.set_font(FONT, "", 9)
        for index, part in enumerate(fit_lines(pdf, label("invite.card.zalo", name=zalo_name), inner, 4)):
            pdf.set_xy(x + 3, y + 8 + index * 4.6)
            pdf.cell(inner, 4.6, part, align="C")
    cursor = y + QR_SIZE + 2.5
    for text, style, size, line, max_lines in (
        (row.full_name, "B", 10, 4.4, 2),
        (row.unit_name, "", 7.5, 3.4, 2),
    ):
        pdf.set_font(FONT, style, size)
        for part in fit_lines(pdf, nfc(text), inner, max_lines):
            pdf.set_xy(x + 3, cursor)
            pdf.cell(inner, line, part, align="C")
            cursor += line
    pdf.set_xy(x + 3, y + height - 10.5)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(inner, 5.5, f"Mã: {row.code}", align="C")
    pdf.set_xy(x + 3, y + height - 5)
    pdf.set_font(FONT, "", 6.5)
    pdf.cell(inner, 3, f"Dùng trước ngày {row.expires_at.astimezone(VN):%d/%m/%Y}", align="C")


def draw_qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """Vector QR (sharp at any printer resolution): one filled rectangle per run of dark modules."""
    matrix = [list(r) for r in segno.make(data, error="m", micro=False).matrix_iter(border=QR_BORDER)]
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for r, cells in enumerate(matrix):
        start = None
        for c, dark in enumerate([*cells, False]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                pdf.rect(x + start * module, y + r * module, (c - start) * module, module * 1.02, style="F")
                start = None


def fit_lines(pdf: FPDF, text: str, width: float, max_lines: int) -> list[str]:
    """The text wrapped to `width` in the current font, cut with '…' after `max_lines`."""
    wrapped = pdf.multi_cell(width, 4, text, dry_run=True, output=MethodReturnValue.LINES)
    lines = [str(line) for line in wrapped] if isinstance(wrapped, list) and wrapped else [""]
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and pdf.get_string_width(last + "…") > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


@cache
def static_font(weight: int) -> Path:
    """Noto Sans at one weight, cut to FONT_RANGES, cached on disk.

    Instancing the whole variable font takes fontTools about ten seconds per weight;
    cutting it first brings that under a second, and the cache makes it once per machine.
    """
    stat = FONT_FILE.stat()
    cache_dir = Path(tempfile.gettempdir()) / "sotay-fonts"
    target = cache_dir / f"NotoSans-{weight}-{stat.st_size}-{stat.st_mtime_ns}-v{FONT_CUT_VERSION}.ttf"
    if target.exists():
        return target
    static = instancer.instantiateVariableFont(TTFont(io.BytesIO(_cut_font())), {"wght": weight, "wdth": 100})
    data = io.BytesIO()
    static.save(data)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(data.getvalue())
    os.replace(partial, target)  # atomic: a concurrent writer cannot leave half a font
    return target


@cache
def _cut_font() -> bytes:
    """The variable font with only the glyphs of FONT_RANGES (fpdf2 shapes no text, so no layout tables)."""
    font = TTFont(FONT_FILE)
    subsetter = subset.Subsetter(subset.Options(layout_features=[], notdef_outline=True))
    subsetter.populate(unicodes=[c for low, high in FONT_RANGES for c in range(low, high + 1)])
    subsetter.subset(font)
    data = io.BytesIO()
    font.save(data)
    return data.getvalue()
