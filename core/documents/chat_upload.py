"""A secretary or editor sends a file: it is stored, its details proposed, confirmed or corrected."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.conversation.registry import action, flow, on_file
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.documents import library, papers, remote, rules
from core.documents.chat_library import document_actions
from core.documents.library import DocumentDraft
from core.documents.numbers import issuer_name, type_name
from core.documents.views import DocumentView, card
from core.errors import DomainError, InvalidInput
from core.org.rules import holds_any
from core.text import clean, fold
from core.texts import Rich, join_lines, label, t

FLOW = "document.add"
FIELDS = ("title", "number", "date", "summary")
UNIT_CHOICES = 90  # a Telegram keyboard holds 100 buttons
CLEAR_WORDS = {"bo", "bo trong", "khong", "-", "xoa"}


@on_file
async def on_file_sent(turn: Turn) -> list[Screen]:
    if not holds_any(turn.member, "document.manage"):
        return [Screen(t("document.upload.not_allowed"))]
    return await receive(turn, {})


@action("document.add")
async def on_add(turn: Turn) -> list[Screen]:
    """«Thêm tài liệu»: wait for the file (for a meeting when `meeting_id` is given)."""
    data: dict[str, Any] = {k: turn.args[k] for k in ("meeting_id", "meeting_label") if k in turn.args}
    await turn.save_state(FLOW, "file", data)
    options = await turn.choices(FLOW, [(label("flow.cancel"), "cancel")])
    return [Screen(t("document.upload.ask_file", limit=rules.MAX_BYTES // 2**20), options)]


async def receive(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    upload = await _received(turn)
    if upload.existing is not None:
        await turn.clear_state()
        view = upload.existing
        return [
            Screen(
                join_lines([t("document.upload.duplicate"), card(view)]),
                await turn.options(await document_actions(turn, view)),
                columns=2,
            )
        ]
    units = await library.document_units(turn.ctx, actor=turn.member)
    data.update(
        draft=upload.draft.to_state(), unit_id=units[0][0], unit_name=units[0][1], many=len(units) > 1
    )
    if not upload.draft.title:
        return await _ask(turn, data, "title")
    return await _confirm(turn, data, t("document.upload.read_from", name=upload.draft.file_name))


@flow(FLOW, cancelled="document.upload.cancelled")
async def on_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if turn.event.file is not None and step != "file":  # a second file while the first waits
        name = DocumentDraft.from_state(data["draft"]).file_name if "draft" in data else ""
        return [Screen(t("document.upload.busy", name=name)), *await turn.repeat_choices()]
    if step == "file":
        if turn.event.file is None:
            return [Screen(t("document.upload.ask_file", limit=rules.MAX_BYTES // 2**20))]
        return await receive(turn, data)
    if step in FIELDS:
        return await _on_field(turn, data, step)
    if step == "unit":
        units = dict(await library.document_units(turn.ctx, actor=turn.member))
        if turn.choice is None or int(turn.choice) not in units:
            return await turn.repeat_choices()
        data.update(unit_id=int(turn.choice), unit_name=units[int(turn.choice)])
        return await _confirm(turn, data, t("document.upload.corrected"))
    if turn.choice in FIELDS:
        return await _ask(turn, data, turn.choice)
    if turn.choice == "unit":
        return await _ask_unit(turn, data)
    if turn.choice == "save":
        return await _save(turn, data)
    return await turn.repeat_choices()


async def _ask(turn: Turn, data: dict[str, Any], field: str) -> list[Screen]:
    await turn.save_state(FLOW, field, data)
    options = await turn.choices(FLOW, [(label("flow.cancel"), "cancel")])
    return [Screen(t(f"document.upload.ask_{field}"), options)]


async def _ask_unit(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    await turn.save_state(FLOW, "unit", data)
    units = await library.document_units(turn.ctx, actor=turn.member)
    options = await turn.choices(FLOW, [(name, str(uid)) for uid, name in units[:UNIT_CHOICES]])
    return [Screen(t("document.upload.ask_unit"), options)]


async def _on_field(turn: Turn, data: dict[str, Any], field: str) -> list[Screen]:
    text = clean(turn.event.text)
    draft = DocumentDraft.from_state(data["draft"])
    cleared = fold(text) in CLEAR_WORDS
    try:
        if field == "date":
            found = (
                None
                if cleared
                else rules.parse_issue_date(text, today=turn.ctx.clock.now().astimezone(turn.ctx.zone).date())
            )
            if found is None and not cleared:
                raise InvalidInput("document_date_invalid", value=text)
            draft = replace(draft, issued_on=found)
        else:
            value = "" if cleared else text  # «bỏ» empties a field; a title cannot be empty
            draft = library.checked(replace(draft, **{field: value}))  # type: ignore[arg-type]
    except DomainError as exc:
        return [Screen(join_lines([t(f"error.{exc.code}", **exc.params), t(f"document.upload.ask_{field}")]))]
    data["draft"] = draft.to_state()
    if field == "number":
        data["no_number"] = cleared  # «bỏ»: the document has no number, rather than one not read
    return await _confirm(turn, data, t("document.upload.corrected"))


async def _confirm(turn: Turn, data: dict[str, Any], head: Rich) -> list[Screen]:
    await turn.save_state(FLOW, "confirm", data)
    pairs = [(label("document.btn.save"), "save")]
    pairs += [(label(f"document.btn.fix_{f}"), f) for f in FIELDS]
    if data.get("many") and not data.get("meeting_id"):
        pairs.append((label("document.btn.fix_unit"), "unit"))
    pairs.append((label("flow.cancel"), "cancel"))
    return [
        Screen(
            join_lines([head, proposal_text(data), t("document.upload.confirm_hint")]),
            await turn.choices(FLOW, pairs),
            columns=2,
        )
    ]


def proposal_text(data: dict[str, Any]) -> Rich:
    draft = DocumentDraft.from_state(data["draft"])
    unknown = label("document.upload.unknown")
    kind = type_name(draft.type_code, draft.title) if draft.type_code else unknown
    issuer = (issuer_name(draft.issuer) or draft.issuer) if draft.issuer else unknown
    if data.get("document_id"):
        where = t("document.edit.same_file")
    elif data.get("meeting_id"):
        where = t("document.upload.for_meeting", meeting=data["meeting_label"])
    else:
        where = t("document.upload.for_unit", unit=data["unit_name"])
    return join_lines(
        [
            t("document.upload.field_title", value=draft.title or unknown),
            t(
                "document.upload.field_number",
                value=draft.number
                or (label("document.upload.no_number") if data.get("no_number") else unknown),
            ),
            t("document.upload.field_type", value=kind, issuer=issuer),
            t(
                "document.upload.field_date",
                value=f"{draft.issued_on:%d/%m/%Y}" if draft.issued_on else unknown,
            ),
            t("document.upload.field_summary", value=draft.summary or unknown),
            where,
        ]
    )


@action("document.edit")
async def on_edit(turn: Turn) -> list[Screen]:
    """Correct a saved document's details with the same screen that proposed them."""
    draft = await library.document_draft(
        turn.ctx, actor=turn.member, document_id=int(turn.args["document_id"])
    )
    data = {"draft": draft.to_state(), "document_id": int(turn.args["document_id"]), "unit_name": ""}
    return await _confirm(turn, data, t("document.edit.head"))


