"""What an uploaded document says about itself: its header, else its file name, never a crash."""

from __future__ import annotations

import io
import random
from datetime import date

import openpyxl
import pytest
from docx import Document

from core.documents.extract import Proposal, first_page_text, propose
from core.documents.numbers import DocNumber, type_name
from tests.document_samples import (
    BODY,
    BROKEN_TAIL,
    EXPECTED,
    SAMPLE,
    SAMPLES,
    TITLE,
    docx_bytes,
    party_docx,
    party_pdf,
    resolution_pdf,
)


def test_docx_header_in_a_table() -> None:
    text = first_page_text(party_docx(), "bao-cao.docx")
    lines = text.splitlines()
    assert lines[:2] == ["ĐẢNG BỘ TỈNH HẬU GIANG", "BAN CHỈ ĐẠO 1929"]
    assert "Vị Thanh, ngày 15 tháng 6 năm 2024" in lines
    assert propose("bao-cao.docx", text) == EXPECTED


def test_docx_merged_cells_are_read_once() -> None:
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    table.cell(1, 0).text = "Số 5-TB/CB"
    table.cell(1, 1).text = "Vị Thanh, ngày 05 tháng 06 năm 2024"
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("Về việc họp chi bộ tháng 6")
    text = first_page_text(docx_bytes(document), "tb.docx")
    assert text.count("ĐẢNG CỘNG SẢN VIỆT NAM") == 1
    proposal = propose("tb.docx", text)
    assert proposal.number == DocNumber("5", "TB", "CB")
    assert proposal.issued_on == date(2024, 6, 5)
    assert proposal.title == "Thông báo về việc họp chi bộ tháng 6"


def test_pdf_gives_the_same_proposal() -> None:
    text = first_page_text(party_pdf(), "Bao cao.PDF")
    assert "Vị Thanh" in text
    assert propose("Bao cao.PDF", text) == EXPECTED


@pytest.fixture
def sample_text() -> str:
    if not SAMPLE.is_file():
        pytest.skip(f"no sample at {SAMPLES}")
    return SAMPLE.read_text(encoding="utf-8")


def check_sample(proposal: Proposal) -> None:
    assert proposal.number == DocNumber(None, "BC", "BCĐ")
    assert (proposal.type_code, proposal.issuer) == ("BC", "BCĐ")
    assert proposal.issued_on is None  # "ngày    tháng 6 năm 2024": a draft, day left blank
    assert proposal.place == "Hậu Giang"
    assert proposal.title == TITLE


def test_real_sample_as_text(sample_text: str) -> None:
    check_sample(propose(SAMPLE.name, sample_text))
    check_sample(propose(SAMPLE.name, first_page_text(SAMPLE.read_bytes(), SAMPLE.name)))


def test_real_sample_as_docx(sample_text: str) -> None:
    document = Document()
    for line in sample_text.splitlines():
        document.add_paragraph(line.strip())
    check_sample(propose("bao-cao.docx", first_page_text(docx_bytes(document), "bao-cao.docx")))


def test_cited_numbers_are_not_the_documents_number() -> None:
    text = "\n".join(["BÁO CÁO", "Kết quả tháng 6", *BODY])
    proposal = propose("bao-cao.docx", text)
    assert proposal.number is None
    assert proposal.type_code == "BC"
    assert proposal.title == "Báo cáo kết quả tháng 6"


@pytest.mark.parametrize(
    ("line", "issued_on", "place"),
    [
        ("Vị Thanh, ngày 15 tháng 6 năm 2024", date(2024, 6, 15), "Vị Thanh"),
        ("Vị Thanh, ngày 05 tháng 06 năm 2024", date(2024, 6, 5), "Vị Thanh"),
        ("Vi Thanh, ngay 15 thang 6 nam 2024", date(2024, 6, 15), "Vi Thanh"),
        ("Phụng Hiệp, ngày    tháng 6 năm 2024", None, "Phụng Hiệp"),
        ("Vị Thanh, ngày 31 tháng 4 năm 2024", None, "Vị Thanh"),
        ("TP. Hồ Chí Minh, ngày 1 tháng 2 năm 2025", date(2025, 2, 1), "TP. Hồ Chí Minh"),
        ("ngày 1 tháng 2 năm 2025", date(2025, 2, 1), None),
        ("BAN CHỈ ĐẠO 1929 Vị Thanh, ngày 2 tháng 3 năm 2024", date(2024, 3, 2), "Vị Thanh"),
    ],
)
def test_place_and_date_line(line: str, issued_on: date | None, place: str | None) -> None:
    proposal = propose("2023-01-01.docx", f"ĐẢNG ỦY XÃ VỊ TÂN\n{line}\nBIÊN BẢN\nHọp chi bộ")
    assert (proposal.issued_on, proposal.place) == (issued_on, place)


