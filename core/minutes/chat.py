"""After the meeting: the secretary posts the conclusion and downloads the minutes, from the chat."""

from __future__ import annotations

from typing import Any

from core.conversation.registry import action, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.documents import library, remote, rules
from core.documents.chat_library import file_screen
from core.errors import InvalidInput
from core.minutes import service
from core.text import clean_lines
from core.texts import join_lines, label, plain, t

FLOW = "minutes.conclusion"


@action("minutes.conclude")
async def on_conclude(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    current = await service.current_conclusion(turn.ctx, actor=turn.member, meeting_id=meeting_id)
    await turn.save_state(FLOW, "text", {"meeting_id": meeting_id})
    options = await turn.choices(FLOW, [(label("flow.cancel"), "cancel")])
    lines = [t("conclusion.ask")]
    if current:
        lines += [t("conclusion.current"), plain(current)]
    return [Screen(join_lines(lines), options)]


@flow(FLOW)
async def on_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    data = dict(turn.state["data"])
    if turn.state["step"] == "confirm" and turn.choice == "send":
        meeting_id = int(data["meeting_id"])
        documents = await service.conclusion_documents(
            turn.ctx, actor=turn.member, meeting_id=meeting_id, files=list(data.get("files", []))
        )
        count = await service.post_conclusion(
            turn.ctx,
            actor=turn.member,
            meeting_id=meeting_id,
            text=str(data.get("text", "")),
            document_ids=documents,
        )
        await turn.clear_state()
        options = await turn.options(
            [(label("minutes.btn.file"), "minutes.file", {"meeting_id": data["meeting_id"]})]
        )
        return [Screen(t("conclusion.sent", n=count), options)]
    if turn.event.file is not None:  # kept aside: it goes out only with the conclusion
        data["files"] = [*data.get("files", []), await _kept_file(turn)]
    text = clean_lines(turn.event.text)
    if not text and turn.event.file is None:
        return await turn.repeat_choices()
    data["text"] = "\n".join(
        part for part in (data.get("text", ""), text) if part
    )  # long texts come in pieces
    await turn.save_state(FLOW, "confirm", data)
    pairs = [(label("conclusion.btn.send"), "send"), (label("flow.cancel"), "cancel")]
    return [
        Screen(
            join_lines(
                [
                    t("conclusion.preview"),
                    plain(data.get("text", "")),
                    t("conclusion.files", n=len(data.get("files", []))),
                    t("conclusion.more"),
                ]
            ),
            await turn.choices(FLOW, pairs),
            columns=2,
        )
    ]


async def _kept_file(turn: Turn) -> dict[str, Any]:
    """The file checked and stored (once per content), not yet a document anyone is told about."""
    file = turn.event.file
    assert file is not None
    rules.check_size(file.size)
    if file.fetch is None:
        raise InvalidInput("document_type_unsupported", name=file.name or "?")
    upload = await library.receive_file(
        turn.ctx, actor=turn.member, file_name=file.name or "", data=await file.fetch()
    )
    await remote.remember_remote_id(turn.ctx, upload.draft.sha256, turn.event.channel, file.file_id)
    existing = upload.existing.id if upload.existing is not None else None
    draft = upload.draft
    return {
        "sha256": draft.sha256,
        "name": draft.file_name,
        "title": draft.title or draft.file_name,
        "existing": existing,
    }


@action("minutes.file")
async def on_file(turn: Turn) -> list[Screen]:
    view = await service.minutes_document(
        turn.ctx, actor=turn.member, meeting_id=int(turn.args["meeting_id"])
    )
    return [file_screen(view)]
