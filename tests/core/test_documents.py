"""The document library through the chat and the services, on real databases and a real file store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from core.audit.models import AuditEntry
from core.documents import finding, forwarding, library, links, papers
from core.documents.library import DocumentDraft
from core.documents.models import Document, DocumentRead, MeetingPaper, Placement, StoredFile
from core.errors import Forbidden, InvalidInput, NotFound
from core.members.repository import MemberRepository
from core.org.rules import MemberRef
from core.outbox.models import OutboxMessage
from scheduler.jobs import send_due_reminders
from tests.chat_helpers import Person
from tests.document_samples import SAMPLE, party_docx, party_pdf, sample_docx
from tests.factories import make_meeting
from tests.org_fixture import Org, build_org


async def _ref(ctx, member_id: int) -> MemberRef:
    async with ctx.uow() as u:
        ref = await MemberRepository(u.session).ref(member_id)
    assert ref is not None
    return ref


async def _count(ctx, model) -> int:
    async with ctx.uow() as u:
        return int(await u.session.scalar(select(func.count()).select_from(model)) or 0)


def _files_on_disk(ctx) -> list[str]:
    root = ctx.files.root
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def _add(
    ctx,
    actor: MemberRef,
    unit_id: int,
    *,
    title: str,
    number: str | None = None,
    summary: str = "",
    data: bytes | None = None,
    name: str = "van-ban.pdf",
) -> int:
    upload = await library.receive_file(ctx, actor=actor, file_name=name, data=data or _pdf(title))
    draft = DocumentDraft(upload.draft.sha256, name, title=title, number=number, summary=summary)
    view = await library.add_document(ctx, actor=actor, draft=draft, unit_id=unit_id)
    return view.id


def _pdf(marker: str) -> bytes:
    """A tiny but real PDF whose bytes differ per marker (so each is a different file)."""
    return b"%PDF-1.4\n% " + marker.encode() + b"\n%%EOF\n"


# --- adding a document in the chat ----------------------------------------------------------------


async def test_sending_a_file_proposes_number_date_and_title_and_saves_once(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("bao-cao-so-ket.docx", party_docx())
    text = secretary.text
    assert "01-BC/BCĐ" in text and "15/06/2024" in text and "Báo cáo" in text
    assert "Ban Chỉ đạo" in text and "Chi bộ Khu vực 1" in text
    await secretary.presses("Tóm tắt")
    await secretary.says("Kết quả 5 tháng thí điểm; 95,38% đảng viên đã đăng ký.")
    assert "95,38%" in secretary.text
    await secretary.presses("Lưu")
    assert "Đã lưu tài liệu" in secretary.text and "01-BC/BCĐ" in secretary.text

    await secretary.sends_file("ban-sao.docx", party_docx())  # the same bytes under another name
    assert "đã có trong thư viện" in secretary.text
    assert await _count(ctx, Document) == 1 and await _count(ctx, StoredFile) == 1
    assert len(_files_on_disk(ctx)) == 1


async def test_corrections_are_checked_and_kept(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("22 QC TU quy che.pdf", _pdf("quy che"))
    assert "22-QC/TU" in secretary.text and "Quy chế" in secretary.text
    await secretary.presses("Sửa số")
    await secretary.says("abc")
    assert "chưa đúng dạng số văn bản" in secretary.text
    await secretary.says("36 - hd/vptw")
    assert "36-HD/VPTW" in secretary.text and "Hướng dẫn" in secretary.text
    await secretary.presses("Sửa ngày")
    await secretary.says("31/4/2024")
    assert "chưa đúng ngày" in secretary.text
    await secretary.says("3/4/2024")
    await secretary.presses("Sửa tiêu đề")
    await secretary.says("Hướng dẫn <b>thi hành</b> Điều lệ Đảng")
    await secretary.presses("Lưu")
    async with ctx.uow() as u:
        doc = await u.session.scalar(select(Document))
    assert (doc.number, doc.type_code, doc.issuer) == ("36-HD/VPTW", "HD", "VPTW")
    assert doc.issued_on == date(2024, 4, 3) and doc.title == "Hướng dẫn <b>thi hành</b> Điều lệ Đảng"


@pytest.mark.parametrize(
    ("name", "data", "size", "expected"),
    [
        ("virus.pdf", b"MZ\x90\x00" + bytes(200), None, "không đúng với đuôi"),
        ("ghi-chu.txt", b"ghi chu", None, "Không nhận loại tệp"),
        ("to-qua.pdf", b"%PDF-1.4", 60 * 1024 * 1024, "vượt giới hạn 50 MB"),
        ("rong.pdf", b"", None, "Tệp rỗng"),
    ],
)
async def test_a_refused_file_stores_nothing_and_says_why(ctx, name, data, size, expected):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file(name, data, size=size)
    assert expected in secretary.text and "Chưa lưu gì" in secretary.text
    assert _files_on_disk(ctx) == [] and await _count(ctx, StoredFile) == 0
    if size is not None:
        assert secretary.fetched == 0  # too big: not even downloaded


async def test_a_member_without_rights_cannot_add(ctx):
    org = await build_org(ctx.uow)
    member = Person(ctx, org.accounts[org.members[1].id])
    await member.sends_file("x.pdf", _pdf("x"))
    assert "chỉ Bí thư, Phó Bí thư và Ban biên tập" in member.text
    assert _files_on_disk(ctx) == []


async def test_the_pilot_report_and_a_pdf_with_broken_text_upload_without_crashing(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("bao-cao.pdf", party_pdf())
    assert "01-BC/BCĐ" in secretary.text
    await secretary.presses("Hủy")
    if SAMPLE.is_file():
        await secretary.sends_file("du-thao-bao-cao.docx", sample_docx(SAMPLE.read_text(encoding="utf-8")))
        assert "Báo cáo sơ kết 05 tháng" in secretary.text and "Ban Chỉ đạo" in secretary.text
        await secretary.presses("Lưu")
        assert "Đã lưu tài liệu" in secretary.text


# --- reading and searching ----------------------------------------------------------------------


async def _library(ctx) -> tuple[Org, MemberRef, MemberRef]:
    org = await build_org(ctx.uow)
    committee = await _ref(ctx, org.committee_secretary.id)
    secretary = await _ref(ctx, org.secretary.id)
    await _add(
        ctx,
        committee,
        org.party_committee.id,
        title="Nghị quyết Đại hội Đảng bộ phường I lần thứ XIV",
        number="01-NQ/ĐU",
        summary="Phương hướng nhiệm kỳ 2025–2030.",
    )
    await _add(
        ctx,
        committee,
        org.party_committee.id,
        title="Kế hoạch học tập nghị quyết",
        number="05-KH/ĐU",
        summary="Tổ chức học tập Nghị quyết Đại hội trong tháng 7.",
    )
    await _add(ctx, secretary, org.cell.id, title="Biên bản họp chi bộ tháng 5", number="12-BB/CB")
    return org, committee, secretary


@pytest.mark.parametrize(
    "query", ["nghi quyet dai hoi", "Nghị quyết Đại hội", "NGHI QUYET DAI HOI", "dai hoi dang bo", "đại hội"]
)
async def test_search_matches_with_or_without_diacritics_and_ranks_titles_first(ctx, query):
    org, _committee, _secretary = await _library(ctx)
    member = await _ref(ctx, org.members[1].id)
    found = await finding.search_documents(ctx, member=member, query=query)
    assert found.items[0].title == "Nghị quyết Đại hội Đảng bộ phường I lần thứ XIV"
    if "dang bo" not in query:
        assert [v.title for v in found.items][1] == "Kế hoạch học tập nghị quyết"  # only its summary matches


@pytest.mark.parametrize("query", ["01-NQ/ĐU", "01 - NQ/DU", "1-nq/đu", "01 NQ ĐU", "số 01-NQ/DU"])
async def test_search_by_document_number_in_any_written_form(ctx, query):
    org, _committee, _secretary = await _library(ctx)
    member = await _ref(ctx, org.members[1].id)
    found = await finding.search_documents(ctx, member=member, query=query)
    assert [v.number for v in found.items] == ["01-NQ/ĐU"]


async def test_a_member_sees_their_cell_and_above_but_not_another_cell(ctx):
    org, committee, _secretary = await _library(ctx)
    other = await _ref(ctx, org.other_members[1].id)
    seen = await library.recent_documents(ctx, member=other)
    assert {v.number for v in seen.items} == {"01-NQ/ĐU", "05-KH/ĐU"}
    assert (await finding.search_documents(ctx, member=other, query="bien ban")).total == 0
    cell_doc = await _number(ctx, "12-BB/CB")
    with pytest.raises(NotFound):
        await library.open_document(ctx, member=other, document_id=cell_doc, via="file")
    async with ctx.uow() as u:
        refused = await u.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "access.refused", AuditEntry.target_id == cell_doc)
        )
    assert refused is not None and refused.actor == f"member:{other.id}"
    # the committee above manages the cell: it sees the cell's library
    assert (await finding.search_documents(ctx, member=committee, query="12-BB/CB")).total == 1


async def _number(ctx, number: str) -> int:
    async with ctx.uow() as u:
        return int(await u.session.scalar(select(Document.id).where(Document.number == number)) or 0)


async def test_chat_browse_pages_and_opens_summary_and_file(ctx):
    org, committee, _secretary = await _library(ctx)
    for n in range(6):
        await _add(
            ctx, committee, org.party_committee.id, title=f"Thông báo số {n}", number=f"{n + 10}-TB/ĐU"
        )
    member = Person(ctx, org.accounts[org.members[1].id])
    await member.says("/tailieu")
    assert "Tài liệu mới" in member.text and "15-TB/ĐU" in member.text and "Biên bản" not in member.text
    await member.presses("Trang sau")
    assert "Biên bản họp chi bộ tháng 5" in member.text
    await member.says("tài liệu")  # typed, not a command
    await member.presses("Lọc theo loại")
    await member.presses("Nghị quyết (1)")
    await member.presses("01-NQ/ĐU")
    assert "Tóm tắt" in member.text and "Phương hướng nhiệm kỳ" in member.text
    await member.presses("Nhận tệp")
    screen = member.last[0]
    assert screen.attachment is not None and screen.attachment["name"] == "van-ban.pdf"
    async with ctx.uow() as u:
        read = await u.session.scalar(select(DocumentRead).where(DocumentRead.member_id == org.members[1].id))
    assert read is not None and read.times == 2  # the summary, then the file
    await member.says("/tailieu nghi quyet dai hoi")
    assert "«nghi quyet dai hoi»: 2 tài liệu" in member.text and "Nghị quyết Đại hội" in member.text


# --- meeting papers -----------------------------------------------------------------------------


async def test_papers_are_announced_tracked_and_reminded_once_a_day_before(ctx, clock):
    org, _committee, secretary = await _library(ctx)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(days=3))
        await u.commit()
    doc = await _number(ctx, "12-BB/CB")
    assert await papers.attach_paper(ctx, actor=secretary, meeting_id=meeting.id, document_id=doc)
    assert not await papers.attach_paper(ctx, actor=secretary, meeting_id=meeting.id, document_id=doc)
    async with ctx.uow() as u:
        told = (
            await u.session.scalars(select(OutboxMessage).where(OutboxMessage.subject_kind == "paper"))
        ).all()
    assert len(told) == len(org.members)  # once, to every invitee

    reader = Person(ctx, org.accounts[org.members[1].id])
    await reader.says("/lich")
    assert "Tài liệu họp" in reader.text and "12-BB/CB" in reader.text
    await reader.presses("Tài liệu họp")
    await reader.presses("12-BB/CB")
    sec = Person(ctx, org.accounts[org.secretary.id])
    await sec.says("/theodoi")
    await sec.presses("Sinh hoạt")
    await sec.presses("Tài liệu họp")
    assert f"đã xem 1/{len(org.members)}" in sec.text
    await sec.presses("12-BB/CB")
    assert "Nguyễn Văn An" in sec.text.split("Đã xem (1)")[1] and "Chưa xem (4)" in sec.text

    clock.set(meeting.starts_at - timedelta(days=1))
    assert await send_due_reminders(ctx) == 1
    assert await send_due_reminders(ctx) == 0
    async with ctx.uow() as u:
        reminded = (
            await u.session.scalars(
                select(OutboxMessage.member_id).where(OutboxMessage.subject_kind == "meeting_papers")
            )
        ).all()
    assert org.members[1].id not in reminded and len(reminded) == len(org.members) - 1


async def test_a_member_of_another_cell_cannot_list_a_meetings_papers(ctx, clock):
    org, _committee, _secretary = await _library(ctx)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(days=3))
        await u.commit()
    other = await _ref(ctx, org.other_members[1].id)
    with pytest.raises(NotFound):
        await papers.meeting_papers(ctx, member=other, meeting_id=meeting.id)


# --- forwarding and publishing -----------------------------------------------------------------


async def test_forwarding_to_all_cells_once_with_where_it_came_from(ctx, clock):
    org, committee, _secretary = await _library(ctx)
    doc = await _number(ctx, "01-NQ/ĐU")
    first = await forwarding.forward_document(
        ctx, actor=committee, document_id=doc, unit_ids=None, to="library"
    )
    assert set(first.added) == {"Chi bộ Khu vực 1", "Chi bộ Khu vực 2"} and first.already == ()
    again = await forwarding.forward_document(
        ctx, actor=committee, document_id=doc, unit_ids=None, to="library"
    )
    assert again.added == () and set(again.already) == {"Chi bộ Khu vực 1", "Chi bộ Khu vực 2"}
    assert await _count(ctx, Placement) == 3 + 2 and await _count(ctx, StoredFile) == 3  # no new file
    member = await _ref(ctx, org.other_members[1].id)
    view = await library.open_document(ctx, member=member, document_id=doc, via="summary")
    assert view.source == "Đảng bộ phường I"


async def test_forwarding_to_next_meetings_falls_back_to_the_library(ctx, clock):
    org, committee, _secretary = await _library(ctx)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(days=2))
        await u.commit()
    doc = await _number(ctx, "05-KH/ĐU")
    result = await forwarding.forward_document(
        ctx, actor=committee, document_id=doc, unit_ids=[org.cell.id, org.other_cell.id], to="meeting"
    )
    assert result.no_meeting == ("Chi bộ Khu vực 2",) and result.added == ("Chi bộ Khu vực 1",)
    async with ctx.uow() as u:
        paper = await u.session.scalar(select(MeetingPaper).where(MeetingPaper.document_id == doc))
    assert (
        paper is not None and paper.meeting_id == meeting.id and paper.from_unit_id == org.party_committee.id
    )


async def test_a_repeated_forward_to_the_next_meeting_reports_each_cell_once(ctx, clock):
    org, _committee, _secretary = await _library(ctx)
    async with ctx.uow() as u:
        await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(days=2))
        await u.commit()
    chat = Person(ctx, org.accounts[org.committee_secretary.id])
    for _ in range(2):
        await chat.says("/tailieu 05-KH/ĐU")
        await chat.presses("05-KH/ĐU")
        await chat.presses("Chuyển xuống chi bộ")
        await chat.presses("Tất cả chi bộ")
        await chat.presses("Cuộc họp tới")
        if _ == 0:
            assert "Đã đưa vào cuộc họp tới của chi bộ (1): Chi bộ Khu vực 1" in chat.text
            assert "đã đưa vào thư viện chi bộ (1): Chi bộ Khu vực 2" in chat.text
    assert chat.text == "ℹ️ Đã có từ trước, không chuyển lại (2): Chi bộ Khu vực 1, Chi bộ Khu vực 2"


async def test_forwarding_to_a_cell_outside_ones_tree_is_refused(ctx):
    org, _committee, secretary = await _library(ctx)
    doc = await _number(ctx, "12-BB/CB")
    with pytest.raises(NotFound):
        await forwarding.forward_document(
            ctx, actor=secretary, document_id=doc, unit_ids=[org.other_cell.id], to="library"
        )


async def test_publishing_sends_the_file_to_everyone_below_with_a_report(ctx):
    org, _committee, _secretary = await _library(ctx)
    doc = await _number(ctx, "01-NQ/ĐU")
    chat = Person(ctx, org.accounts[org.committee_secretary.id])
    await chat.says("/tailieu 01-NQ/ĐU")
    await chat.presses("01-NQ/ĐU")
    await chat.presses("Gửi đến đảng viên")
    await chat.presses("Gửi tới Đảng bộ phường I")
    total = len(org.members) + len(org.other_members)
    assert f"tới {total} đảng viên của Đảng bộ phường I?" in chat.text
    assert await _count(ctx, OutboxMessage) == 0  # nothing sent before the answer
    await chat.presses(f"Gửi tới {total} đảng viên")
    assert "Đã xếp tài liệu vào hàng gửi" in chat.text
    async with ctx.uow() as u:
        rows = (
            await u.session.scalars(select(OutboxMessage).where(OutboxMessage.subject_kind == "publication"))
        ).all()
    assert len(rows) == len(org.members) + len(org.other_members)
    assert all(r.payload["attachment"]["document_id"] == doc for r in rows)
    await chat.presses("Xem báo cáo gửi")
    assert f"tổng {len(rows)} đảng viên" in chat.text and "Đang chờ gửi: " in chat.text


async def test_publishing_again_says_when_it_was_sent_and_asks_first(ctx, clock):
    org, committee, _secretary = await _library(ctx)
    doc = await _number(ctx, "01-NQ/ĐU")
    await forwarding.publish_document(ctx, actor=committee, document_id=doc, unit_id=org.party_committee.id)
    sent = await _count(ctx, OutboxMessage)
    sent_at = clock.now().astimezone(ctx.zone)
    chat = Person(ctx, org.accounts[org.committee_secretary.id])
    await chat.says("/tailieu 01-NQ/ĐU")
    await chat.presses("01-NQ/ĐU")
    await chat.presses("Gửi đến đảng viên")
    await chat.presses("Gửi tới Đảng bộ phường I")
    assert f"đã được gửi tới Đảng bộ phường I lúc {sent_at:%d/%m/%Y %H:%M}" in chat.text
    assert await _count(ctx, OutboxMessage) == sent
    await chat.presses("Vẫn gửi lại")
    assert "Đã xếp tài liệu vào hàng gửi" in chat.text and await _count(ctx, OutboxMessage) == 2 * sent
    with pytest.raises(InvalidInput) as refused:  # a second send needs the explicit «again»
        await forwarding.publish_document(
            ctx, actor=committee, document_id=doc, unit_id=org.party_committee.id
        )
    assert refused.value.code == "document_already_published"


# --- signed links -----------------------------------------------------------------------------


async def test_signed_links_open_expire_and_refuse_others(ctx, clock):
    org, _committee, _secretary = await _library(ctx)
    doc = await _number(ctx, "12-BB/CB")
    link = links.document_link(ctx, member_id=org.members[1].id, document_id=doc)
    assert link.startswith("http://sotay.test/d/")
    token = link.rsplit("/", 1)[1]
    assert (await links.open_link(ctx, token)).number == "12-BB/CB"
    with pytest.raises(NotFound):
        await links.open_link(ctx, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    stranger = links.document_token(ctx, member_id=org.other_members[1].id, document_id=doc)
    with pytest.raises(NotFound):
        await links.open_link(ctx, stranger)
    clock.advance(links.LINK_TTL + timedelta(minutes=1))
    with pytest.raises(InvalidInput) as expired:
        await links.open_link(ctx, token)
    assert expired.value.code == "link_expired"


async def test_a_wrong_upload_can_be_removed_after_a_question_and_only_by_its_unit(ctx):
    org, _committee, _secretary = await _library(ctx)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.says("/tailieu 12-BB/CB")
    await secretary.presses("12-BB/CB")
    await secretary.presses("Gỡ tài liệu")
    assert "Gỡ tài liệu «Biên bản họp chi bộ tháng 5»" in secretary.text
    await secretary.presses("Giữ lại")
    assert await _number(ctx, "12-BB/CB")  # nothing removed yet
    await secretary.presses("Gỡ tài liệu")
    await secretary.presses("Gỡ hẳn")
    assert "Đã gỡ tài liệu" in secretary.text
    assert await _number(ctx, "12-BB/CB") == 0 and await _count(ctx, StoredFile) == 3  # the file stays
    cell_secretary = await _ref(ctx, org.secretary.id)
    with pytest.raises(Forbidden):  # the committee's resolution is not the cell's to remove
        await library.remove_document(ctx, actor=cell_secretary, document_id=await _number(ctx, "01-NQ/ĐU"))


async def test_save_pressed_twice_keeps_one_document_and_a_second_file_waits(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("bao-cao.docx", party_docx())
    await secretary.sends_file("khac.pdf", _pdf("khac"))
    assert "Đồng chí đang thêm tệp «bao-cao.docx»" in secretary.text and "Lưu" in secretary.text
    save = next(o.token for s in secretary.last for o in s.options if "Lưu" in o.label)
    await secretary.presses_token(save)
    actor = await _ref(ctx, org.secretary.id)
    async with ctx.uow() as u:
        doc = await u.session.scalar(select(Document))
    draft = DocumentDraft(doc.sha256, "bao-cao.docx", title="Bản khác")
    again = await library.add_document(
        ctx, actor=actor, draft=draft, unit_id=org.cell.id
    )  # the form sent again
    assert again.id == doc.id and await _count(ctx, Document) == 1


async def test_a_command_in_the_middle_of_an_upload_says_nothing_was_saved(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("bao-cao.docx", party_docx())
    await secretary.says("/tailieu")
    assert "chưa lưu, chưa gửi gì" in secretary.text and "Tài liệu mới" in secretary.text
    assert await _count(ctx, Document) == 0


async def test_only_who_manages_the_owner_unit_sees_edit_and_remove(ctx):
    org, _committee, _secretary = await _library(ctx)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.says("/tailieu 01-NQ/ĐU")  # the đảng bộ's resolution, seen from the cell
    await secretary.presses("01-NQ/ĐU")
    labels = [o.label for s in secretary.last for o in s.options]
    assert not any("Sửa thông tin" in x or "Gỡ tài liệu" in x for x in labels)
    await secretary.says("/tailieu 12-BB/CB")
    await secretary.presses("12-BB/CB")
    labels = [o.label for s in secretary.last for o in s.options]
    assert any("Sửa thông tin" in x for x in labels) and any("Gỡ tài liệu" in x for x in labels)
