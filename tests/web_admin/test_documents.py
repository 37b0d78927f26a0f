"""The document pages of the admin web, and the public page behind a signed link."""

from __future__ import annotations

import functools
import html
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from docx import Document as DocxDocument
from fastapi import FastAPI
from sqlalchemy import func, select

from core.accounts.service import create_admin
from core.audit.models import AuditEntry
from core.clock import ManualClock
from core.context import Context
from core.documents import forwarding, library, links, rules
from core.documents.library import DocumentDraft
from core.documents.models import Document, DocumentRead, StoredFile
from core.members.repository import MemberRepository
from tests.org_fixture import Org, build_org
from web_admin.app import create_app

PASSWORD = "mat-khau-du-dai"
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
INPUT_RE = re.compile(
    r'<input type="hidden" name="([^"]+)" value="([^"]*)"|<input id="[^"]+" name="([^"]+)" value="([^"]*)"'
)
SUMMARY_RE = re.compile(r'<textarea id="summary" name="summary"[^>]*>(.*?)</textarea>', re.DOTALL)
FILE_NAME = "Báo cáo sơ kết thí điểm.docx"
TITLE = "Báo cáo sơ kết 05 tháng sử dụng thí điểm Sổ tay đảng viên điện tử"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@functools.cache  # Word files carry the time they were written: build the bytes once
def report_docx() -> bytes:
    """A Party report: the header in a two-column table, then the type line and the subject."""
    document = DocxDocument()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text = "BAN CHỈ ĐẠO 1929"
    left.add_paragraph("Số 01-BC/BCĐ")
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Vị Thanh, ngày 15 tháng 6 năm 2024")
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Sơ kết 05 tháng sử dụng thí điểm Sổ tay đảng viên điện tử")
    document.add_paragraph("Căn cứ Kế hoạch số 22-KH/BCĐ, Ban Chỉ đạo báo cáo như sau:")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
async def org(ctx: Context) -> Org:
    return await build_org(ctx.uow, join=False)


@pytest.fixture
async def app(ctx: Context, org: Org) -> FastAPI:
    """The secretary of «Chi bộ Khu vực 1» uses the admin web with an account linked to her member row."""
    await create_admin(
        ctx.uow(), ctx.clock, username="bi.thu", password=PASSWORD, member_id=org.secretary.id, is_admin=False
    )
    return create_app(ctx, secret_key="khoa-bi-mat-cho-kiem-thu")


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        token = await _token(http, "/login")
        form = {"username": "bi.thu", "password": PASSWORD, "csrf_token": token, "next": "/documents"}
        assert (await http.post("/login", data=form)).status_code == 303
        yield http


@pytest.fixture
async def phone(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A member's phone: never logged in to the admin web."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http


async def _token(http: httpx.AsyncClient, path: str = "/documents") -> str:
    found = TOKEN_RE.search((await http.get(path)).text)
    assert found
    return found.group(1)


async def _upload(
    http: httpx.AsyncClient, org: Org, data: bytes, name: str = FILE_NAME, mime: str = DOCX_TYPE
) -> httpx.Response:
    form = {"csrf_token": await _token(http, "/documents/new"), "unit_id": str(org.cell.id)}
    return await http.post("/documents/new", data=form, files={"file": (name, data, mime)})


def _form_values(page: str) -> dict[str, str]:
    values = {}
    for hidden_name, hidden_value, name, value in INPUT_RE.findall(page):
        values[hidden_name or name] = html.unescape(hidden_value or value)
    summary = SUMMARY_RE.search(page)
    values["summary"] = html.unescape(summary.group(1)) if summary else ""
    return values


async def _add(http: httpx.AsyncClient, org: Org, summary: str = "Kết quả 5 tháng thí điểm.") -> int:
    proposal = await _upload(http, org, report_docx())
    response = await http.post("/documents/confirm", data={**_form_values(proposal.text), "summary": summary})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _files_on_disk(ctx: Context) -> list[Path]:
    assert ctx.files is not None
    return [p for p in ctx.files.root.rglob("*") if p.is_file()] if ctx.files.root.exists() else []


async def _count(ctx: Context, model: type[StoredFile] | type[Document]) -> int:
    async with ctx.uow() as uow:
        return await uow.session.scalar(select(func.count()).select_from(model)) or 0


async def _refusals(ctx: Context) -> list[AuditEntry]:
    async with ctx.uow() as uow:
        rows = await uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "access.refused"))
        return list(rows.all())


