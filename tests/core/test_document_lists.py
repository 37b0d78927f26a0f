"""What library lists and search show, and which actions a document's card offers."""

from __future__ import annotations

from datetime import timedelta

from core.documents import finding, library
from core.members.repository import MemberRepository
from core.minutes import service as minutes
from core.org.rules import MemberRef
from tests.chat_helpers import Person
from tests.factories import make_meeting, make_member
from tests.org_fixture import build_org


async def _ref(ctx, member_id: int) -> MemberRef:
    async with ctx.uow() as u:
        ref = await MemberRepository(u.session).ref(member_id)
    assert ref is not None
    return ref


async def test_the_minutes_stay_out_of_the_library_list_and_search_when_built_for_the_secretary(ctx, clock):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:
        meeting = await make_meeting(u.session, unit=org.cell, starts_at=clock.now() + timedelta(hours=1))
        await u.commit()
    secretary = await _ref(ctx, org.secretary.id)
    built = await minutes.minutes_document(ctx, actor=secretary, meeting_id=meeting.id)
    assert built.title.startswith("Biên bản họp")

    chat = Person(ctx, org.accounts[org.secretary.id])
    await chat.says("/tailieu")
    assert "Biên bản họp" not in chat.text and "Chưa có tài liệu nào" in chat.text
    await chat.says("/tailieu biên bản họp")
    assert "Không tìm thấy tài liệu nào" in chat.text
    assert await finding.type_counts(ctx, member=secretary) == []

    opened = await library.open_document(ctx, member=secretary, document_id=built.id, via="file")
    assert opened.title == built.title  # their own button or link still opens it


def _labels(person: Person) -> list[str]:
    return [o.label for s in person.last for o in s.options]


async def test_forwarding_is_offered_only_when_there_are_cells_below(ctx):
    org = await build_org(ctx.uow)
    cell_secretary = Person(ctx, org.accounts[org.secretary.id])
    await cell_secretary.sends_file("quy-che.pdf", b"%PDF-1.4\n% quy che\n%%EOF\n")
    await cell_secretary.presses("Lưu")
    assert "Đã lưu tài liệu" in cell_secretary.text
    assert "↪️ Chuyển xuống chi bộ" not in _labels(cell_secretary)  # a cell has no cells below it
    assert "📣 Gửi đến đảng viên" in _labels(cell_secretary)
    await cell_secretary.says("/tailieu")
    await cell_secretary.presses("1.")
    assert "↪️ Chuyển xuống chi bộ" not in _labels(cell_secretary)

    committee = Person(ctx, org.accounts[org.committee_secretary.id])
    await committee.sends_file("ke-hoach.pdf", b"%PDF-1.4\n% ke hoach\n%%EOF\n")
    await committee.presses("Lưu")
    assert "↪️ Chuyển xuống chi bộ" in _labels(committee)


async def test_the_delivery_report_names_each_members_unit_when_namesakes_are_in_two_cells(ctx):
    org = await build_org(ctx.uow)
    async with ctx.uow() as u:  # a namesake of the cell's «Nguyễn Văn An», who has not joined
        await make_member(u.session, unit=org.other_cell, full_name="Nguyễn Văn An")
        await u.commit()
    committee = Person(ctx, org.accounts[org.committee_secretary.id])
    await committee.sends_file("ke-hoach.pdf", b"%PDF-1.4\n% ke hoach\n%%EOF\n")
    await committee.presses("Lưu")
    await committee.presses("Gửi đến đảng viên")
    await committee.presses("Gửi tới Đảng bộ phường I")
    await committee.presses("Gửi tới 8 đảng viên")
    await committee.presses("Xem báo cáo gửi")
    assert "Chưa tham gia Sổ tay (1): Nguyễn Văn An (Chi bộ Khu vực 2)" in committee.text
