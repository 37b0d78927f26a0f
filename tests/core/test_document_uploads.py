"""What a secretary sees when adding files: content checked, caption used, wording honest."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from core.conversation import engine
from core.conversation.screens import Inbound, InboundFile
from core.documents.models import Document, StoredFile
from scheduler.jobs import remove_unused_files
from tests.chat_helpers import Person
from tests.document_samples import ole_file, party_docx, party_pdf, resolution_pdf, zip_with
from tests.org_fixture import build_org

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


async def _count(ctx, model) -> int:
    async with ctx.uow() as u:
        return int(await u.session.scalar(select(func.count()).select_from(model)) or 0)


def _files_on_disk(ctx) -> list[str]:
    root = ctx.files.root
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("Nghi quyet 12.docx", zip_with("setup.exe"), "Word"),
        ("bang-diem.xlsx", zip_with("[Content_Types].xml", "word/document.xml"), "Excel"),
        ("bien ban.doc", OLE_HEADER + bytes(4088), "Word"),
        ("bien ban.doc", ole_file("Workbook"), "Word"),
        ("so-lieu.xls", ole_file("WordDocument"), "Excel"),
    ],
)
async def test_a_fake_office_file_is_refused_and_nothing_is_stored(ctx, name, data, kind):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file(name, data)
    assert f"không phải tệp {kind} thật" in secretary.text and "Chưa lưu gì" in secretary.text
    assert _files_on_disk(ctx) == [] and await _count(ctx, StoredFile) == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bien-ban.doc", ole_file("WordDocument", "1Table")),
        ("so-lieu.xls", ole_file("Workbook")),
        ("bang-diem.xlsx", _xlsx()),
        ("bao-cao.docx", party_docx()),
    ],
)
async def test_a_real_office_file_is_accepted(ctx, name, data):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file(name, data)
    assert "Chưa lưu gì" not in secretary.text and "Lưu" in secretary.text
    assert await _count(ctx, StoredFile) == 1 and await _count(ctx, Document) == 0


async def test_a_cancelled_upload_leaves_no_file_after_the_grace_period(ctx, clock):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("huy.docx", party_docx())
    await secretary.presses("Hủy")
    await secretary.sends_file("giu.pdf", party_pdf())
    await secretary.presses("Lưu")
    assert len(_files_on_disk(ctx)) == 2

    assert await remove_unused_files(ctx) == 0  # still within the grace period: «Lưu» may come
    clock.advance(timedelta(days=3))
    assert await remove_unused_files(ctx) == 1
    assert len(_files_on_disk(ctx)) == 1 and await _count(ctx, StoredFile) == 1
    await secretary.says("/tailieu 01-BC/BCĐ")
    await secretary.presses("01-BC/BCĐ")
    await secretary.presses("Nhận tệp")
    assert secretary.last[0].attachment is not None  # the saved document's file is still there


async def test_removing_the_number_drops_the_type_and_issuer_it_gave(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("22 QC TU.pdf", b"%PDF-1.4\n% so\n%%EOF\n")
    await secretary.says("Kế hoạch học tập")  # the title it asks for first
    assert "22-QC/TU" in secretary.text and "Tỉnh ủy" in secretary.text
    await secretary.presses("Sửa số")
    await secretary.says("bỏ")
    assert "Số: không có số" in secretary.text and "Tỉnh ủy" not in secretary.text
    assert "Loại: Kế hoạch" in secretary.text  # read again from the title
    await secretary.presses("Lưu")
    async with ctx.uow() as u:
        doc = await u.session.scalar(select(Document))
    assert (doc.number, doc.type_code, doc.issuer) == (None, "KH", None)


async def _sends_with_caption(person: Person, name: str, data: bytes, caption: str) -> None:
    async def fetch() -> bytes:
        return data

    file = InboundFile(f"file-{name}", name, None, len(data), fetch)
    person.last = await engine.handle(
        person.ctx,
        Inbound(channel="telegram", user_id=person.user_id, chat_id=person.user_id, text=caption, file=file),
    )


async def test_the_caption_is_the_proposed_title_and_number(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    photo = b"\xff\xd8\xff\xe0" + bytes(64)
    await _sends_with_caption(secretary, "anh-AgAD00017.jpg", photo, "Thông báo lịch sinh hoạt tháng 12")
    assert "Tiêu đề: Thông báo lịch sinh hoạt tháng 12" in secretary.text and "Anh AgAD" not in secretary.text
    assert "Loại: Thông báo" in secretary.text
    await _sends_with_caption(secretary, "x.docx", party_docx(), "")  # busy: the photo waits for «Lưu»
    await secretary.presses("Hủy")
    await _sends_with_caption(secretary, "bao-cao.docx", party_docx(), "Số 05-KH/ĐU Kế hoạch tuyên truyền")
    assert "Tiêu đề: Kế hoạch tuyên truyền" in secretary.text and "Số: 05-KH/ĐU" in secretary.text


async def test_a_file_name_with_markup_gives_a_clean_title(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("B> thong bao hop <b>chi bo.pdf", b"%PDF-1.4\n% tb\n%%EOF\n")
    assert "Tiêu đề: Thong bao hop chi bo" in secretary.text


async def test_the_partys_own_date_form_is_accepted_when_typed(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("bao-cao.docx", party_docx())
    await secretary.presses("Sửa ngày")
    await secretary.says("ngày 3 tháng 4 năm 2024")
    assert "Ngày ban hành: 03/04/2024" in secretary.text
    await secretary.presses("Sửa ngày")
    await secretary.says("Ngay 5 thang 4 nam 2024")
    assert "Ngày ban hành: 05/04/2024" in secretary.text


async def test_a_title_in_capitals_is_proposed_with_its_names_and_numeral_and_without_the_body(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("nghi-quyet.pdf", resolution_pdf())
    title = "Nghị quyết Đại hội Đảng bộ Ban Tổ chức Tỉnh ủy lần thứ X, nhiệm kỳ 2025 - 2030"
    assert f"Tiêu đề: {title}\n" in secretary.text
    assert "đã thảo luận" not in secretary.text and "quyết nghị" not in secretary.text.lower()
