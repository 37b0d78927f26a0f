"""Documents over HTTP against the Telegram emulator: upload by file, search, papers, forwarding, forgery."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.audit.models import AuditEntry
from core.documents import library
from core.documents.library import DocumentDraft
from core.members.repository import MemberRepository
from tests.document_samples import party_docx
from tests.e2e.harness import Harness, last_with_buttons, texts
from tests.e2e.test_meetings_telegram import _join_all, _schedule

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(name: str, content: bytes, mime: str = DOCX) -> dict[str, Any]:
    return {"file_name": name, "mime_type": mime, "content": content}


def _documents_sent(h: Harness, user: int) -> list[dict[str, Any]]:
    return [m for m in h.tg.messages_to(user) if m["method"] == "sendDocument"]


async def _press(h: Harness, user: int, got: list[dict[str, Any]], start: str) -> list[dict[str, Any]]:
    """Press the button whose label starts with `start` (titles are cut to fit a button)."""
    message = last_with_buttons(got)
    labels = [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
    found = [label for label in labels if label.startswith(start) or f" · {start}" in label]
    assert found, f"no button {start!r} in {labels}"
    return await h.press(user, message, found[0])


async def _upload(h: Harness, user: int, name: str, content: bytes) -> list[dict[str, Any]]:
    got = await h.say(user, "", document=_file(name, content))
    assert "Tôi đọc được từ tệp" in texts(got), texts(got)
    return got


async def test_upload_by_file_then_search_with_and_without_diacritics(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    boss = ids["Huỳnh Văn Đảng Ủy"]
    got = await _upload(h, boss, "Báo cáo sơ kết.docx", party_docx())
    assert "Số: 01-BC/BCĐ" in texts(got) and "Ngày ban hành: 15/06/2024" in texts(got)
    got = await _press(h, boss, got, "✏️ Tóm tắt")
    got = await h.say(boss, "Kết quả <5 tháng> thí điểm & kiến nghị.")
    got = await _press(h, boss, got, "💾 Lưu")
    assert "Đã lưu tài liệu vào thư viện" in texts(got)
    assert "&lt;5 tháng&gt; thí điểm &amp; kiến nghị" in got[-1]["html"]

    member = ids["Đặng Thị Em"]  # the other cell: the đảng bộ's library is above it
    for query in (
        "/tailieu bao cao so ket",
        "/tailieu Báo cáo SƠ KẾT",
        "/tailieu 01 BC BCD",
        "/tailieu 1-bc/bcđ",
    ):
        got = await h.say(member, query)
        assert "1 tài liệu" in texts(got) and "01-BC/BCĐ · Báo cáo sơ kết" in texts(got), query
    got = await h.say(member, "/tailieu nghị quyết")
    assert "Không tìm thấy tài liệu nào" in texts(got)

    got = await h.say(member, "/tailieu bao cao")
    got = await _press(h, member, got, "1. 01-BC/BCĐ · Báo cáo sơ kết")
    assert "Tóm tắt" in texts(got) and "Kết quả <5 tháng> thí điểm" in texts(got)
    got = await _press(h, member, got, "📄 Nhận tệp")
    sent = _documents_sent(h, member)
    assert len(sent) == 1 and "01-BC/BCĐ · Báo cáo sơ kết" in sent[0]["text"]  # the file, with its caption
    assert sent[0]["document"].startswith("BQAC")  # re-sent by the file_id Telegram gave it: no new upload


async def test_a_file_added_on_the_web_is_uploaded_to_telegram_once(h: Harness, uow):
    org, ids = await _join_all(h, uow)
    async with h.ctx.uow() as u:
        actor = await MemberRepository(u.session).ref(org.secretary.id)  # type: ignore[attr-defined]
    assert actor is not None
    upload = await library.receive_file(
        h.ctx, actor=actor, file_name="Kế hoạch tháng 6.pdf", data=b"%PDF-1.4 kh"
    )
    draft = DocumentDraft(upload.draft.sha256, "Kế hoạch tháng 6.pdf", title="Kế hoạch công tác tháng 6")
    await library.add_document(h.ctx, actor=actor, draft=draft, unit_id=org.cell.id)  # type: ignore[attr-defined]
    labels = []
    for name in ("Nguyễn Văn An", "Lê Thị Bình"):
        got = await h.say(ids[name], "/tailieu ke hoach")
        got = await _press(h, ids[name], got, "1. Kế hoạch công tác")
        await _press(h, ids[name], got, "📄 Nhận tệp")
        labels.append(_documents_sent(h, ids[name])[-1]["document"])
    assert labels[0] == "Kế hoạch tháng 6.pdf"  # uploaded (multipart) the first time…
    assert labels[1].startswith("BQAC")  # …then sent by Telegram's file_id


async def test_meeting_papers_reach_invitees_and_the_secretary_sees_who_read(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    secretary = ids["Trần Thị Bí Thư"]
    await _schedule(h, secretary)
    await h.deliver()
    got = await h.say(secretary, "/theodoi")
    got = await _press(h, secretary, got, "Sinh hoạt định kỳ")
    got = await _press(h, secretary, got, "📎 Tài liệu họp")
    assert "Chưa có tài liệu nào" in texts(got)
    got = await _press(h, secretary, got, "➕ Gửi tệp mới")
    got = await h.say(secretary, "", document=_file("Dự thảo nghị quyết.docx", party_docx()))
    assert "Tài liệu cho cuộc họp" in texts(got)
    got = await _press(h, secretary, got, "💾 Lưu")
    assert "Đã lưu và đưa vào cuộc họp" in texts(got)
    await h.deliver()
    an = ids["Nguyễn Văn An"]
    news = h.tg.messages_to(an)[-1]
    assert "Tài liệu mới cho cuộc họp" in news["text"]
    await h.press(an, news, "📄 Nhận tệp")
    assert _documents_sent(h, an)
    got = await h.say(secretary, "/theodoi")
    got = await _press(h, secretary, got, "Sinh hoạt định kỳ")
    got = await _press(h, secretary, got, "📎 Tài liệu họp")
    assert "đã xem 1/5" in texts(got)
    got = await _press(h, secretary, got, "1. 01-BC/BCĐ")
    assert "Đã xem (1): Nguyễn Văn An" in texts(got) and "Chưa xem (4)" in texts(got)


async def test_forwarding_to_all_cells_in_one_action(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    boss = ids["Huỳnh Văn Đảng Ủy"]
    got = await _upload(h, boss, "Báo cáo.docx", party_docx())
    got = await _press(h, boss, got, "💾 Lưu")
    got = await _press(h, boss, got, "↪️ Chuyển xuống chi bộ")
    got = await _press(h, boss, got, "Tất cả chi bộ trực thuộc (2)")
    got = await _press(h, boss, got, "📚 Thư viện của chi bộ")
    assert "Đã chuyển vào thư viện chi bộ (2)" in texts(got)
    again = await h.say(boss, "/tailieu 01-BC/BCĐ")
    again = await _press(h, boss, again, "1. 01-BC/BCĐ")
    again = await _press(h, boss, again, "↪️ Chuyển xuống chi bộ")
    again = await _press(h, boss, again, "Tất cả chi bộ trực thuộc (2)")
    again = await _press(h, boss, again, "📚 Thư viện của chi bộ")
    assert "Đã chuyển" not in texts(again) and "không chuyển lại (2)" in texts(again)
    em = ids["Đặng Thị Em"]
    got = await h.say(em, "/tailieu")
    got = await _press(h, em, got, "1. 01-BC/BCĐ")
    assert "↪️ Tài liệu của Đảng bộ phường I, chuyển xuống chi bộ" in texts(got)


async def test_a_forged_button_for_another_cells_document_is_refused_and_logged(h: Harness, uow):
    _org, ids = await _join_all(h, uow)
    secretary, an, em = ids["Trần Thị Bí Thư"], ids["Nguyễn Văn An"], ids["Đặng Thị Em"]
    got = await _upload(h, secretary, "Biên bản.docx", party_docx())
    await _press(h, secretary, got, "💾 Lưu")
    listing = last_with_buttons(await h.say(an, "/tailieu"))
    button = next(
        b for row in listing["reply_markup"]["inline_keyboard"] for b in row if "01-BC/BCĐ" in b["text"]
    )
    h.new_messages(em)
    h.tg.user_presses_data(em, listing, button["callback_data"])  # An's button, pressed by a member of cell 2
    await h.settle()
    assert "Không tìm thấy" in texts(h.new_messages(em))
    async with h.ctx.uow() as u:
        refused = (
            await u.session.scalars(select(AuditEntry).where(AuditEntry.action == "access.refused"))
        ).all()
    assert [r.target_kind for r in refused] == ["document"]
    got = await h.say(em, "/tailieu 01-BC/BCĐ")  # nor does search reveal it
    assert "Không tìm thấy tài liệu nào" in texts(got)
