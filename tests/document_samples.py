"""Documents with the traits of real Party documents, built in the tests (and the pilot report sample)."""

from __future__ import annotations

import functools
import io
import struct
import zipfile
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from fpdf import FPDF

from core.documents.extract import Proposal
from core.documents.numbers import DocNumber
from core.invites.sheet import static_font

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
SAMPLE = SAMPLES / "bao-cao-so-ket-thi-diem-hau-giang-2024.txt"

TITLE = "Báo cáo sơ kết 05 tháng sử dụng thí điểm Sổ tay đảng viên điện tử Đảng bộ tỉnh Hậu Giang"
HEADER_LEFT = ["ĐẢNG BỘ TỈNH HẬU GIANG", "BAN CHỈ ĐẠO 1929", "*", "Số 01-BC/BCĐ"]
HEADER_RIGHT = ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "", "Vị Thanh, ngày 15 tháng 6 năm 2024"]
TITLE_LINES = [
    "BÁO CÁO",
    "Sơ kết 05 tháng sử dụng thí điểm",
    "Sổ tay đảng viên điện tử Đảng bộ tỉnh Hậu Giang",
]
BODY = [
    "-----",
    "Căn cứ Quyết định số 1929-QĐ/TU ngày 27/3/2023 của Ban Thường vụ Tỉnh ủy về việc thành lập "
    "Ban Chỉ đạo xây dựng và triển khai thực hiện phần mềm Sổ tay đảng viên điện tử;",
    "Thực hiện Kế hoạch số 22-KH/BCĐ ngày 12/5/2023, Ban Chỉ đạo báo cáo như sau:",
    "1. Công tác triển khai",
]
BROKEN_TAIL = "v ? i nh ? ng k ? t qu ?   c ?   th ?   như sau:   1.  Công tác tri ? n khai   Sau khi đư ? c"
EXPECTED = Proposal(
    number=DocNumber("01", "BC", "BCĐ"),
    type_code="BC",
    issuer="BCĐ",
    issued_on=date(2024, 6, 15),
    place="Vị Thanh",
    title=TITLE,
)


@functools.cache  # Word files carry the time they were written: build the bytes once
def party_docx() -> bytes:
    """The Party header in a borderless 2-column table, then title, body and a broken tail."""
    document = Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    for cell, lines in ((left, HEADER_LEFT), (right, HEADER_RIGHT)):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    document.add_paragraph("")
    for line in [*TITLE_LINES, *BODY, BROKEN_TAIL]:
        document.add_paragraph(line)
    return docx_bytes(document)


def docx_bytes(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def party_pdf() -> bytes:
    """The same document as a PDF: both header columns side by side, as Word prints them."""
    return header_pdf(HEADER_LEFT, HEADER_RIGHT, [*TITLE_LINES, *BODY[:1]], [*BODY[1:], BROKEN_TAIL])


RESOLUTION_LEFT = ["ĐẢNG BỘ TỈNH HẬU GIANG", "ĐẢNG BỘ BAN TỔ CHỨC TỈNH ỦY", "*", "Số 01-NQ/ĐU"]
RESOLUTION_RIGHT = ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "", "Vị Thanh, ngày 12 tháng 6 năm 2025"]
# the subject in capitals, and the body straight after it (no rule, no blank line in the text)
RESOLUTION_TITLE = ["NGHỊ QUYẾT", "ĐẠI HỘI ĐẢNG BỘ BAN TỔ CHỨC TỈNH ỦY LẦN THỨ X,", "NHIỆM KỲ 2025 - 2030"]
RESOLUTION_BODY = [
    "Đại hội Đảng bộ Ban Tổ chức Tỉnh ủy lần thứ X, nhiệm kỳ 2025 - 2030 đã thảo luận và",
    "QUYẾT NGHỊ:",
    "1. Thông qua Báo cáo chính trị của Ban Chấp hành Đảng bộ khóa IX.",
]


@functools.cache
def resolution_pdf() -> bytes:
    """A congress resolution whose subject is in capitals with a Roman numeral, as a PDF."""
    return header_pdf(RESOLUTION_LEFT, RESOLUTION_RIGHT, RESOLUTION_TITLE, RESOLUTION_BODY)


def header_pdf(left: list[str], right: list[str], centred: list[str], body: list[str]) -> bytes:
    """A Party document's first page: the two header columns, centred lines, then the body."""
    pdf = FPDF(format="A4")
    pdf.add_font("NotoSans", "", static_font(400))
    pdf.add_page()
    pdf.set_font("NotoSans", "", 11)
    for row, (left_line, right_line) in enumerate(zip(left, right, strict=True)):
        pdf.set_xy(10, 15 + 7 * row)
        pdf.cell(90, 6, left_line, align="C")
        pdf.set_xy(100, 15 + 7 * row)
        pdf.cell(100, 6, right_line, align="C")
    pdf.set_xy(10, 55)
    for line in centred:
        pdf.cell(0, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    for line in body:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def sample_docx(text: str) -> bytes:
    """The pilot report's lines as a Word file."""
    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    return docx_bytes(document)


def ole_file(*streams: str) -> bytes:
    """A minimal OLE2 compound file (what .doc/.xls are) whose directory holds these empty streams."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))
    directory = bytearray(512)
    for i, name in enumerate(["Root Entry", *streams][:4]):
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry = bytearray(128)
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), 5 if i == 0 else 2, 1)
        following = i + 1 if 0 < i < len(streams) else free  # streams chained as right siblings
        struct.pack_into("<III", entry, 68, free, following, 1 if i == 0 and streams else free)
        struct.pack_into("<II", entry, 116, end, 0)
        directory[i * 128 : (i + 1) * 128] = entry
    return bytes(header) + fat + bytes(directory)


def zip_with(*names: str) -> bytes:
    """A zip archive holding these (tiny) members: a renamed archive, or a broken Office package."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, b"MZ\x90\x00" + bytes(64) if name.endswith(".exe") else b"<x/>")
    return out.getvalue()
