"""What a document's card and the upload say: only what is known, once, in words a member follows."""

from __future__ import annotations

from core.documents import forwarding, library
from core.documents.library import DocumentDraft
from core.members.repository import MemberRepository
from core.org.rules import MemberRef
from tests.chat_helpers import Person
from tests.org_fixture import Org, build_org


async def _ref(ctx, member_id: int) -> MemberRef:
    async with ctx.uow() as u:
        ref = await MemberRepository(u.session).ref(member_id)
    assert ref is not None
    return ref


async def _committee_document(ctx, org: Org, number: str) -> int:
    committee = await _ref(ctx, org.committee_secretary.id)
    data = b"%PDF-1.4\n% " + number.encode() + b"\n%%EOF\n"
    upload = await library.receive_file(ctx, actor=committee, file_name="quy-che.pdf", data=data)
    draft = DocumentDraft(upload.draft.sha256, "quy-che.pdf", title="Quy chế làm việc", number=number)
    view = await library.add_document(ctx, actor=committee, draft=draft, unit_id=org.party_committee.id)
    return view.id


async def test_cancelling_an_upload_says_nothing_was_saved_rather_than_sent(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("quy-che.pdf", b"%PDF-1.4\n% x\n%%EOF\n")
    await secretary.presses("Hủy")
    assert secretary.text == "Đã hủy, chưa lưu gì."


async def test_a_card_without_an_issue_date_names_the_issuer_alone(ctx):
    org = await build_org(ctx.uow)
    await _committee_document(ctx, org, "22-QC/TU")
    member = Person(ctx, org.accounts[org.members[1].id])
    await member.says("/tailieu 22-QC/TU")
    await member.presses("22-QC/TU")
    assert "Ban hành: Tỉnh ủy\n" in member.text and "ngày —" not in member.text


async def test_an_unsupported_file_lists_every_image_kind_accepted(ctx):
    org = await build_org(ctx.uow)
    secretary = Person(ctx, org.accounts[org.secretary.id])
    await secretary.sends_file("ghi-chu.txt", b"ghi chu")
    assert "ảnh (JPG, PNG, WEBP, HEIC)" in secretary.text


async def test_a_document_forwarded_by_its_own_unit_says_so_once(ctx):
    org = await build_org(ctx.uow)
    doc = await _committee_document(ctx, org, "05-KH/ĐU")
    committee = await _ref(ctx, org.committee_secretary.id)
    await forwarding.forward_document(ctx, actor=committee, document_id=doc, unit_ids=None, to="library")
    member = Person(ctx, org.accounts[org.members[1].id])
    await member.says("/tailieu 05-KH/ĐU")
    await member.presses("05-KH/ĐU")
    assert "↪️ Tài liệu của Đảng bộ phường I, chuyển xuống chi bộ" in member.text
    assert member.text.count("Đảng bộ phường I") == 1 and "Chuyển từ" not in member.text


async def test_forwarding_again_never_reports_zero_cells(ctx):
    org = await build_org(ctx.uow)
    await _committee_document(ctx, org, "05-KH/ĐU")
    chat = Person(ctx, org.accounts[org.committee_secretary.id])
    for _ in range(2):
        await chat.says("/tailieu 05-KH/ĐU")
        await chat.presses("05-KH/ĐU")
        await chat.presses("Chuyển xuống chi bộ")
        await chat.presses("Tất cả chi bộ trực thuộc (2)")
        await chat.presses("Thư viện của chi bộ")
        assert "(0)" not in chat.text and " 0 chi bộ" not in chat.text
    assert "Đã chuyển" not in chat.text and "không chuyển lại (2)" in chat.text
