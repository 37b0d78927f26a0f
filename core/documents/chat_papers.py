"""Meeting papers in the chat: the list (with «đã xem 30/45» for the secretary), attaching, who read."""

from __future__ import annotations

from typing import Any

from core.conversation.registry import action
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.documents import library, papers
from core.documents.views import item_label
from core.errors import Forbidden
from core.meetings.views import when_text
from core.org.rules import holds_any
from core.texts import join_lines, label, names_block, t

PICK_LIMIT = 8


@action("paper.list")
async def on_list(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    found = await papers.meeting_papers(turn.ctx, member=turn.member, meeting_id=meeting_id)
    when = when_text(found.meeting.starts_at, turn.ctx.zone)
    lines = [t("paper.title", when=when, unit=found.meeting.unit_name)]
    specs: list[tuple[str, str, dict[str, Any]]] = []
    for n, paper in enumerate(found.papers, 1):
        doc = paper.document
        if found.can_manage:
            lines.append(
                t("paper.line_stats", n=n, label=item_label(doc), opened=paper.opened, invited=paper.invited)
            )
            specs.append(
                (
                    f"{n}. {item_label(doc)}",
                    "paper.readers",
                    {"meeting_id": meeting_id, "document_id": doc.id},
                )
            )
        else:
            seen = label("paper.seen") if paper.opened_by_me else ""
            lines.append(t("paper.line", n=n, label=item_label(doc), seen=seen))
            specs.append((f"📄 {n}. {item_label(doc)}", "document.file", {"document_id": doc.id}))
    if not found.papers:
        lines.append(t("paper.none"))
    if found.can_manage and found.meeting.status == "scheduled":
        ref = {"meeting_id": meeting_id, "meeting_label": f"{when} · {found.meeting.unit_name}"}
        specs += [
            (label("paper.btn.upload"), "document.add", ref),
            (label("paper.btn.from_library"), "paper.pick_document", {"meeting_id": meeting_id}),
        ]
    return [Screen(join_lines(lines), await turn.options(specs))]


@action("paper.readers")
async def on_readers(turn: Turn) -> list[Screen]:
    meeting_id, document_id = int(turn.args["meeting_id"]), int(turn.args["document_id"])
    view, opened, waiting = await papers.paper_readers(
        turn.ctx, actor=turn.member, meeting_id=meeting_id, document_id=document_id
    )
    lines = [
        t(
            "paper.readers.title",
            label=item_label(view),
            opened=len(opened),
            invited=len(opened) + len(waiting),
        ),
        names_block("paper.readers.waiting", waiting),
        names_block("paper.readers.opened", opened),
    ]
    options = await turn.options(
        [
            (label("paper.btn.details"), "document.open", {"document_id": document_id}),
            (label("paper.btn.back"), "paper.list", {"meeting_id": meeting_id}),
        ]
    )
    return [Screen(join_lines(lines), options, columns=2)]


@action("paper.pick_meeting")
async def on_pick_meeting(turn: Turn) -> list[Screen]:
    """From a document: which meeting ahead should it go to?"""
    document_id = int(turn.args["document_id"])
    meetings = await papers.upcoming_for_papers(turn.ctx, actor=turn.member)
    if not meetings:
        return [Screen(t("paper.no_meetings"))]
    specs = [
        (
            f"{when_text(m.starts_at, turn.ctx.zone)} · {m.unit_name}",
            "paper.attach",
            {"meeting_id": m.id, "document_id": document_id},
        )
        for m in meetings
    ]
    return [Screen(t("paper.pick_meeting"), await turn.options(specs))]


@action("paper.pick_document")
async def on_pick_document(turn: Turn) -> list[Screen]:
    """From a meeting: which document of the library should go to it?"""
    if not holds_any(turn.member, "meeting.manage"):
        raise Forbidden("not_secretary")
    meeting_id = int(turn.args["meeting_id"])
    found = await library.recent_documents(turn.ctx, member=turn.member, page=int(turn.args.get("page", 0)))
    specs: list[tuple[str, str, dict[str, Any]]] = [
        (item_label(v), "paper.attach", {"meeting_id": meeting_id, "document_id": v.id}) for v in found.items
    ]
    if found.has_more:
        specs.append(
            (
                label("document.btn.next"),
                "paper.pick_document",
                {"meeting_id": meeting_id, "page": found.page + 1},
            )
        )
    if not specs:
        return [Screen(t("document.list.empty"))]
    return [Screen(t("paper.pick_document"), await turn.options(specs))]


@action("paper.attach")
async def on_attach(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    added = await papers.attach_paper(
        turn.ctx, actor=turn.member, meeting_id=meeting_id, document_id=int(turn.args["document_id"])
    )
    options = await turn.options([(label("paper.btn.manage"), "paper.list", {"meeting_id": meeting_id})])
    return [Screen(t("paper.attached" if added else "paper.already"), options)]
