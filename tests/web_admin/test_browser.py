"""The key admin-web pages in a real browser (headless Chromium): what a secretary and a member's phone see.

Chromium comes from the system (Debian's `chromium`, or `SOTAY_CHROMIUM`). Without it these tests are
skipped locally; CI installs it and sets `SOTAY_REQUIRE_BROWSER=1`, which turns a missing browser
into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from core.accounts.service import create_admin
from core.context import Context
from core.documents import library, links
from core.documents.library import DocumentDraft
from core.members.repository import MemberRepository
from tests.e2e.webserver import serving
from tests.org_fixture import Org, build_org
from tests.web_admin.test_documents import FILE_NAME, PASSWORD, TITLE, report_docx


def _chromium() -> str:
    path = os.environ.get("SOTAY_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("SOTAY_REQUIRE_BROWSER") == "1":
        pytest.fail("SOTAY_REQUIRE_BROWSER=1 but no Chromium was found (install Debian's chromium)")
    pytest.skip("no Chromium on this machine (CI installs Debian's chromium)")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    executable = _chromium()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def org(ctx: Context) -> Org:
    return await build_org(ctx.uow, join=False)


@pytest.fixture
async def site(ctx: Context, org: Org) -> AsyncIterator[str]:
    await create_admin(
        ctx.uow(), ctx.clock, username="bi.thu", password=PASSWORD, member_id=org.secretary.id, is_admin=False
    )
    async with serving(ctx, secret_key="khoa-bi-mat-cho-kiem-thu") as url:
        yield url


async def _no_sideways_scroll(page: Page) -> bool:
    return bool(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


async def test_secretary_logs_in_uploads_a_report_and_confirms_the_proposed_details(
    browser: Browser, site: str
) -> None:
    page = await browser.new_page()
    await page.goto(f"{site}/documents")

    await page.get_by_label("Tên đăng nhập").fill("bi.thu")
    await page.get_by_label("Mật khẩu").fill(PASSWORD)
    await page.get_by_role("button", name="Đăng nhập").click()
    await page.get_by_role("link", name="Thêm tài liệu").click()
    await page.get_by_label("Tệp tài liệu").set_input_files(
        files=[
            {
                "name": FILE_NAME,
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": report_docx(),
            }
        ]
    )
    await page.get_by_role("button", name="Tải lên").click()

    assert await page.get_by_label("Số văn bản").input_value() == "01-BC/BCĐ"
    assert await page.get_by_label("Ngày ban hành").input_value() == "15/06/2024"
    assert await page.get_by_label("Tiêu đề").input_value() == TITLE
    await page.get_by_label("Tóm tắt").fill("Kết quả 5 tháng thí điểm <b>ở 74 chi bộ</b>.")
    await page.get_by_role("button", name="Lưu").click()

    await page.wait_for_url("**/documents/*")
    body = await page.locator("main").inner_text()
    assert TITLE in body and "01-BC/BCĐ" in body
    assert "Kết quả 5 tháng thí điểm <b>ở 74 chi bộ</b>." in body  # shown as typed, not as markup


async def test_member_reads_a_signed_link_on_a_phone_without_logging_in(
    browser: Browser, site: str, ctx: Context, org: Org
) -> None:
    reader = org.members[1]
    async with ctx.uow() as uow:
        secretary = await MemberRepository(uow.session).ref(org.secretary.id)
    assert secretary is not None
    upload = await library.receive_file(ctx, actor=secretary, file_name="nq-05.docx", data=report_docx())
    draft = DocumentDraft(
        sha256=upload.draft.sha256,
        file_name="nq-05.docx",
        title="Nghị quyết chuyên đề về chuyển đổi số trong sinh hoạt chi bộ năm 2026",
        number="05-NQ/CB",
        summary="Mỗi đảng viên dùng Sổ tay trên Zalo hoặc Telegram; Bí thư gửi tài liệu trước kỳ họp.",
    )
    doc = await library.add_document(ctx, actor=secretary, draft=draft, unit_id=org.cell.id)
    token = links.document_token(ctx, member_id=reader.id, document_id=doc.id)
    phone = await browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)

    await phone.goto(f"{site}/d/{token}")

    heading = phone.get_by_role("heading", level=1)
    assert await heading.inner_text() == draft.title
    assert await heading.is_visible()
    assert await _no_sideways_scroll(phone)
    assert "Mỗi đảng viên dùng Sổ tay" in await phone.locator("main").inner_text()
    async with phone.expect_download() as download_info:
        await phone.get_by_role("link", name="Tải tệp").click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".docx")
    assert Path(await download.path()).read_bytes() == report_docx()  # noqa: ASYNC240 -- a small file in a test
