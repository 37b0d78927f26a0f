from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession

from core.accounts.service import create_admin
from core.clock import ManualClock
from core.context import Context
from core.db.engine import make_engine, make_session_factory
from core.db.uow import UowFactory
from core.stores import MemoryStore
from tests.factories import make_account, make_meeting, make_member, make_role, make_rsvp, make_unit
from web_admin.app import create_app

PASSWORD = "mat-khau-du-dai"
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def ctx(uow: UowFactory, clock: ManualClock) -> Context:
    return Context(uow=uow, clock=clock, store=MemoryStore())


@pytest.fixture
async def client(ctx: Context) -> AsyncIterator[httpx.AsyncClient]:
    await create_admin(ctx.uow(), ctx.clock, username="thu.ky", password=PASSWORD)
    app = create_app(ctx, secret_key="khoa-bi-mat-cho-kiem-thu")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def _token(client: httpx.AsyncClient, path: str = "/login") -> str:
    page = await client.get(path)
    found = TOKEN_RE.search(page.text)
    assert found, page.text
    return found.group(1)


async def _login(client: httpx.AsyncClient, password: str = PASSWORD) -> httpx.Response:
    token = await _token(client)
    form = {"username": "thu.ky", "password": password, "csrf_token": token, "next": "/units"}
    return await client.post("/login", data=form)


async def _seed(session: AsyncSession, clock: ManualClock) -> dict[str, int]:
    top = await make_unit(session, name="Đảng bộ phường Vị Tân", kind="dang_bo_co_so")
    cell = await make_unit(session, name="Chi bộ Khu vực 1", kind="chi_bo_truc_thuoc", parent=top)
    secretary = await make_member(session, unit=cell, full_name="Trần Thị Bí")
    joined = await make_member(session, unit=cell, full_name="Lê Văn Đến")
    await make_member(session, unit=cell, full_name="Phạm Văn Chưa", status="du_bi")
    await make_role(session, member=secretary, unit=cell, role="bi_thu")
    await make_account(session, member=joined, channel="zalo")
    meeting = await make_meeting(session, unit=cell, starts_at=clock.now() + timedelta(days=2))
    await make_rsvp(session, meeting=meeting, member=joined, answer="attend")
    await make_rsvp(session, meeting=meeting, member=secretary, answer="absent", reason="Đi công tác")
    return {"top": top.id, "cell": cell.id, "meeting": meeting.id}


async def test_login_redirects_to_units_when_password_is_right(client: httpx.AsyncClient) -> None:
    response = await _login(client)

    assert response.status_code == 303
    assert response.headers["location"] == "/units"
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and "sotay_session" in v)
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    page = await client.get("/units")
    assert page.status_code == 200
    assert "Cây tổ chức" in page.text


async def test_login_shows_vietnamese_error_when_password_is_wrong(client: httpx.AsyncClient) -> None:
    response = await _login(client, password="sai-mat-khau")

    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text
    assert (await client.get("/units")).status_code == 303


async def test_login_is_refused_when_too_many_failures_came_before(client: httpx.AsyncClient) -> None:
    for _ in range(5):
        await _login(client, password="sai-mat-khau")

    response = await _login(client)

    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.text


async def test_post_is_refused_when_csrf_token_is_missing(client: httpx.AsyncClient) -> None:
    await client.get("/login")

    response = await client.post("/login", data={"username": "thu.ky", "password": PASSWORD})

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn hoặc không hợp lệ" in response.text
    assert "sotay_session=" not in response.headers.get("location", "")


async def test_logout_is_refused_when_csrf_token_is_wrong(client: httpx.AsyncClient) -> None:
    await _login(client)

    refused = await client.post("/logout", data={"csrf_token": "gia-mao"})
    assert refused.status_code == 403
    assert (await client.get("/units")).status_code == 200

    logged_out = await client.post("/logout", data={"csrf_token": await _token(client, "/units")})
    assert logged_out.status_code == 303
    assert (await client.get("/units")).headers["location"].startswith("/login")


async def test_pages_redirect_to_login_when_not_logged_in(client: httpx.AsyncClient) -> None:
    for path in ("/", "/units", "/units/1", "/meetings", "/meetings/1"):
        response = await client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login"), path


async def test_units_page_counts_join_when_one_member_has_chat_account(
    client: httpx.AsyncClient, ctx: Context, clock: ManualClock
) -> None:
    async with ctx.uow() as uow:
        await _seed(uow.session, clock)
        await uow.commit()
    await _login(client)

    page = await client.get("/units")

    assert page.status_code == 200
    assert "Đảng bộ phường Vị Tân" in page.text
    assert "Chi bộ trực thuộc" in page.text
    assert page.text.count("1 / 3") == 2  # the cell, and the đảng bộ counting its cell
    assert "33,3%" in page.text


async def test_unit_page_lists_members_in_vietnamese_when_unit_exists(
    client: httpx.AsyncClient, ctx: Context, clock: ManualClock
) -> None:
    async with ctx.uow() as uow:
        ids = await _seed(uow.session, clock)
        await uow.commit()
    await _login(client)

    page = await client.get(f"/units/{ids['cell']}")

    assert page.status_code == 200
    for text in (
        "Trần Thị Bí",
        "Bí thư",
        "Zalo",
        "chưa tham gia",
        "Dự bị",
        "Chính thức",
        "Đảng bộ phường Vị Tân",
    ):
        assert text in page.text, text


