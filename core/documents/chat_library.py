"""Members read the library in the chat: recent documents, by type, search, summary, the file."""

from __future__ import annotations

from typing import Any

from core.conversation.registry import COMMANDS, PREFIXES, TEXT_READERS, Handler, action, command, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.documents import finding, forwarding, library
from core.documents.numbers import type_name, whole_number
from core.documents.rules import can_manage
from core.documents.views import DocumentView, caption, card, item_label
from core.org.rules import holds_any
from core.text import fold
from core.texts import join_lines, label, t, to_json

SEARCH_FLOW = "document.search"
SEARCH = "timtailieu"
# a sentence starting with these asks for a search («tìm nghị quyết đại hội», «tai lieu nghi quyet»);
# «tài liệu» alone is still the library (a keyword, matched before these)
LEADS = ("tim tai lieu", "tim van ban", "tim kiem", "tim", "tai lieu", "van ban")
PREFIXES.update(dict.fromkeys(LEADS, SEARCH))
# words between the lead and what is looked for («tìm giúp tôi các nghị quyết»)
FILLERS = ("giup", "cho", "toi", "minh", "ve", "cac", "nhung", *LEADS)


def _is_number(turn: Turn) -> bool:
    """A document number typed alone («22-QC/TU», «22 qc tu») is looked for."""
    return whole_number(turn.event.text or "") is not None


TEXT_READERS.insert(0, (_is_number, SEARCH))


@command("tailieu", "tai lieu", "van ban", "thu vien", "tai lieu hop")
async def cmd_documents(turn: Turn) -> list[Screen]:
    query = turn.event.args.strip()
    if query:
        return await _search(turn, query, 0)
    return await _recent(turn, None, 0)


@command(SEARCH, "tim", "tim tai lieu", "tim van ban", "tim kiem")
async def cmd_search(turn: Turn) -> list[Screen]:
    if turn.event.command is not None:
        query = turn.event.args.strip()
    else:  # a sentence: «tìm …», «tài liệu …», or a number alone
        lead, query = _after_lead(turn.event.args)
        other = _other_reading(turn) if lead == "tim" else None
        if other is not None:  # «tìm hiểu nghị quyết 14/12 15h» is an entry for the calendar
            return await other(turn)
    if query:
        return await _search(turn, query, 0)
    return await on_ask_search(turn)


def _after_lead(text: str) -> tuple[str | None, str]:
    """The lead phrase a sentence starts with, and the rest without the filler words after it."""
    words = text.split()
    lead: str | None = None
    while words:
        said = next((w for w in sorted(FILLERS, key=len, reverse=True) if _starts(words, w)), None)
        if said is None:
            break
        lead = lead or said
        words = words[len(said.split()) :]
    return lead, " ".join(words)


def _starts(words: list[str], phrase: str) -> bool:
    wanted = phrase.split()
    return [fold(w) for w in words[: len(wanted)]] == wanted


def _other_reading(turn: Turn) -> Handler | None:
    """What another feature makes of a sentence merely starting with «tìm», if it reads it."""
    found = next((name for reads, name in TEXT_READERS if name != SEARCH and reads(turn)), None)
    return COMMANDS[found] if found is not None else None


@action("document.ask_search")
async def on_ask_search(turn: Turn) -> list[Screen]:
    await turn.save_state(SEARCH_FLOW, "query", {})
    return [Screen(t("document.search.ask"))]


@flow(SEARCH_FLOW)
async def on_search_text(turn: Turn) -> list[Screen]:
    await turn.clear_state()
    return await _search(turn, turn.event.text or "", 0)


@action("document.page")
async def on_page(turn: Turn) -> list[Screen]:
    page = int(turn.args.get("page", 0))
    if turn.args.get("query"):
        return await _search(turn, str(turn.args["query"]), page)
    return await _recent(turn, turn.args.get("type"), page)


@action("document.types")
async def on_types(turn: Turn) -> list[Screen]:
    counts = await finding.type_counts(turn.ctx, member=turn.member)
    if not counts:
        return [Screen(t("document.list.empty"))]
    options = await turn.options(
        [(f"{type_name(code)} ({n})", "document.page", {"type": code, "page": 0}) for code, n in counts]
    )
    return [Screen(t("document.types.title"), options, columns=2)]


