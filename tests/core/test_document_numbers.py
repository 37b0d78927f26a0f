"""Party document numbers: every way people write one reads back to the same number."""

from __future__ import annotations

import pytest

from core.documents.numbers import (
    DOC_TYPES,
    ISSUERS,
    QD_NAMES,
    DocNumber,
    find_numbers,
    issuer_name,
    number_at,
    parse_number,
    strip_numbers,
    type_from_title,
    type_name,
    whole_number,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("22-QC/TU", "22-QC/TU"),
        ("Số 22-QC/TU", "22-QC/TU"),
        ("Số: 22-QC/TU", "22-QC/TU"),
        ("SỐ:22-QC/TU", "22-QC/TU"),
        ("22 - QC/TU", "22-QC/TU"),
        ("22 – QC / TU", "22-QC/TU"),
        ("22-qc/tu", "22-QC/TU"),
        ("22 QC TU", "22-QC/TU"),
        ("1929-QĐ/TU", "1929-QĐ/TU"),
        ("1929-QD/TU", "1929-QĐ/TU"),
        ("1929-qđ/tu", "1929-QĐ/TU"),
        ("01-KH/BCĐ", "01-KH/BCĐ"),
        ("01-KH/BCD", "01-KH/BCĐ"),
        ("36-HD/VPTW", "36-HD/VPTW"),
        ("Số      -BC/BCĐ", "-BC/BCĐ"),
        ("Số: -BC/BCĐ", "-BC/BCĐ"),
        ("12-CTr/ĐU", "12-CTr/ĐU"),
        ("12-CTR/DU", "12-CTr/ĐU"),
        ("05-TTr/DU", "05-TTr/ĐU"),
        ("3456-QĐ/TU", "3456-QĐ/TU"),
        ("07-ĐA/ĐUK", "07-ĐA/ĐUK"),
        ("08-DA/DUK", "08-ĐA/ĐUK"),
        ("15-QĐNS/CB", "15-QĐNS/CB"),
        ("02-NQ/BTGDVTW", "02-NQ/BTGDVTW"),
        ("09-TB/XYZ", "09-TB/XYZ"),  # an issuer we do not know is kept as written
        ("09-tb/abc", "09-TB/ABC"),
        ("22-QC-TU Quy che lam viec", "22-QC/TU"),
        ("22_QC_TU", "22-QC/TU"),
        ("QD 1929-QĐ-TU", "1929-QĐ/TU"),
        ("Căn cứ Quyết định số 1929-QĐ/TU ngày 27/3/2023", "1929-QĐ/TU"),
        ("Kế hoạch số 01-KH/BCĐ ngày 12/5/2023).", "01-KH/BCĐ"),
    ],
)
def test_written_forms_read_back(written: str, expected: str) -> None:
    number = parse_number(written)
    assert number is not None
    assert number.text == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ngày 15/6/2024",
        "5 tháng",
        "Hậu Giang",
        "2024",
        "Sơ kết 05 tháng sử dụng thí điểm",
        "Sổ tay đảng viên điện tử",
        "3 cv/ngày",  # prose, not a number
        "có 5 bc mới",
        "1.218/1.277 đảng viên",
        "ở giữa câu xx -BC/BCĐ",  # a blank number only after "Số"
        "22-XX/TU",  # not a document type
        "123456-QC/TU",
        "Ban Chỉ đạo 1929 (gọi tắt là Ban Chỉ đạo 1929);",
        "BAN CHỈ ĐẠO 1929\n*\nSổ tay",
    ],
)
def test_other_text_is_no_number(text: str) -> None:
    assert parse_number(text) is None
    assert find_numbers(text) == []


def test_text_and_keys() -> None:
    number = DocNumber("01", "KH", "BCĐ")
    assert number.text == "01-KH/BCĐ"
    assert number.key == "01-kh/bcd"
    assert number.loose_key == "1-kh/bcd"
    assert DocNumber(None, "BC", "BCĐ").text == "-BC/BCĐ"
    assert DocNumber(None, "BC", "BCĐ").loose_key == "-bc/bcd"
    assert DocNumber("00", "BC", "CB").loose_key == "0-bc/cb"


