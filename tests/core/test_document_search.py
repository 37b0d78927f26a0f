"""Search matches whole words, ranks by relevance, and reads plain-text questions in the chat."""

from __future__ import annotations

from core.documents import finding, library
from core.documents.library import DocumentDraft
from core.members.repository import MemberRepository
from core.org.rules import MemberRef
from tests.chat_helpers import Person
from tests.org_fixture import Org, build_org

TITLES = [
    ("Đảng phí quý 3", None),
    ("Nghị quyết của Đảng ủy về công tác cán bộ", "03-NQ/ĐU"),
    ("Nghị quyết Đại hội Đảng bộ phường I lần thứ XIV", "01-NQ/ĐU"),
    ("Kế hoạch học tập nghị quyết", "05-KH/ĐU"),
    ("Quy chế làm việc", "22-QC/TU"),
    ("Thông báo lịch sinh hoạt tháng 12", None),
    ("Báo cáo tổng kết năm", None),
    ("Chương trình hành động", None),
    ("Biên bản họp chi bộ tháng 5", None),
]


async def _ref(ctx, member_id: int) -> MemberRef:
    async with ctx.uow() as u:
        ref = await MemberRepository(u.session).ref(member_id)
    assert ref is not None
    return ref


async def _library(ctx) -> Org:
    org = await build_org(ctx.uow)
    committee = await _ref(ctx, org.committee_secretary.id)
    for i, (title, number) in enumerate(TITLES):
        data = b"%PDF-1.4\n% " + title.encode() + b"\n%%EOF\n"
        upload = await library.receive_file(ctx, actor=committee, file_name=f"tep-{i}.pdf", data=data)
        draft = DocumentDraft(upload.draft.sha256, f"tep-{i}.pdf", title=title, number=number)
        await library.add_document(ctx, actor=committee, draft=draft, unit_id=org.party_committee.id)
    return org


async def _titles(ctx, org: Org, query: str) -> list[str]:
    member = await _ref(ctx, org.members[1].id)
    found = await finding.search_documents(ctx, member=member, query=query)
    return [v.title for v in found.items]


async def test_words_match_whole_words_not_pieces_of_words(ctx):
    org = await _library(ctx)
    found = await _titles(ctx, org, "đảng ủy")
    assert found[0] == "Nghị quyết của Đảng ủy về công tác cán bộ"
    assert "Đảng phí quý 3" not in found  # «uy» is not «quý»
    assert await _titles(ctx, org, "a") == []
    assert await _titles(ctx, org, "<b>x</b>") == []


async def test_the_last_word_typed_may_be_the_start_of_a_word(ctx):
    org = await _library(ctx)
    assert (await _titles(ctx, org, "nghi quyet dai ho"))[0].startswith("Nghị quyết Đại hội")
    assert await _titles(ctx, org, "ho nghi quyet") == []  # only the last word is begun


async def test_the_chat_shows_the_same_ranking(ctx):
    org = await _library(ctx)
    member = Person(ctx, org.accounts[org.members[1].id])
    await member.says("/tailieu đảng ủy")
    assert "Đảng phí quý 3" not in member.text
    assert member.text.index("Nghị quyết của Đảng ủy") < member.text.index("Nghị quyết Đại hội")


async def test_a_sentence_asking_for_documents_is_a_search_when_typed_without_a_command(ctx):
    org = await _library(ctx)
    member = Person(ctx, org.accounts[org.members[1].id])
    for said, expected in [
        ("tìm nghị quyết đại hội", "Nghị quyết Đại hội Đảng bộ phường I"),
        ("tai lieu nghi quyet", "Nghị quyết của Đảng ủy"),
        ("tìm tài liệu 22-QC/TU", "Quy chế làm việc"),
        ("Tìm giúp tôi các nghị quyết đại hội", "Nghị quyết Đại hội Đảng bộ phường I"),
        ("22-QC/TU", "Quy chế làm việc"),
        ("22 qc tu", "Quy chế làm việc"),
        ("số 22 - qc/tu", "Quy chế làm việc"),
    ]:
        await member.says(said)
        assert expected in member.text, said
        assert "chưa hiểu" not in member.text, said


async def test_ordinary_words_keep_their_meaning_when_they_only_look_like_a_search(ctx):
    org = await _library(ctx)
    member = Person(ctx, org.accounts[org.members[1].id])
    await member.says("tài liệu")
    assert "Tài liệu mới" in member.text
    await member.says("tìm")
    assert "Gõ từ khóa cần tìm" in member.text
    await member.says("/huy")
    await member.says("tìm hiểu nghị quyết 14/12 15h")  # a day and an hour: an entry for the calendar
    assert "Tìm «" not in member.text and "Không tìm thấy" not in member.text
    assert "14/12" in member.text


async def test_a_number_not_found_gets_advice_other_than_typing_a_number(ctx):
    org = await _library(ctx)
    member = Person(ctx, org.accounts[org.members[1].id])
    await member.says("/tailieu 99-QC/TU")
    assert "Không tìm thấy tài liệu nào có số «99-QC/TU»" in member.text
    assert "gõ số văn bản" not in member.text
    await member.says("/tailieu quy che tai chinh")
    assert "gõ số văn bản (ví dụ 22-QC/TU)" in member.text
