"""Drafts in the chat: the secretary posts and finalises; members read, comment, edit or withdraw."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from core.conversation.registry import action, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.documents.chat_upload import paper_from_file
from core.drafts import service
from core.errors import InvalidInput
from core.meetings.views import when_text
from core.text import clean, clean_lines
from core.texts import Rich, join_lines, label, plain, t
from core.votes.follow import meeting_roll

NEW, COMMENT, FINAL = "draft.new", "draft.comment", "draft.final"
MARKS = {True: "✅", False: "➖", None: "⏳"}


@action("drafts.list")
async def on_list(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    drafts = await service.meeting_drafts(turn.ctx, member=turn.member, meeting_id=meeting_id)
    lines = [t("draft.list.title")] + [
        t("draft.list.item", n=n, title=d.title) for n, d in enumerate(drafts, 1)
    ]
    specs = [(f"{n}. {d.title[:50]}", "draft.comments", {"draft_id": d.id}) for n, d in enumerate(drafts, 1)]
    specs.append((label("draft.btn.new"), "draft.new", {"meeting_id": meeting_id}))
    return [
        Screen(join_lines(lines if drafts else [*lines, t("draft.list.none")]), await turn.options(specs))
    ]


@action("draft.new")
async def on_new(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    await meeting_roll(turn.ctx, actor=turn.member, meeting_id=meeting_id)  # may manage this meeting?
    return await _ask(turn, NEW, "title", {"meeting_id": meeting_id}, [])


async def _ask(
    turn: Turn, name: str, step: str, data: dict[str, Any], pairs: list[tuple[str, str]]
) -> list[Screen]:
    await turn.save_state(name, step, data)
    options = await turn.choices(name, [*pairs, (label("flow.cancel"), "cancel")])
    return [Screen(t(f"draft.ask.{step}"), options)]


@flow(NEW)
async def on_new_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    try:
        return await _new_step(turn, step, data)
    except InvalidInput as exc:  # the reason, and the same question again: never a dead end
        pairs = _windows() if step == "window" else []
        return [Screen(t(f"error.{exc.code}", **exc.params)), *await _ask(turn, NEW, step, data, pairs)]


async def _new_step(turn: Turn, step: str, data: dict[str, Any]) -> list[Screen]:
    if step == "title" and clean(turn.event.text):
        return await _ask(
            turn, NEW, "text", {**data, "title": service.checked_title(turn.event.text or "")}, []
        )
    if step in ("text", "window") and turn.event.file is not None:  # a document attached to the draft
        view = await paper_from_file(turn, int(data["meeting_id"]))
        data["documents"] = [*data.get("documents", []), view.id]
        return await _ask_window(turn, data)
    if step in ("text", "window") and turn.choice is None and clean_lines(turn.event.text):  # in pieces
        text = "\n".join(p for p in (data.get("text", ""), clean_lines(turn.event.text)) if p)
        data["text"] = service.checked_text(text)
        return await _ask_window(turn, data)
    if step == "window" and turn.choice in ("meeting", "day", "three"):
        found = await meeting_roll(turn.ctx, actor=turn.member, meeting_id=int(data["meeting_id"]))
        now = turn.ctx.clock.now()
        closes = {
            "meeting": found.meeting.starts_at,
            "day": now + timedelta(days=1),
            "three": now + timedelta(days=3),
        }
        draft = await service.post_draft(
            turn.ctx,
            actor=turn.member,
            meeting_id=int(data["meeting_id"]),
            title=data["title"],
            text=data.get("text", ""),
            closes_at=closes[turn.choice],
            document_ids=tuple(data.get("documents", [])),
        )
        await turn.clear_state()
        return [Screen(t("draft.posted_ok", until=when_text(draft.closes_at, turn.ctx.zone)))]
    return await turn.repeat_choices()


def _windows() -> list[tuple[str, str]]:
    return [(label(f"draft.window.{w}"), w) for w in ("meeting", "day", "three")]


async def _ask_window(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    screens = await _ask(turn, NEW, "window", data, _windows())
    if data.get("documents"):
        screens.insert(0, Screen(t("draft.attached", n=len(data["documents"]))))
    return screens


@action("draft.read")
async def on_read(turn: Turn) -> list[Screen]:
    draft, mine = await service.read_draft(turn.ctx, member=turn.member, draft_id=int(turn.args["draft_id"]))
    lines: list[Rich] = [t("draft.title", title=draft.title), plain(draft.final_text or draft.text)]
    lines.append(t("draft.until", until=when_text(draft.closes_at, turn.ctx.zone)))
    specs: list[tuple[str, str, dict[str, Any]]] = [
        (label("draft.btn.comment"), "draft.comment", {"draft_id": draft.id})
    ]
    for n, document_id in enumerate(draft.document_ids or [], 1):
        specs.append((label("draft.btn.document", n=n), "document.file", {"document_id": document_id}))
    for n, c in enumerate(mine, 1):
        lines.append(t("draft.my_comment", n=n, text=c.text))
        specs += [
            (label("draft.btn.edit", n=n), "draft.edit", {"draft_id": draft.id, "comment_id": c.id}),
            (label("draft.btn.withdraw", n=n), "draft.withdraw", {"comment_id": c.id}),
        ]
    return [Screen(join_lines(lines), await turn.options(specs), columns=2)]


@action("draft.comment")
async def on_comment(turn: Turn) -> list[Screen]:
    return await _ask(turn, COMMENT, "comment", {"draft_id": int(turn.args["draft_id"])}, [])


@action("draft.edit")
async def on_edit(turn: Turn) -> list[Screen]:
    data = {"draft_id": int(turn.args["draft_id"]), "comment_id": int(turn.args["comment_id"])}
    return await _ask(turn, COMMENT, "comment", data, [])


@flow(COMMENT)
async def on_comment_text(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    data, text = turn.state["data"], turn.event.text or ""
    if not clean_lines(text):
        return await turn.repeat_choices()
    if "comment_id" in data:
        await service.change_comment(
            turn.ctx, member=turn.member, comment_id=int(data["comment_id"]), text=text
        )
    else:
        await service.add_comment(turn.ctx, member=turn.member, draft_id=int(data["draft_id"]), text=text)
    await turn.clear_state()
    ref = {"draft_id": data["draft_id"]}
    options = await turn.options(
        [
            (label("draft.btn.comment_more"), "draft.comment", ref),
            (label("draft.btn.read"), "draft.read", ref),
        ]
    )
    return [
        Screen(
            t("draft.comment_saved" if "comment_id" not in data else "draft.comment_changed"),
            options,
            columns=2,
        )
    ]


@action("draft.withdraw")
async def on_withdraw(turn: Turn) -> list[Screen]:
    await service.change_comment(
        turn.ctx, member=turn.member, comment_id=int(turn.args["comment_id"]), text=None
    )
    return [Screen(t("draft.comment_withdrawn"), close_pressed=True)]


@action("draft.comments")
async def on_comments(turn: Turn) -> list[Screen]:
    draft_id = int(turn.args["draft_id"])
    if "comment_id" in turn.args:
        await service.mark_comment(
            turn.ctx,
            actor=turn.member,
            comment_id=int(turn.args["comment_id"]),
            taken_in=bool(turn.args["taken_in"]),
        )
    draft, comments = await service.all_comments(turn.ctx, actor=turn.member, draft_id=draft_id)
    lines = [t("draft.comments.title", title=draft.title, n=len(comments))]
    specs: list[tuple[str, str, dict[str, Any]]] = []
    for c in comments:
        lines.append(t("draft.comments.item", n=c.number, mark=MARKS[c.taken_in], name=c.author, text=c.text))
        for taken in (True, False):
            specs.append(
                (
                    label("draft.btn.take" if taken else "draft.btn.skip", n=c.number),
                    "draft.comments",
                    {"draft_id": draft_id, "comment_id": c.id, "taken_in": taken},
                )
            )
    specs.append((label("draft.btn.final"), "draft.final", {"draft_id": draft_id}))
    return [Screen(join_lines(lines), await turn.options(specs[:99]), columns=2)]


@action("draft.final")
async def on_final(turn: Turn) -> list[Screen]:
    return await _ask(turn, FINAL, "final", {"draft_id": int(turn.args["draft_id"])}, [])


@flow(FINAL)
async def on_final_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    data = dict(turn.state["data"])
    if turn.state["step"] == "confirm" and turn.choice == "send":
        await turn.clear_state()
        count = await service.finalize(
            turn.ctx, actor=turn.member, draft_id=int(data["draft_id"]), final_text=data["text"]
        )
        return [Screen(t("draft.final_sent", n=count))]
    if not clean_lines(turn.event.text):
        return await turn.repeat_choices()
    data["text"] = "\n".join(p for p in (data.get("text", ""), clean_lines(turn.event.text)) if p)
    await turn.save_state(FINAL, "confirm", data)
    options = await turn.choices(
        FINAL, [(label("draft.btn.send_final"), "send"), (label("flow.cancel"), "cancel")]
    )
    return [Screen(join_lines([t("draft.final_preview"), plain(data["text"])]), options, columns=2)]