def test_quy_dinh_is_told_from_quyet_dinh() -> None:
    rule = propose("x.docx", "Số 12-QĐ/TU\nQUY ĐỊNH\nVề quản lý Sổ tay đảng viên điện tử\n***")
    decision = propose("x.docx", "QUYẾT ĐỊNH\nVề việc thành lập Ban Chỉ đạo")
    assert rule.type_code == decision.type_code == "QĐ"
    assert rule.title == "Quy định về quản lý Sổ tay đảng viên điện tử"
    assert type_name("QĐ", rule.title) == "Quy định"
    assert type_name("QĐ", decision.title) == "Quyết định"


def test_all_caps_subject_and_long_title() -> None:
    proposal = propose("x.txt", "NGHỊ QUYẾT\nVỀ CÔNG TÁC KIỂM TRA, GIÁM SÁT NĂM 2024\nKính gửi: các chi bộ")
    assert proposal.title == "Nghị quyết về công tác kiểm tra, giám sát năm 2024"
    long_title = propose("x.txt", "KẾ HOẠCH\n" + "\n".join(["Triển khai thực hiện " * 5] * 4))
    assert long_title.title is not None
    assert len(long_title.title) <= 300
    assert long_title.title.startswith("Kế hoạch triển khai")


@pytest.mark.parametrize(
    ("file_name", "number", "type_code", "issued_on", "title"),
    [
        ("22-QC-TU Quy che lam viec.pdf", "22-QC/TU", "QC", None, "Quy che lam viec"),
        ("22_QC_TU.pdf", "22-QC/TU", "QC", None, None),
        ("QD 1929-QĐ-TU.docx", "1929-QĐ/TU", "QĐ", None, None),
        ("So 01-KH-BCD ke hoach trien khai.docx", "01-KH/BCĐ", "KH", None, "Ke hoach trien khai"),
        ("2024-06-15 bien ban hop chi bo.docx", None, "BB", date(2024, 6, 15), "Bien ban hop chi bo"),
        ("Nghị quyết chi bộ 15.6.2024.docx", None, "NQ", date(2024, 6, 15), "Nghị quyết chi bộ"),
        ("C:\\Users\\bt\\Desktop\\05_TB_CB_hop_thang_6.pdf", "05-TB/CB", "TB", None, "Hop thang 6"),
        ("31.4.2024.pdf", None, None, None, None),
        ("scan.pdf", None, None, None, None),
        ("", None, None, None, None),
    ],
)
def test_file_name_fallbacks(
    file_name: str, number: str | None, type_code: str | None, issued_on: date | None, title: str | None
) -> None:
    proposal = propose(file_name, "")
    assert (proposal.number.text if proposal.number else None) == number
    assert (proposal.type_code, proposal.issued_on, proposal.title) == (type_code, issued_on, title)


def test_header_wins_over_file_name() -> None:
    proposal = propose("22-QC-TU 2023-11-22 Quy che.pdf", "Số 01-BC/BCĐ\nVị Thanh, ngày 15 tháng 6 năm 2024")
    assert proposal.number == DocNumber("01", "BC", "BCĐ")
    assert proposal.issued_on == date(2024, 6, 15)


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Số 22-QC/TU", "BÁO CÁO"])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "file_name"),
    [
        (b"", "empty.pdf"),
        (b"", "empty.docx"),
        (b"", "empty.txt"),
        (bytes(range(256)) * 40, "junk.pdf"),
        (bytes(range(256)) * 40, "junk.docx"),
        (b"PK\x03\x04" + bytes(200), "zip-ish.docx"),
        (b"%PDF-1.7\n" + bytes(100), "noname"),
        (b"\xd0\xcf\x11\xe0" + bytes(500), "old.doc"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png"),
        ("Số 22-QC/TU".encode(), "sheet.xls"),
    ],
)
def test_unreadable_files_give_no_text(data: bytes, file_name: str) -> None:
    assert first_page_text(data, file_name) == ""
    assert isinstance(propose(file_name, ""), Proposal)