async def _save(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    draft = DocumentDraft.from_state(data["draft"])
    meeting_id = data.get("meeting_id")
    if data.get("document_id"):
        changes = {k: getattr(draft, k) for k in ("title", "number", "issued_on", "summary")}
        view = await library.update_document(
            turn.ctx, actor=turn.member, document_id=int(data["document_id"]), changes=changes
        )
        await turn.clear_state()
        return [
            Screen(
                join_lines([t("document.edit.saved"), card(view)]),
                await turn.options(await document_actions(turn, view)),
                columns=2,
            )
        ]
    if meeting_id:
        view = await papers.add_paper_file(
            turn.ctx, actor=turn.member, meeting_id=int(meeting_id), draft=draft
        )
    else:
        view = await library.add_document(
            turn.ctx, actor=turn.member, draft=draft, unit_id=int(data["unit_id"])
        )
    await turn.clear_state()
    head = t("document.upload.saved_paper" if meeting_id else "document.upload.saved")
    options = await turn.options(await document_actions(turn, view))
    return [Screen(join_lines([head, card(view)]), options, columns=2)]


async def _received(turn: Turn) -> library.Upload:
    """The file just sent, checked and stored, with what its caption, name and first page propose."""
    file = turn.event.file
    assert file is not None
    rules.check_size(file.size)
    if file.fetch is None:
        raise InvalidInput("document_type_unsupported", name=file.name or "?")
    upload = await library.receive_file(
        turn.ctx,
        actor=turn.member,
        file_name=file.name or "",
        data=await file.fetch(),
        caption=turn.event.text or "",  # the words sent with the file
    )
    # the messenger already has this file: sending it back later needs no new upload
    await remote.remember_remote_id(turn.ctx, upload.draft.sha256, turn.event.channel, file.file_id)
    return upload


async def paper_from_file(turn: Turn, meeting_id: int) -> DocumentView:
    """A file sent inside another flow (a draft, a conclusion): stored once, made a paper of the meeting."""
    upload = await _received(turn)
    if upload.existing is not None:
        await papers.attach_paper(
            turn.ctx, actor=turn.member, meeting_id=meeting_id, document_id=upload.existing.id
        )
        return upload.existing
    draft = upload.draft if upload.draft.title else replace(upload.draft, title=upload.draft.file_name)
    return await papers.add_paper_file(turn.ctx, actor=turn.member, meeting_id=meeting_id, draft=draft)