async def test_meeting_pages_show_answers_when_members_replied(
    client: httpx.AsyncClient, ctx: Context, clock: ManualClock
) -> None:
    async with ctx.uow() as uow:
        ids = await _seed(uow.session, clock)
        await uow.commit()
    await _login(client)

    overview = await client.get("/meetings")
    detail = await client.get(f"/meetings/{ids['meeting']}")

    assert overview.status_code == 200
    assert "Sinh hoạt định kỳ" in overview.text
    assert "12/06/2026 08:00" in overview.text
    assert detail.status_code == 200
    for text in (
        "Tham dự",
        "Vắng: Đi công tác",
        "Chưa trả lời",
        "Hội trường Đảng ủy",
        "1. Kiểm điểm tháng trước",
    ):
        assert text in detail.text, text


async def test_unknown_ids_show_vietnamese_404_when_logged_in(client: httpx.AsyncClient) -> None:
    await _login(client)

    unit = await client.get("/units/99999")
    meeting = await client.get("/meetings/99999999999")
    nowhere = await client.get("/khong-co")

    assert unit.status_code == meeting.status_code == nowhere.status_code == 404
    assert "Không tìm thấy đơn vị này." in unit.text
    assert "Không tìm thấy cuộc họp này." in meeting.text
    assert "Không tìm thấy trang" in nowhere.text


async def test_user_text_is_escaped_when_rendered(
    client: httpx.AsyncClient, ctx: Context, clock: ManualClock
) -> None:
    async with ctx.uow() as uow:
        await make_unit(uow.session, name="<script>alert(1)</script>")
        await uow.commit()
    await _login(client)

    page = await client.get("/units")

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


async def test_healthz_reports_ok_when_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_healthz_reports_503_when_database_is_unreachable(tmp_path: Path, clock: ManualClock) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'khong-co' / 'sotay.db'}")
    broken = Context(uow=UowFactory(make_session_factory(engine)), clock=clock, store=MemoryStore())
    transport = httpx.ASGITransport(app=create_app(broken, secret_key="khoa"))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/healthz")
    await engine.dispose()

    assert response.status_code == 503


async def test_extra_router_accepts_post_when_it_carries_no_csrf_token(ctx: Context) -> None:
    webhooks = APIRouter()

    @webhooks.post("/webhook/telegram")
    async def on_update() -> dict[str, bool]:
        return {"ok": True}

    transport = httpx.ASGITransport(app=create_app(ctx, secret_key="khoa", extra_routers=[webhooks]))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.post("/webhook/telegram", json={"update_id": 1})

    assert response.status_code == 200
    assert response.json() == {"ok": True}


async def test_unit_codes_are_shown_when_admin_lists_units(client: httpx.AsyncClient, ctx: Context) -> None:
    async with ctx.uow() as uow:
        cell = await make_unit(uow.session, name="Chi bộ Khu vực 2")
        code = cell.code
        await uow.commit()
    await _login(client)

    page = await client.get("/units")

    assert f"<code>{code}</code>" in page.text
    assert "Mã đơn vị" in page.text


async def test_unit_and_member_codes_are_shown_when_admin_opens_a_unit(
    client: httpx.AsyncClient, ctx: Context
) -> None:
    async with ctx.uow() as uow:
        cell = await make_unit(uow.session, name="Chi bộ Khu vực 3")
        member = await make_member(uow.session, unit=cell, full_name="Võ Thị Mã")
        unit_id, unit_code, member_code = cell.id, cell.code, member.code
        await uow.commit()
    await _login(client)

    page = await client.get(f"/units/{unit_id}")

    assert f"<code>{unit_code}</code>" in page.text
    assert f"./sotay invites {unit_code}" in page.text
    assert "Mã đảng viên" in page.text
    assert f"<code>{member_code}</code>" in page.text


async def test_error_page_keeps_navigation_when_logged_in_admin_opens_a_bad_address(
    client: httpx.AsyncClient,
) -> None:
    await _login(client)

    for path in ("/units/abc", "/khong-co", "/units/99999"):
        page = await client.get(path)

        assert page.status_code == 404, path
        assert '<a href="/meetings">Cuộc họp</a>' in page.text, path
        assert "Đăng xuất" in page.text, path
        assert '<a href="/units">Về cây tổ chức</a>' in page.text, path


async def test_error_page_links_back_to_units_when_not_logged_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/units/abc")

    assert page.status_code == 404
    assert '<a href="/units">Về cây tổ chức</a>' in page.text
    assert "Đăng xuất" not in page.text


async def test_the_minutes_download_as_a_word_file_with_the_meetings_facts(
    client: httpx.AsyncClient, ctx: Context, clock: ManualClock
) -> None:
    import io

    from docx import Document

    async with ctx.uow() as uow:
        ids = await _seed(uow.session, clock)
        await uow.commit()
    await _login(client)
    page = await client.get(f"/meetings/{ids['meeting']}")
    assert f"/meetings/{ids['meeting']}/minutes.docx" in page.text
    download = await client.get(f"/meetings/{ids['meeting']}/minutes.docx")
    assert download.status_code == 200 and download.headers["content-disposition"].startswith("attachment;")
    doc = Document(io.BytesIO(download.content))
    text = "\\n".join(p.text for p in doc.paragraphs)
    assert "BIÊN BẢN" in text and "Hội trường Đảng ủy" in text and "1. Kiểm điểm tháng trước" in text
