"""Invite lists for secretaries: a CSV for Excel and a printable PDF of QR cards."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.clock import ManualClock
from core.db.uow import UowFactory
from core.errors import NotFound
from core.invites.export import invites_csv
from core.invites.rules import telegram_link
from core.invites.service import InviteRow, invite_unit_name, issue_invites
from core.invites.sheet import write_invite_sheet
from tests.factories import make_account, make_member, make_unit

NAMES = ["Nguyễn Thị Ngọc Hân", "Trần Văn Đức", "Huỳnh Thị Thủy"]


async def waiting_rows(uow: UowFactory, clock: ManualClock) -> list[InviteRow]:
    """A cell of four members, one of whom has already joined; invites for the other three."""
    async with uow() as u:
        cell = await make_unit(u.session, name="Chi bộ Phòng Tổ chức cán bộ", kind="chi_bo_co_so")
        for name in NAMES:
            await make_member(u.session, unit=cell, full_name=name)
        joined = await make_member(u.session, unit=cell, full_name="Lê Văn Đã Tham Gia")
        await make_account(u.session, member=joined)
        await u.commit()
    return await issue_invites(uow(), clock, unit_code=None, ttl_days=7)


def pdf_text(path: Path) -> str:
    """The sheet's text as a reader extracts it (pypdf, through the fonts' Unicode maps)."""
    pages = PdfReader(path).pages
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in pages))


async def test_csv_has_bom_header_and_one_row_per_waiting_member_when_exported(
    uow: UowFactory, clock: ManualClock
) -> None:
    rows = await waiting_rows(uow, clock)

    data = invites_csv(rows, "sotay_hg_bot")

    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Họ và tên,Đơn vị,Mã mời,Liên kết"
    records = list(csv.reader(io.StringIO(text)))[1:]
    assert sorted(r[0] for r in records) == sorted(NAMES)
    assert all(r[1] == "Chi bộ Phòng Tổ chức cán bộ" for r in records)
    assert all(r[3] == telegram_link("sotay_hg_bot", r[2]) for r in records)


async def test_pdf_sheet_is_written_when_members_wait(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    rows = await waiting_rows(uow, clock)
    path = tmp_path / "ma-moi.pdf"

    write_invite_sheet(rows, "sotay_hg_bot", path, "Mã mời tham gia Sổ tay — Chi bộ Phòng Tổ chức cán bộ")

    assert path.read_bytes().startswith(b"%PDF")


async def test_pdf_sheet_names_both_ways_and_keeps_the_qr_when_telegram_and_zalo_are_set(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    rows = await waiting_rows(uow, clock)
    path = tmp_path / "ma-moi.pdf"

    write_invite_sheet(rows, "sotay_hg_bot", path, "Mã mời", zalo_name="Sổ tay Hà Giang")

    text = pdf_text(path)
    assert "Telegram: quét mã QR hoặc gửi /start MÃ cho bot @sotay_hg_bot." in text
    assert "Zalo: tìm bot «Sổ tay Hà Giang» và gửi MÃ in trên phiếu." in text
    assert "Trên Zalo: tìm bot" not in text  # the card has its QR


async def test_csv_leaves_link_empty_when_bot_name_is_unknown(uow: UowFactory, clock: ManualClock) -> None:
    rows = await waiting_rows(uow, clock)

    text = invites_csv(rows, None).decode("utf-8-sig")

    records = list(csv.reader(io.StringIO(text)))[1:]
    assert len(records) == len(NAMES)
    assert all(r[2] and r[3] == "" for r in records)
    assert "t.me" not in text


def test_link_is_empty_when_bot_name_is_unknown() -> None:
    assert telegram_link(None, "ABCD2345") == ""
    assert telegram_link("", "ABCD2345") == ""
    assert telegram_link("sotay_hg_bot", "ABCD2345") == "https://t.me/sotay_hg_bot?start=ABCD2345"


async def test_invites_find_the_unit_when_its_code_is_typed_in_another_case(
    uow: UowFactory, clock: ManualClock
) -> None:
    async with uow() as u:
        cell = await make_unit(u.session, name="Chi bộ Ban Tổ chức Tỉnh ủy")
        cell.code = "HG-KHOI-BTCTU-CB01"
        await make_member(u.session, unit=cell, full_name="Đặng Thị Hoa")
        await u.commit()

    rows = await issue_invites(uow(), clock, unit_code="hg-khoi-btctu-cb01", ttl_days=7)
    name = await invite_unit_name(uow(), unit_code="Hg-Khoi-Btctu-Cb01")

    assert [r.full_name for r in rows] == ["Đặng Thị Hoa"]
    assert name == "Chi bộ Ban Tổ chức Tỉnh ủy"


async def test_invites_find_the_unit_when_given_its_name_without_diacritics(
    uow: UowFactory, clock: ManualClock
) -> None:
    async with uow() as u:
        cell = await make_unit(u.session, name="Chi bộ Khu vực Năm")
        await make_member(u.session, unit=cell, full_name="Phan Văn Bảy")
        await u.commit()

    rows = await issue_invites(uow(), clock, unit_code="chi bo khu vuc nam", ttl_days=7)

    assert [r.full_name for r in rows] == ["Phan Văn Bảy"]
    assert await invite_unit_name(uow(), unit_code="Chi bộ Khu vực Năm") == "Chi bộ Khu vực Năm"


async def test_invites_say_unit_not_found_when_nothing_matches(uow: UowFactory, clock: ManualClock) -> None:
    with pytest.raises(NotFound) as raised:
        await invite_unit_name(uow(), unit_code="KHONG-CO")

    assert raised.value.code == "unit_not_found"


async def test_pdf_sheet_shows_names_with_diacritics_when_extracted(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    rows = await waiting_rows(uow, clock)
    path = tmp_path / "ma-moi.pdf"

    write_invite_sheet(rows, None, path, "Mã mời tham gia Sổ tay — Chi bộ Phòng Tổ chức cán bộ")

    text = pdf_text(path)
    assert all(name in text for name in NAMES)
    assert all(row.code in text for row in rows)
    assert "Mã mời tham gia Sổ tay — Chi bộ Phòng Tổ chức cán bộ" in text
    assert "Lê Văn Đã Tham Gia" not in text


def test_pdf_sheet_says_so_when_nobody_waits(tmp_path: Path) -> None:
    path = tmp_path / "trong.pdf"

    write_invite_sheet([], None, path, "Mã mời tham gia Sổ tay — Chi bộ Khu vực 1")

    assert path.read_bytes().startswith(b"%PDF")


async def test_new_code_for_one_member_when_member_code_is_typed_in_lower_case(uow, clock):
    from core.invites.service import reissue_invite
    from tests.org_fixture import build_org

    org = await build_org(uow)
    row = await reissue_invite(uow(), clock, member_code=org.members[1].code.lower(), ttl_days=30)
    assert row.full_name == "Nguyễn Văn An"


async def test_invites_refuse_to_guess_when_two_units_share_a_name(uow, clock):
    from core.errors import InvalidInput
    from core.invites.service import issue_invites
    from tests.factories import make_unit

    async with uow() as u:
        first = await make_unit(u.session, name="Chi bộ Văn phòng")
        second = await make_unit(u.session, name="Chi bộ Văn phòng")
        await u.commit()
    try:
        await issue_invites(uow(), clock, unit_code="chi bo van phong", ttl_days=30)
    except InvalidInput as exc:
        assert exc.code == "unit_ambiguous"
        assert exc.params["codes"] == f"{first.code}, {second.code}"
    else:
        raise AssertionError("a unit was picked silently")
