"""«📎 Kèm tài liệu họp» on the /hop summary: library documents picked for the notice, each toggled.

The recent ones come first (a short list: on Zalo every choice is a numbered line); typed words or a
document number search instead. «Xong» goes back to the summary, which lists what was chosen.
"""

from __future__ import annotations

from typing import Any

from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.documents.notice_papers import notice_candidates
from core.errors import InvalidInput
from core.text import clean
from core.texts import Rich, join_lines, label, t

STEP = "papers"
DONE = "done"
MAX_CHOSEN = 10


def chosen(data: dict[str, Any]) -> list[tuple[int, str]]:
    return [(int(i), str(name)) for i, name in data.get("papers", [])]


async def show(turn: Turn, flow: str, data: dict[str, Any], error: Rich | None = None) -> list[Screen]:
    """The picker: what is chosen (not in the list below) first, then the recent or found documents."""
    query = str(data.get("paper_query") or "")
    try:
        found = await notice_candidates(turn.ctx, member=turn.member, query=query)
    except InvalidInput:  # nothing searchable typed («…»): the recent ones again
        data["paper_query"], query = "", ""
        found = await notice_candidates(turn.ctx, member=turn.member)
    picked = chosen(data)
    picked_ids = {i for i, _ in picked}
    found_ids = {i for i, _ in found}
    offer = [(i, n) for i, n in picked if i not in found_ids] + found
    data["paper_offer"] = [[i, n] for i, n in offer]
    await turn.save_state(flow, STEP, data)
    pairs = [
        (label("flow.papers.on" if i in picked_ids else "flow.papers.off", label=n), f"doc:{i}")
        for i, n in offer
    ]
    options = await turn.choices(flow, [*pairs, (label("flow.papers.done"), DONE)])
    if query:
        head = t("flow.papers.found", query=query) if found else t("flow.papers.not_found", query=query)
    else:
        head = t("flow.papers.recent") if found else t("flow.papers.empty")
    lines = [*((error,) if error else ()), t("flow.papers.ask", n=len(picked)), head]
    return [Screen(join_lines(lines), options)]


async def on_step(turn: Turn, flow: str, data: dict[str, Any]) -> list[Screen] | None:
    """One answer on the picker; None when «Xong» was chosen (the summary comes next)."""
    if turn.choice == DONE:
        data.pop("paper_offer", None)
        data.pop("paper_query", None)
        return None
    typed = clean(turn.event.text)
    if turn.event.token is None and not (turn.choice and typed.isdigit()):
        data["paper_query"] = typed[:200]  # words or a document number: a search, never a guess
        return await show(turn, flow, data)
    value = turn.choice or ""
    if not value.startswith("doc:") or not value[4:].isdigit():
        return await turn.repeat_choices()
    return await show(turn, flow, data, _toggle(data, int(value[4:])))


def _toggle(data: dict[str, Any], document_id: int) -> Rich | None:
    picked = chosen(data)
    if any(i == document_id for i, _ in picked):
        data["papers"] = [[i, n] for i, n in picked if i != document_id]
        return None
    if len(picked) >= MAX_CHOSEN:
        return t("flow.papers.too_many", n=MAX_CHOSEN)
    offered = {int(i): str(n) for i, n in data.get("paper_offer", [])}
    if document_id in offered:  # visibility is checked again in core when the meeting is sent
        data["papers"] = [*([i, n] for i, n in picked), [document_id, offered[document_id]]]
    return None