async def test_uploaded_docx_is_proposed_then_confirmed_shown_and_downloaded(
    client: httpx.AsyncClient, org: Org
) -> None:
    proposal = await _upload(client, org, report_docx())

    assert proposal.status_code == 200
    proposed = _form_values(proposal.text)
    assert proposed["number"] == "01-BC/BCĐ"
    assert proposed["issued"] == "15/06/2024"
    assert proposed["title"] == TITLE
    assert "Chi bộ Khu vực 1" in proposal.text

    document_id = await _add(client, org)
    detail = await client.get(f"/documents/{document_id}")
    download = await client.get(f"/documents/{document_id}/file")

    assert detail.status_code == 200
    for text in (TITLE, "01-BC/BCĐ", "15/06/2024", "Ban Chỉ đạo", "Kết quả 5 tháng thí điểm.", FILE_NAME):
        assert text in detail.text, text
    assert download.status_code == 200
    assert download.content == report_docx()
    assert download.headers["content-type"] == DOCX_TYPE
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20s%C6%A1%20k%E1%BA%BFt" in disposition
    listing = await client.get("/documents")
    assert f'<a href="/documents/{document_id}">{TITLE}</a>' in listing.text
    assert "15/06/2024" in listing.text


async def test_same_file_again_links_to_the_document_already_there(
    client: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    document_id = await _add(client, org)

    again = await _upload(client, org, report_docx(), name="ban-sao.docx")

    assert again.status_code == 200
    assert "Tệp này đã có trong thư viện" in again.text
    assert f'href="/documents/{document_id}"' in again.text
    assert 'action="/documents/confirm"' not in again.text
    assert len(_files_on_disk(ctx)) == 1
    assert await _count(ctx, Document) == 1


async def test_renamed_program_is_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)

    response = await _upload(client, org, program, name="nghi-quyet.pdf", mime="application/pdf")

    assert response.status_code == 400
    assert "Nội dung tệp «nghi-quyet.pdf» không đúng với đuôi tên tệp" in response.text
    assert _files_on_disk(ctx) == []
    assert "ảnh (JPG, PNG, WEBP, HEIC)" in (await client.get("/documents/new")).text  # every kind accepted
    assert await _count(ctx, StoredFile) == 0


