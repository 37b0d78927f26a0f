"""Forwarding a document to the cells below in one action, and publishing it to every member."""

from __future__ import annotations

from typing import Any

from core.conversation.registry import action, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.documents import forwarding, library
from core.outbox.report import report_text
from core.texts import join_lines, label, names_block, t

FORWARD = "document.forward"
PUBLISH = "document.publish"


@action("document.forward")
async def on_forward(turn: Turn) -> list[Screen]:
    document_id = int(turn.args["document_id"])
    cells = await forwarding.forward_targets(turn.ctx, actor=turn.member, document_id=document_id)
    if not cells:
        return [Screen(t("forward.no_cells"))]
    await turn.save_state(FORWARD, "scope", {"document_id": document_id, "selected": []})
    pairs = [
        (label("forward.btn.all", n=len(cells)), "all"),
        (label("forward.btn.pick"), "pick"),
        (label("flow.cancel"), "cancel"),
    ]
    return [Screen(t("forward.ask_scope"), await turn.choices(FORWARD, pairs))]


@flow(FORWARD)
async def on_forward_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "scope" and turn.choice == "all":
        data["selected"] = None
        return await _ask_destination(turn, data)
    if (step == "scope" and turn.choice == "pick") or (step == "pick" and turn.choice is None):
        return await _pick(turn, data)
    if step == "pick":
        return await _toggle(turn, data)
    if step == "dest" and turn.choice in forwarding.DESTINATIONS:
        await turn.clear_state()
        result = await forwarding.forward_document(
            turn.ctx,
            actor=turn.member,
            document_id=int(data["document_id"]),
            unit_ids=data["selected"],
            to=turn.choice,
        )
        return [Screen(_result_text(result, turn.choice))]
    return await turn.repeat_choices()


async def _pick(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    cells = await forwarding.forward_targets(
        turn.ctx, actor=turn.member, document_id=int(data["document_id"])
    )
    chosen = set(data.get("selected") or [])
    await turn.save_state(FORWARD, "pick", {**data, "selected": sorted(chosen)})
    pairs = [(("✅ " if uid in chosen else "▫️ ") + name, str(uid)) for uid, name in cells]
    pairs += [(label("forward.btn.done", n=len(chosen)), "done"), (label("flow.cancel"), "cancel")]
    return [Screen(t("forward.ask_cells"), await turn.choices(FORWARD, pairs))]


async def _toggle(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    chosen = set(data.get("selected") or [])
    if turn.choice == "done":
        if not chosen:
            return [*await _pick(turn, data)]
        return await _ask_destination(turn, data)
    if turn.choice is not None and turn.choice.isdigit():
        chosen ^= {int(turn.choice)}
    return await _pick(turn, {**data, "selected": sorted(chosen)})


async def _ask_destination(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    await turn.save_state(FORWARD, "dest", data)
    pairs = [
        (label("forward.btn.library"), "library"),
        (label("forward.btn.meeting"), "meeting"),
        (label("flow.cancel"), "cancel"),
    ]
    return [Screen(t("forward.ask_destination"), await turn.choices(FORWARD, pairs))]


def _result_text(result: forwarding.ForwardResult, to: str) -> Any:
    """One line per group of cells, only the groups that have any."""
    groups = [
        (f"forward.added.{to}", result.added),
        ("forward.no_meeting", result.no_meeting),
        ("forward.already", result.already),
    ]
    return join_lines([names_block(key, names) for key, names in groups if names])


@action("document.publish")
async def on_publish(turn: Turn) -> list[Screen]:
    document_id = int(turn.args["document_id"])
    units = await library.document_units(turn.ctx, actor=turn.member)
    await turn.save_state(PUBLISH, "unit", {"document_id": document_id})
    pairs = [(label("publish.btn.unit", unit=name), str(uid)) for uid, name in units]
    pairs.append((label("flow.cancel"), "cancel"))
    return [Screen(t("publish.ask_unit"), await turn.choices(PUBLISH, pairs))]


@flow(PUBLISH)
async def on_publish_step(turn: Turn) -> list[Screen]:
    """A unit first, then a question with the count (and the date, when it was sent there before)."""
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "confirm" and turn.choice == "send":
        return await _publish(turn, data)
    units = dict(await library.document_units(turn.ctx, actor=turn.member))
    if step != "unit" or turn.choice is None or not turn.choice.isdigit() or int(turn.choice) not in units:
        return await turn.repeat_choices()
    preview = await forwarding.publish_preview(
        turn.ctx, actor=turn.member, document_id=int(data["document_id"]), unit_id=int(turn.choice)
    )
    data.update(unit_id=int(turn.choice), again=preview.sent_at is not None)
    await turn.save_state(PUBLISH, "confirm", data)
    lines = [t("publish.ask_confirm", n=preview.recipients, unit=preview.unit)]
    if preview.sent_at is not None:
        lines.insert(
            0,
            t(
                "publish.already",
                unit=preview.unit,
                date=forwarding.sent_text(preview.sent_at, turn.ctx.zone),
            ),
        )
    send = "publish.btn.send_again" if preview.sent_at is not None else "publish.btn.send"
    pairs = [(label(send, n=preview.recipients), "send"), (label("flow.cancel"), "cancel")]
    return [Screen(join_lines(lines), await turn.choices(PUBLISH, pairs))]


async def _publish(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    await turn.clear_state()
    publication_id = await forwarding.publish_document(
        turn.ctx,
        actor=turn.member,
        document_id=int(data["document_id"]),
        unit_id=int(data["unit_id"]),
        again=bool(data.get("again")),
    )
    units = dict(await library.document_units(turn.ctx, actor=turn.member))
    options = await turn.options(
        [(label("notice.btn.report"), "publication.report", {"publication_id": publication_id})]
    )
    return [Screen(t("publish.queued", unit=units.get(int(data["unit_id"]), "")), options)]


@action("publication.report")
async def on_report(turn: Turn) -> list[Screen]:
    publication_id = int(turn.args["publication_id"])
    found = await forwarding.publication_report(turn.ctx, actor=turn.member, publication_id=publication_id)
    options = await turn.options(
        [(label("meeting.btn.refresh"), "publication.report", {"publication_id": publication_id})]
    )
    return [Screen(report_text(t("publish.report_title", total=found.total), found), options)]
