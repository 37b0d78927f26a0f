"""Importing units and members from CSV/XLSX files: all or nothing, idempotent, every error located."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from core.audit.models import AuditEntry
from core.clock import ManualClock
from core.db.uow import UowFactory
from core.imports import ImportFailed, ImportReport, import_files, write_templates
from core.members.models import Member
from core.org.models import Role, Unit

UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"]
MEMBER_HEADER = [
    "Mã đảng viên",
    "Họ và tên",
    "Mã đơn vị",
    "Trạng thái (chính thức/dự bị)",
    "Miễn sinh hoạt (có/không)",
    "Điện thoại",
    "Năm sinh",
    "Chức vụ",
]
UNITS = [  # children before parents on purpose
    ["VT-P1-KV1", "Chi bộ Khu vực 1", "Chi bộ trực thuộc", "VT-P1"],
    ["VT-P1", "Đảng bộ phường I", "Đảng bộ cơ sở", "VT"],
    ["VT", "Đảng bộ thành phố Vị Thanh", "huyện ủy", ""],
]
MEMBERS = [
    ["DV01", "Nguyễn Văn An", "VT-P1-KV1", "chính thức", "không", "0912345678", "1970", "Bí thư"],
    ["DV02", "Trần Thị Bình", "VT-P1-KV1", "Chính thức", "", "", "1985", "Phó Bí thư, Biên tập viên"],
    ["DV03", "Lê Văn Cường", "VT-P1-KV1", "dự bị", "không", "", "1999", ""],
    ["DV04", "Phạm Thị Dung", "VT-P1-KV1", "chinh thuc", "có", "", "1952", ""],
]


def write_csv(
    path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8-sig"
) -> Path:
    with path.open("w", encoding=encoding, errors="replace", newline="") as out:
        csv.writer(out, delimiter=delimiter).writerows(rows)
    return path


async def count(uow: UowFactory, model: type) -> int:
    async with uow() as u:
        return int(await u.session.scalar(select(func.count()).select_from(model)) or 0)


async def members_by_code(uow: UowFactory) -> dict[str, Member]:
    async with uow() as u:
        return {m.code: m for m in (await u.session.execute(select(Member))).scalars()}


async def units_by_code(uow: UowFactory) -> dict[str, Unit]:
    async with uow() as u:
        return {x.code: x for x in (await u.session.execute(select(Unit))).scalars()}


async def test_units_and_members_are_created_when_csv_is_valid(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    units = write_csv(tmp_path / "units.csv", [UNIT_HEADER, *UNITS], delimiter=";")
    members = write_csv(tmp_path / "members.csv", [MEMBER_HEADER, *MEMBERS])

    report = await import_files(uow, clock, [units, members])

    assert report == ImportReport(units_created=3, members_created=4, roles_added=3)
    stored = await units_by_code(uow)
    assert stored["VT"].kind == "cap_tren_co_so" and stored["VT"].parent_id is None
    assert stored["VT-P1-KV1"].path == f"/{stored['VT'].id}/{stored['VT-P1'].id}/{stored['VT-P1-KV1'].id}/"
    assert stored["VT-P1"].name_folded == "dang bo phuong i"
    people = await members_by_code(uow)
    assert (people["DV03"].status, people["DV04"].exempted, people["DV01"].phone) == (
        "du_bi",
        True,
        "0912345678",
    )
    assert people["DV02"].status == "chinh_thuc" and people["DV02"].exempted is False
    async with uow() as u:
        roles = {(m, r) for m, r in await u.session.execute(select(Role.member_id, Role.role))}
        audit = (
            await u.session.execute(select(AuditEntry).where(AuditEntry.action == "org.import"))
        ).scalar_one()
    assert roles == {
        (people["DV01"].id, "bi_thu"),
        (people["DV02"].id, "pho_bi_thu"),
        (people["DV02"].id, "bien_tap_vien"),
    }
    assert audit.details["members_created"] == 4


async def test_headers_match_when_written_without_diacritics_or_in_capitals(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    units = [["MA DON VI", "ten don vi", "LOẠI", "Ma  don vi  cap tren", "STT"], *[[*u, "1"] for u in UNITS]]
    members = [["ma dang vien", "HO VA TEN", "Ma don vi", "Trang thai", "Mien sinh hoat", "Nam sinh"]]
    members.append(["DV01", "Nguyễn Văn An", "VT-P1-KV1", "du bi", "khong", "1990"])
    path_units = write_csv(tmp_path / "u.csv", units)
    path_members = write_csv(tmp_path / "m.csv", members, encoding="utf-8")  # no BOM

    report = await import_files(uow, clock, [path_units, path_members])

    assert (report.units_created, report.members_created) == (3, 1)
    assert (await members_by_code(uow))["DV01"].status == "du_bi"


async def test_every_sheet_is_read_when_xlsx_holds_units_and_members(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    for row in [UNIT_HEADER, *UNITS]:
        sheet.append(row)
    people = book.create_sheet("Đảng viên")
    people.append(MEMBER_HEADER)
    people.append(["DV01", "Nguyễn Văn An", "VT-P1-KV1", "chính thức", "không", 912345678, 1970, "Bí thư"])
    people.append(["DV02", "Trần Thị Bình", "VT-P1-KV1", "dự bị", None, "0987654321", 1995.0, None])
    book.create_sheet("Trống")
    path = tmp_path / "danh-sach.xlsx"
    book.save(path)

    report = await import_files(uow, clock, [path])

    assert (report.units_created, report.members_created, report.roles_added) == (3, 2, 1)
    stored = await members_by_code(uow)
    assert (stored["DV01"].phone, stored["DV01"].birth_year) == ("0912345678", 1970)
    assert (stored["DV02"].phone, stored["DV02"].birth_year) == ("0987654321", 1995)


async def test_every_error_is_reported_and_nothing_written_when_rows_are_bad(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    units = write_csv(tmp_path / "units.csv", [UNIT_HEADER, *UNITS, ["X1", "Chi bộ X", "hội đồng", "VT"]])
    members = write_csv(
        tmp_path / "members.csv",
        [
            MEMBER_HEADER,
            MEMBERS[0],
            ["DV02", "", "VT-P1-KV1", "chính thức", "", "", "1985", ""],
            ["DV03", "Lê Văn Cường", "KHONG-CO", "tạm", "có", "abc", "1985", ""],
            ["DV04", "Phạm Thị Dung", "VT-P1-KV1", "", "", "", "1899", "Trưởng ban"],
            ["DV01", "Nguyễn Văn Trùng", "VT-P1-KV1", "", "", "", "", ""],
            ["DV05", "Võ Văn Em", "VT-P1-KV1", "", "", "", "19x5", ""],
        ],
    )

    with pytest.raises(ImportFailed) as failed:
        await import_files(uow, clock, [units, members])

    found = {(e.file, e.row_number, e.column) for e in failed.value.errors}
    assert found == {
        ("units.csv", 5, "Loại"),
        ("members.csv", 3, "Họ và tên"),
        ("members.csv", 4, "Mã đơn vị"),
        ("members.csv", 4, "Trạng thái (chính thức/dự bị)"),
        ("members.csv", 4, "Điện thoại"),
        ("members.csv", 5, "Năm sinh"),
        ("members.csv", 5, "Chức vụ"),
        ("members.csv", 6, "Mã đảng viên"),
        ("members.csv", 7, "Năm sinh"),
    }
    described = [e.describe() for e in failed.value.errors]
    assert "Dòng 7, cột «Năm sinh»: «19x5» không phải là năm hợp lệ" in described
    assert failed.value.code == "import_failed"
    assert (await count(uow, Unit), await count(uow, Member), await count(uow, AuditEntry)) == (0, 0, 0)


async def test_nothing_changes_when_the_same_files_are_imported_again(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    files = [
        write_csv(tmp_path / "units.csv", [UNIT_HEADER, *UNITS]),
        write_csv(tmp_path / "members.csv", [MEMBER_HEADER, *MEMBERS]),
    ]
    await import_files(uow, clock, files)
    before = {code: m.updated_at for code, m in (await members_by_code(uow)).items()}
    clock.advance(timedelta(days=1))

    report = await import_files(uow, clock, files)

    assert report == ImportReport(unchanged=7)
    assert {code: m.updated_at for code, m in (await members_by_code(uow)).items()} == before
    assert all(u.updated_at < clock.now() for u in (await units_by_code(uow)).values())
    assert await count(uow, Role) == 3


async def test_member_is_updated_and_others_kept_when_file_changes_one_member(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    await import_files(
        uow,
        clock,
        [
            write_csv(tmp_path / "units.csv", [UNIT_HEADER, *UNITS]),
            write_csv(tmp_path / "members.csv", [MEMBER_HEADER, *MEMBERS]),
        ],
    )
    clock.advance(timedelta(days=30))
    change = ["Mã đảng viên", "Họ và tên", "Mã đơn vị", "Trạng thái", "Chức vụ", "Chức vụ tại đơn vị"]
    update = write_csv(
        tmp_path / "update.csv",
        [change, ["DV03", "Lê Văn Cường", "VT-P1-KV1", "chính thức", "Bí thư", "VT-P1"]],
    )

    report = await import_files(uow, clock, [update])

    assert report == ImportReport(members_updated=1, roles_added=1)
    people = await members_by_code(uow)
    assert (people["DV03"].status, people["DV03"].updated_at) == ("chinh_thuc", clock.now())
    assert people["DV03"].birth_year == 1999  # column absent: kept
    assert set(people) == {"DV01", "DV02", "DV03", "DV04"}
    committee = (await units_by_code(uow))["VT-P1"]
    async with uow() as u:
        holder = await u.session.scalar(select(Role.member_id).where(Role.unit_id == committee.id))
    assert holder == people["DV03"].id


async def test_subtree_paths_follow_when_a_unit_moves(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    extra = ["KHOI", "Đảng bộ Khối", "Đảng ủy khối", ""]
    await import_files(uow, clock, [write_csv(tmp_path / "a.csv", [UNIT_HEADER, *UNITS, extra])])

    move = [UNIT_HEADER, ["VT-P1", "Đảng bộ phường I", "Đảng bộ cơ sở", "KHOI"]]
    report = await import_files(uow, clock, [write_csv(tmp_path / "b.csv", move)])

    assert report.units_updated == 1
    stored = await units_by_code(uow)
    assert stored["VT-P1-KV1"].path == f"/{stored['KHOI'].id}/{stored['VT-P1'].id}/{stored['VT-P1-KV1'].id}/"


async def test_loop_is_reported_when_units_are_their_own_ancestors(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    rows = [UNIT_HEADER, ["A", "Đơn vị A", "Đảng bộ cơ sở", "B"], ["B", "Đơn vị B", "Đảng bộ cơ sở", "A"]]

    with pytest.raises(ImportFailed) as failed:
        await import_files(uow, clock, [write_csv(tmp_path / "loop.csv", rows)])

    [error] = failed.value.errors
    assert (error.row_number, error.column) == (2, "Mã đơn vị cấp trên")
    assert "A → B → A" in error.message


async def test_error_is_reported_without_crash_when_text_has_broken_encoding(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    await import_files(uow, clock, [write_csv(tmp_path / "units.csv", [UNIT_HEADER, *UNITS])])
    header = ["Ma dang vien", "Ho va ten", "Ma don vi"]
    broken = write_csv(
        tmp_path / "members.csv", [header, ["DV01", "Nguyễn Văn Ẩn", "VT-P1-KV1"]], encoding="ascii"
    )  # what a tool that cannot write Vietnamese leaves: "Nguy?n V?n ?n"

    with pytest.raises(ImportFailed) as failed:
        await import_files(uow, clock, [broken])

    [error] = failed.value.errors
    assert (error.row_number, error.column) == (2, "Ho va ten")
    assert "Nguy?n" in error.message and "mã hóa" in error.message
    assert await count(uow, Member) == 0


async def test_headers_are_named_when_unknown_or_missing(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    rows = [["Mã đảng viên", "Họ và tên", "Quê quán"], ["DV01", "Nguyễn Văn An", "Vị Thanh"]]

    with pytest.raises(ImportFailed) as failed:
        await import_files(uow, clock, [write_csv(tmp_path / "m.csv", rows)])

    messages = [e.describe() for e in failed.value.errors]
    assert any("«Quê quán»" in m and m.startswith("Dòng 1") for m in messages)
    assert any("Thiếu cột bắt buộc «Mã đơn vị»" in m for m in messages)


async def test_file_is_reported_when_it_is_empty(uow: UowFactory, clock: ManualClock, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")

    with pytest.raises(ImportFailed) as failed:
        await import_files(uow, clock, [empty])

    [error] = failed.value.errors
    assert (error.file, error.row_number) == ("empty.csv", None)
    assert "trống" in error.message


async def test_members_may_join_stored_units_when_imported_later(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    await import_files(uow, clock, [write_csv(tmp_path / "units.csv", [UNIT_HEADER, *UNITS])])

    report = await import_files(uow, clock, [write_csv(tmp_path / "members.csv", [MEMBER_HEADER, *MEMBERS])])

    assert (report.members_created, report.units_created) == (4, 0)


async def test_templates_import_cleanly_when_written_by_write_templates(
    uow: UowFactory, clock: ManualClock, tmp_path: Path
) -> None:
    written = write_templates(tmp_path / "mau")
    units, members = (p for p in written if p.suffix == ".csv")

    report = await import_files(uow, clock, [units, members])

    assert report.units_created == 5 and report.members_created == 6
    assert units.read_bytes().startswith(b"\xef\xbb\xbf")