async def _recent(turn: Turn, type_code: str | None, page: int) -> list[Screen]:
    found = await library.recent_documents(turn.ctx, member=turn.member, type_code=type_code, page=page)
    head = t("document.list.by_type", type=type_name(type_code)) if type_code else t("document.list.recent")
    return [await _page_screen(turn, found, head, {"type": type_code} if type_code else {})]


async def _search(turn: Turn, query: str, page: int) -> list[Screen]:
    found = await finding.search_documents(turn.ctx, member=turn.member, query=query, page=page)
    if not found.total:
        options = await turn.options([(label("document.btn.search_again"), "document.ask_search", {})])
        none = "document.search.none_number" if finding.names_a_number(query) else "document.search.none"
        return [Screen(t(none, query=query.strip()), options)]
    head = t("document.search.found", query=query.strip(), n=found.total)
    return [await _page_screen(turn, found, head, {"query": query})]


async def _page_screen(turn: Turn, found: library.DocumentPage, head: Any, where: dict[str, Any]) -> Screen:
    if not found.items:
        return Screen(join_lines([head, t("document.list.empty")]))
    first = found.page * 5
    lines = [head]
    lines += [
        t("document.list.item", n=first + i + 1, label=item_label(v)) for i, v in enumerate(found.items)
    ]
    specs: list[tuple[str, str, dict[str, Any]]] = [
        (f"{first + i + 1}. {item_label(v)}", "document.open", {"document_id": v.id})
        for i, v in enumerate(found.items)
    ]
    if found.page > 0:
        specs.append((label("document.btn.prev"), "document.page", {**where, "page": found.page - 1}))
    if found.has_more:
        specs.append((label("document.btn.next"), "document.page", {**where, "page": found.page + 1}))
    specs.append((label("document.btn.search"), "document.ask_search", {}))
    if not where:
        specs.append((label("document.btn.types"), "document.types", {}))
    return Screen(join_lines(lines), await turn.options(specs))


@action("document.open")
async def on_open(turn: Turn) -> list[Screen]:
    """The summary alone; the file comes with «Nhận tệp»."""
    view = await library.open_document(
        turn.ctx, member=turn.member, document_id=int(turn.args["document_id"]), via="summary"
    )
    return [Screen(card(view), await turn.options(await document_actions(turn, view)), columns=2)]


@action("document.file")
async def on_file(turn: Turn) -> list[Screen]:
    view = await library.open_document(
        turn.ctx, member=turn.member, document_id=int(turn.args["document_id"]), via="file"
    )
    return [file_screen(view)]


def file_screen(view: DocumentView) -> Screen:
    return Screen(t("document.sending_file", name=view.file_name), attachment=file_attachment(view))


def file_attachment(view: DocumentView) -> dict[str, Any]:
    return {**view.attachment(), "caption": to_json(caption(view))}


async def document_actions(turn: Turn, view: DocumentView) -> list[tuple[str, str, dict[str, Any]]]:
    ref = {"document_id": view.id}
    specs = [(label("document.btn.file"), "document.file", ref)]
    if holds_any(turn.member, "document.manage"):
        specs.append((label("document.btn.publish"), "document.publish", ref))
        if await forwarding.can_forward(turn.ctx, actor=turn.member):  # only with cells to forward to
            specs.append((label("document.btn.forward"), "document.forward", ref))
        specs.append((label("document.btn.to_meeting"), "paper.pick_meeting", ref))
        if can_manage(turn.member, view.owner_unit_path):
            specs += [
                (label("document.btn.edit"), "document.edit", ref),
                (label("document.btn.remove"), "document.remove", ref),
            ]
    return specs


@action("document.remove")
async def on_remove(turn: Turn) -> list[Screen]:
    """Asks first: removing takes the document out of every library and meeting."""
    view = await library.open_document(
        turn.ctx, member=turn.member, document_id=int(turn.args["document_id"]), via="summary"
    )
    options = await turn.options(
        [
            (label("document.btn.remove_confirm"), "document.remove_confirm", {"document_id": view.id}),
            (label("document.btn.keep"), "document.open", {"document_id": view.id}),
        ]
    )
    return [Screen(t("document.remove.ask", title=view.title), options, columns=2)]


@action("document.remove_confirm")
async def on_remove_confirm(turn: Turn) -> list[Screen]:
    title = await library.remove_document(
        turn.ctx, actor=turn.member, document_id=int(turn.args["document_id"])
    )
    return [Screen(t("document.remove.done", title=title), close_pressed=True)]
