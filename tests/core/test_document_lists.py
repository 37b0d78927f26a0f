"""What library lists and search show, and which actions a document's card offers."""

from __future__ import annotations

from datetime import timedelta

from core.documents import finding, library
from core.members.repository import MemberRepository
from core.minutes import service as minutes
from core.org.rules import MemberRef
from tests.chat_helpers import Person
from tests.factories import make_meeting
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