def test_truncated_pdf_encrypted_pdf_and_xlsx_give_no_text() -> None:
    from pypdf import PdfReader, PdfWriter

    whole = party_pdf()
    assert first_page_text(whole[: len(whole) // 3], "cut.pdf") == ""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(whole)))
    writer.encrypt("mật khẩu", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    assert first_page_text(locked.getvalue(), "locked.pdf") == ""
    assert first_page_text(xlsx_bytes(), "bang.xlsx") == ""


def test_broken_text_and_junk_never_crash() -> None:
    junk = bytes(range(256)) * 20
    texts = [
        "",
        "\n\n\n",
        junk.decode("utf-8", errors="replace"),
        junk.decode("latin-1"),
        BROKEN_TAIL * 200,
        "S? 01-BC/BC?\nV? Thanh, ng?y 15 th?ng 6 n?m 2024\nB?O C?O",
        "BÁO CÁO\n" + "Ả" * 100_000,
        "Số " * 10_000 + "-BC/BCĐ",
        "ngày 99 tháng 99 năm 9999\nSố 0-BC/X",
    ]
    alphabet = [*"Số-/_: 0123456789ngàythángnămBÁOCÁOQĐTUBCĐ?\n\t.,*", "Số ", "ngày ", "tháng ", "năm "]
    rng = random.Random(2024)
    texts += ["".join(rng.choices(alphabet, k=rng.randint(0, 400))) for _ in range(300)]
    for text in texts:
        proposal = propose(text[:40] + ".pdf", text)
        assert proposal.title is None or len(proposal.title) <= 300
    assert first_page_text(junk, "junk.txt")  # text files always decode, replacing what is not UTF-8


def test_the_title_ends_at_a_paragraph_break() -> None:
    text = "NGHỊ QUYẾT\nvề chuyển đổi số trong hệ thống chính trị\n\nNội dung nghị quyết như sau"
    assert propose("nq.pdf", text).title == "Nghị quyết về chuyển đổi số trong hệ thống chính trị"
    gap = "KẾ HOẠCH\n\nTổ chức hội nghị học tập\nnghị quyết Đại hội\n\n1. Mục đích"
    assert propose("kh.pdf", gap).title == "Kế hoạch tổ chức hội nghị học tập nghị quyết Đại hội"


def test_a_subject_in_capitals_keeps_names_and_roman_numerals_and_ends_before_the_body() -> None:
    proposal = propose("nq.pdf", first_page_text(resolution_pdf(), "nq.pdf"))
    assert proposal.title == "Nghị quyết Đại hội Đảng bộ Ban Tổ chức Tỉnh ủy lần thứ X, nhiệm kỳ 2025 - 2030"
    assert proposal.number == DocNumber("01", "NQ", "ĐU")
    central = propose("x.txt", "NGHỊ QUYẾT\nHỘI NGHỊ LẦN THỨ 8 BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII\n---")
    assert central.title == "Nghị quyết hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khóa XIII"
    scope = propose("x.txt", "QUY ĐỊNH\nPHẠM VI ĐIỀU CHỈNH VÀ ĐỐI TƯỢNG ÁP DỤNG")
    assert scope.title == "Quy định phạm vi điều chỉnh và đối tượng áp dụng"  # «VI» here is a word


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "NGHỊ QUYẾT\nĐại hội Đảng bộ phường I lần thứ XIV\nĐại hội Đảng bộ phường I đã họp và quyết nghị",
            "Nghị quyết Đại hội Đảng bộ phường I lần thứ XIV",
        ),
        (
            "KẾ HOẠCH\nHọc tập Nghị quyết Hội nghị Trung ương 8\nVị Thanh, ngày 15 tháng 6 năm 2024",
            "Kế hoạch học tập Nghị quyết Hội nghị Trung ương 8",
        ),
        (
            "THÔNG BÁO\nKết luận của Ban Thường vụ\n-----\nNgày 12/6, Ban Thường vụ họp",
            "Thông báo kết luận của Ban Thường vụ",
        ),
        (
            "BÁO CÁO\nTình hình thực hiện nhiệm vụ của\nĐại hội Đảng bộ phường I\nThực hiện Kế hoạch số 5",
            "Báo cáo tình hình thực hiện nhiệm vụ của Đại hội Đảng bộ phường I",
        ),
    ],
)
def test_a_subject_in_ordinary_case_keeps_its_case_and_ends_where_the_body_starts(text: str, title: str):
    assert propose("x.txt", text).title == title
