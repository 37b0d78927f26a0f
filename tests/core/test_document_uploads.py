"""What a secretary sees when adding files: content checked, caption used, wording honest."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from core.documents.models import Document, StoredFile
from tests.chat_helpers import Person
from tests.document_samples import ole_file, party_docx, zip_with
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