@pytest.mark.parametrize("written", ["22-QC/TU", "22 - QC/TU", "22-qc/tu", "22 QC TU", "Số: 22_QC_TU"])
def test_written_variants_share_a_key(written: str) -> None:
    number = parse_number(written)
    assert number is not None
    assert number.key == "22-qc/tu"
    assert number == DocNumber("22", "QC", "TU")


def test_loose_key_ignores_leading_zeros_and_diacritics() -> None:
    written, typed = parse_number("01-KH/BCĐ"), parse_number("1-KH/BCD")
    assert written is not None and typed is not None
    assert written.key != typed.key
    assert written.loose_key == typed.loose_key == "1-kh/bcd"


def test_find_numbers_in_order() -> None:
    text = "Căn cứ Quyết định số 1929-QĐ/TU; Kế hoạch 01-KH/BCĐ và Quy chế 22-QC/TU, ngày 22/11/2023."
    assert [n.text for n in find_numbers(text)] == ["1929-QĐ/TU", "01-KH/BCĐ", "22-QC/TU"]


def test_number_at_only_reads_the_start() -> None:
    assert number_at("22-QC/TU ngày 5/6") == DocNumber("22", "QC", "TU")
    assert number_at("   -BC/BCĐ") == DocNumber(None, "BC", "BCĐ")
    assert number_at("về 22-QC/TU") is None


def test_strip_numbers_drops_the_number_and_its_so() -> None:
    assert strip_numbers("So 22-QC-TU Quy che lam viec").split() == ["Quy", "che", "lam", "viec"]
    assert strip_numbers("Hậu Giang").strip() == "Hậu Giang"


def test_qd_is_a_decision_or_a_regulation() -> None:
    assert QD_NAMES == ("Quyết định", "Quy định")
    assert type_name("QĐ") == "Quyết định"
    assert type_name("QĐ", "Quyết định về việc thành lập Ban Chỉ đạo") == "Quyết định"
    assert type_name("QĐ", "QUY ĐỊNH về quản lý Sổ tay đảng viên") == "Quy định"
    assert type_name("qd", "quy dinh ve viec") == "Quy định"
    assert type_name("CTr") == "Chương trình"
    assert type_name("ctr") == "Chương trình"
    assert type_name("XYZ") == "XYZ"


def test_names() -> None:
    assert all(name == name.strip() and name[0].isupper() for name in DOC_TYPES.values())
    assert issuer_name("BCĐ") == ISSUERS["BCĐ"] == "Ban Chỉ đạo"
    assert issuer_name("bcd") == "Ban Chỉ đạo"
    assert issuer_name("XYZ") is None


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("BÁO CÁO", "BC"),
        ("Báo cáo sơ kết 05 tháng", "BC"),
        ("NGHỊ QUYẾT", "NQ"),
        ("KẾ HOẠCH", "KH"),
        ("QUY ĐỊNH về quản lý", "QĐ"),
        ("QUYẾT ĐỊNH", "QĐ"),
        ("Quyết định nhân sự", "QĐNS"),
        ("Quy che lam viec", "QC"),
        ("CHƯƠNG TRÌNH", "CTr"),
        ("ĐỀ ÁN", "ĐA"),
        ("TỜ TRÌNH", "TTr"),
        ("ĐẢNG CỘNG SẢN VIỆT NAM", None),
        ("CHI BỘ KHU PHỐ 3", None),
        ("BAN CHỈ ĐẠO 1929", None),
        ("Báo cáoviên", None),
    ],
)
def test_type_from_title(title: str, code: str | None) -> None:
    assert type_from_title(title) == code


def test_a_number_typed_alone_may_be_lower_case_without_dashes_when_its_issuer_is_known():
    assert whole_number("22 qc tu") == DocNumber("22", "QC", "TU")
    assert whole_number("Số: 1-kh/bcd") == DocNumber("1", "KH", "BCĐ")
    assert whole_number("22-QC/TU.") == DocNumber("22", "QC", "TU")
    assert whole_number("3 cv ngày") is None  # an unknown issuer in lower case is prose
    assert whole_number("tìm 22-QC/TU") is None  # not the number alone
    assert whole_number("-QC/TU") is None  # a blank number is nothing to look for