async def test_file_over_50_mb_is_refused_with_413_and_nothing_is_stored(
    client: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    too_big = b"%PDF-" + bytes(rules.MAX_BYTES)

    response = await _upload(client, org, too_big, name="ky-yeu.pdf", mime="application/pdf")

    assert response.status_code == 413
    assert "vượt giới hạn 50 MB. Chưa lưu gì." in response.text
    assert _files_on_disk(ctx) == []
    assert await _count(ctx, StoredFile) == 0


async def test_wrong_values_are_explained_and_kept_when_confirming(
    client: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    proposed = _form_values((await _upload(client, org, report_docx())).text)

    cases = (
        ({"number": "abc"}, "«abc» chưa đúng dạng số văn bản"),
        ({"issued": "31/4/2024"}, "«31/4/2024» chưa đúng ngày"),
        ({"title": "  "}, "Tài liệu cần có tiêu đề."),
    )
    for change, message in cases:
        response = await client.post("/documents/confirm", data={**proposed, **change})

        assert response.status_code == 400, change
        assert message in response.text, change
        kept = _form_values(response.text)
        assert all(kept[key] == value for key, value in change.items()), change
    assert await _count(ctx, Document) == 0


async def test_details_are_corrected_when_the_edit_form_is_sent(client: httpx.AsyncClient, org: Org) -> None:
    document_id = await _add(client, org)
    form = {
        "csrf_token": await _token(client),
        "title": "Báo cáo <sơ kết> đã sửa",
        "number": "2 BC BCĐ",
        "issued": "1/7/2024",
        "summary": "Tóm tắt mới",
    }

    saved = await client.post(f"/documents/{document_id}", data=form)
    wrong = await client.post(f"/documents/{document_id}", data={**form, "issued": "30/2/2024"})

    assert saved.status_code == 303
    detail = await client.get(saved.headers["location"])
    for text in (
        "Đã lưu thông tin mới.",
        "Báo cáo &lt;sơ kết&gt; đã sửa",
        "2-BC/BCĐ",
        "01/07/2024",
        "Tóm tắt mới",
    ):
        assert text in detail.text, text
    assert wrong.status_code == 400
    assert "«30/2/2024» chưa đúng ngày" in wrong.text
    assert 'value="30/2/2024"' in wrong.text


async def test_search_finds_documents_with_or_without_diacritics_and_by_number(
    client: httpx.AsyncClient, org: Org
) -> None:
    document_id = await _add(client, org)
    link = f'<a href="/documents/{document_id}">'

    for query in ("sổ tay điện tử", "so tay dien tu", "SO KET", "1-bc/bcd", "01 BC BCĐ"):
        page = await client.get("/documents", params={"q": query})
        assert page.status_code == 200, query
        assert link in page.text, query
        assert "1 tài liệu" in page.text, query
    missing = await client.get("/documents", params={"q": "nghị quyết đại hội"})
    assert link not in missing.text
    assert "Không tìm thấy tài liệu nào khớp với «nghị quyết đại hội»" in missing.text
    number = await client.get("/documents", params={"q": "22-QC/TU"})
    assert "Không tìm thấy tài liệu nào có số «22-QC/TU»" in number.text
    assert "gõ số văn bản" not in number.text  # what was typed is a number already
    for piece in ("a", "<b>x</b>", "ai so ket"):  # pieces of words («thí điểm», «ban») match nothing
        assert link not in (await client.get("/documents", params={"q": piece})).text, piece


async def test_document_of_another_cell_is_not_found_when_the_secretary_asks(
    client: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    async with ctx.uow() as uow:
        committee = await MemberRepository(uow.session).ref(org.committee_secretary.id)
    assert committee is not None
    upload = await library.receive_file(ctx, actor=committee, file_name="kh.docx", data=report_docx())
    draft = DocumentDraft(sha256=upload.draft.sha256, file_name="kh.docx", title="Kế hoạch của chi bộ 2")
    other = await library.add_document(ctx, actor=committee, draft=draft, unit_id=org.other_cell.id)

    for path in (f"/documents/{other.id}", f"/documents/{other.id}/file"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "Không tìm thấy tài liệu này." in response.text, path
    assert "Kế hoạch của chi bộ 2" not in (await client.get("/documents")).text


async def test_member_opens_a_signed_link_without_logging_in(
    client: httpx.AsyncClient, phone: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    document_id = await _add(client, org)
    reader = org.members[1]
    token = links.document_token(ctx, member_id=reader.id, document_id=document_id)

    page = await phone.get(f"/d/{token}")
    download = await phone.get(f"/d/{token}/file")

    assert page.status_code == 200
    for text in (TITLE, "Số: 01-BC/BCĐ", "Loại: Báo cáo", "Ban hành: Ban Chỉ đạo, ngày 15/06/2024"):
        assert text in page.text, text
    assert "Kết quả 5 tháng thí điểm." in page.text
    assert f'href="/d/{token}/file"' in page.text
    assert "Tải tệp (Word, " in page.text
    assert "Đăng xuất" not in page.text and 'href="/units"' not in page.text
    assert "set-cookie" not in page.headers
    assert download.status_code == 200
    assert download.content == report_docx()
    async with ctx.uow() as uow:
        read = await uow.session.scalar(select(DocumentRead).where(DocumentRead.member_id == reader.id))
    assert read is not None and read.document_id == document_id


async def test_signed_link_is_refused_in_vietnamese_when_expired(
    client: httpx.AsyncClient, phone: httpx.AsyncClient, ctx: Context, clock: ManualClock, org: Org
) -> None:
    document_id = await _add(client, org)
    token = links.document_token(ctx, member_id=org.members[1].id, document_id=document_id)

    clock.advance(links.LINK_TTL + timedelta(minutes=1))
    page = await phone.get(f"/d/{token}")
    download = await phone.get(f"/d/{token}/file")

    assert page.status_code == download.status_code == 410
    assert "Liên kết đã hết hạn" in page.text
    assert TITLE not in page.text


async def test_tampered_link_is_not_found_and_logged(
    client: httpx.AsyncClient, phone: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    document_id = await _add(client, org)
    token = links.document_token(ctx, member_id=org.members[1].id, document_id=document_id)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    page = await phone.get(f"/d/{tampered}")

    assert page.status_code == 404
    assert "Không tìm thấy tài liệu" in page.text
    assert TITLE not in page.text
    assert [entry.actor for entry in await _refusals(ctx)] == ["link"]


async def test_link_for_a_member_of_another_cell_is_not_found_and_logged(
    client: httpx.AsyncClient, phone: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    document_id = await _add(client, org)
    outsider = org.other_members[1]
    token = links.document_token(ctx, member_id=outsider.id, document_id=document_id)

    page = await phone.get(f"/d/{token}")
    download = await phone.get(f"/d/{token}/file")

    assert page.status_code == download.status_code == 404
    assert "Không tìm thấy tài liệu" in page.text
    assert TITLE not in page.text and download.content != report_docx()
    refusals = await _refusals(ctx)
    assert [(r.actor, r.target_id) for r in refusals] == [(f"member:{outsider.id}", document_id)] * 2
    async with ctx.uow() as uow:
        assert (
            await uow.session.scalar(select(DocumentRead).where(DocumentRead.member_id == outsider.id))
            is None
        )


async def test_link_page_says_where_a_forwarded_document_came_from(
    phone: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    async with ctx.uow() as uow:
        committee = await MemberRepository(uow.session).ref(org.committee_secretary.id)
    assert committee is not None
    upload = await library.receive_file(ctx, actor=committee, file_name="hd.docx", data=report_docx())
    draft = DocumentDraft(sha256=upload.draft.sha256, file_name="hd.docx", title="Hướng dẫn sinh hoạt chi bộ")
    doc = await library.add_document(
        ctx, actor=committee, draft=draft, unit_id=org.party_committee.id, in_library=False
    )
    await forwarding.forward_document(
        ctx, actor=committee, document_id=doc.id, unit_ids=[org.other_cell.id], to="library"
    )
    token = links.document_token(ctx, member_id=org.other_members[1].id, document_id=doc.id)

    page = await phone.get(f"/d/{token}")

    assert page.status_code == 200
    assert "Hướng dẫn sinh hoạt chi bộ" in page.text
    assert "↪️ Tài liệu của Đảng bộ phường I, chuyển xuống chi bộ" in page.text
    assert "Đơn vị: Đảng bộ phường I" not in page.text  # the same unit is named once
    assert "Chưa có tóm tắt." in page.text


async def test_an_administrator_without_a_member_row_adds_to_the_root_and_reads_nothing(
    ctx: Context, app: FastAPI, org: Org
) -> None:
    await create_admin(ctx.uow(), ctx.clock, username="quan.tri", password=PASSWORD, is_admin=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        token = await _token(http, "/login")
        form = {"username": "quan.tri", "password": PASSWORD, "csrf_token": token, "next": "/documents"}
        assert (await http.post("/login", data=form)).status_code == 303
        page = await http.get("/documents/new")
        assert page.status_code == 200 and org.province.name in page.text
        form = {"csrf_token": await _token(http, "/documents/new"), "unit_id": str(org.province.id)}
        proposal = await http.post(
            "/documents/new", data=form, files={"file": (FILE_NAME, report_docx(), DOCX_TYPE)}
        )
        added = await http.post("/documents/confirm", data=_form_values(proposal.text))
        assert added.status_code == 303, added.text
        detail = await http.get(added.headers["location"])
        assert "01-BC/BCĐ" in detail.text and 'name="title"' in detail.text  # may correct it
        assert (await http.get(added.headers["location"] + "/file")).content == report_docx()
    async with ctx.uow() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(DocumentRead)) == 0


async def test_the_edit_form_is_shown_only_to_who_may_correct(
    client: httpx.AsyncClient, ctx: Context, org: Org
) -> None:
    async with ctx.uow() as uow:
        committee = await MemberRepository(uow.session).ref(org.committee_secretary.id)
    assert committee is not None
    upload = await library.receive_file(ctx, actor=committee, file_name="kh.pdf", data=b"%PDF-1.4 ke hoach")
    draft = DocumentDraft(upload.draft.sha256, "kh.pdf", title="Kế hoạch của Đảng ủy", number="05-KH/ĐU")
    view = await library.add_document(ctx, actor=committee, draft=draft, unit_id=org.party_committee.id)
    page = await client.get(f"/documents/{view.id}")
    assert page.status_code == 200 and "Kế hoạch của Đảng ủy" in page.text and 'name="title"' not in page.text


async def test_a_file_another_cell_holds_is_placed_in_the_chosen_units_library(
    ctx: Context, app: FastAPI, org: Org
) -> None:
    await create_admin(
        ctx.uow(), ctx.clock, username="dang.uy", password=PASSWORD, member_id=org.committee_secretary.id
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        token = await _token(http, "/login")
        form = {"username": "dang.uy", "password": PASSWORD, "csrf_token": token, "next": "/documents"}
        assert (await http.post("/login", data=form)).status_code == 303
        document_id = await _add(http, org)  # into «Chi bộ Khu vực 1»
        form = {"csrf_token": await _token(http, "/documents/new"), "unit_id": str(org.other_cell.id)}
        files = {"file": ("x.docx", report_docx(), DOCX_TYPE)}
        again = await http.post("/documents/new", data=form, files=files)

    assert again.status_code == 200
    assert f"Đã đưa tài liệu đó vào thư viện của {org.other_cell.name}" in html.unescape(again.text)
    assert f'href="/documents/{document_id}"' in again.text
    assert await _count(ctx, Document) == 1 and len(_files_on_disk(ctx)) == 1
    async with ctx.uow() as uow:
        member = await MemberRepository(uow.session).ref(org.other_members[1].id)
    assert member is not None
    seen = await library.open_document(ctx, member=member, document_id=document_id, via="summary")
    assert seen.source == "Chi bộ Khu vực 1"
