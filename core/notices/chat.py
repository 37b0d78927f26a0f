"""A secretary's notice to the unit, written in the chat, and its delivery report."""

from __future__ import annotations

from typing import Any

from core.conversation.registry import action, command, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.errors import Forbidden
from core.notices import service
from core.outbox.report import report_text
from core.text import fold, nfc
from core.texts import Rich, join_lines, label, plain, t

FLOW = "notice.send"
PREVIEW_CHARS = 600
SEND_WORDS = {"gui", "gui di", "gui thong bao", "✅ gui"}


@command("thongbao", "thong bao", "gui thong bao")
async def cmd_notice(turn: Turn) -> list[Screen]:
    units = await service.notice_units(turn.ctx, actor=turn.member)
    if not units:
        raise Forbidden("not_secretary")
    if len(units) == 1:
        return await _ask_text(turn, {"unit_id": units[0][0], "unit_name": units[0][1]})
    await turn.save_state(FLOW, "unit", {})
    options = await turn.choices(FLOW, [(name, str(uid)) for uid, name in units])
    return [Screen(t("notice.ask_unit"), options)]


async def _ask_text(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    await turn.save_state(FLOW, "text", data)
    options = await turn.choices(FLOW, [(label("flow.cancel"), "cancel")])
    return [Screen(t("notice.ask_text", unit=data["unit_name"]), options)]


@flow(FLOW)
async def on_notice_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "unit":
        units = dict(await service.notice_units(turn.ctx, actor=turn.member))
        if turn.choice is None or int(turn.choice) not in units:
            return await turn.repeat_choices()
        return await _ask_text(turn, {"unit_id": int(turn.choice), "unit_name": units[int(turn.choice)]})
    if step == "confirm" and turn.choice is None and fold(turn.event.text or "").strip() in SEND_WORDS:
        turn.choice = "send"  # typed instead of pressed
    if step == "text" or (turn.choice is None and (turn.event.text or turn.event.file)):
        return await _on_text(turn, data)  # a long text arrives as several messages: each one is added
    if turn.choice == "send":
        notice_id = await service.send_notice(
            turn.ctx,
            actor=turn.member,
            unit_id=int(data["unit_id"]),
            text=data.get("text", ""),
            attachment=data.get("attachment"),
        )
        await turn.clear_state()
        options = await turn.options(
            [(label("notice.btn.report"), "notice.report", {"notice_id": notice_id})]
        )
        return [Screen(t("notice.queued"), options)]
    return await turn.repeat_choices()


async def _on_text(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    text = nfc(turn.event.text or "").strip()
    file = turn.event.file
    if not text and file is None:
        return [Screen(t("notice.ask_text", unit=data["unit_name"]))]
    more = bool(data.get("text") or data.get("attachment"))
    data["text"] = "\n".join(part for part in (data.get("text", ""), text) if part)
    if file is not None:
        data["attachment"] = {"channel": turn.event.channel, "file_id": file.file_id, "name": file.name}
    await turn.save_state(FLOW, "confirm", data)
    options = await turn.choices(FLOW, [(label("notice.btn.send"), "send"), (label("flow.cancel"), "cancel")])
    return [Screen(_preview(data, more), options, columns=2)]


def _preview(data: dict[str, Any], more: bool) -> Rich:
    """The start of the notice, its full length, the file; sent in full only with «Gửi»."""
    text: str = data["text"]
    shown = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"
    lines = [t("notice.appended") if more else t("notice.preview", unit=data["unit_name"]), plain(shown)]
    lines.append(t("notice.preview_length", n=len(text)))
    if data.get("attachment"):
        lines.append(t("notice.preview_file", name=data["attachment"].get("name") or ""))
    lines.append(t("notice.preview_hint"))
    return join_lines(lines)


@action("notice.report")
async def on_report(turn: Turn) -> list[Screen]:
    notice_id = int(turn.args["notice_id"])
    found = await service.delivery_report(turn.ctx, actor=turn.member, notice_id=notice_id)
    options = await turn.options([(label("meeting.btn.refresh"), "notice.report", {"notice_id": notice_id})])
    return [Screen(report_text(t("notice.report.title", total=found.total), found), options)]
