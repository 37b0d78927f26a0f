"""/giaoviec: a secretary assigns a task step by step, sees a summary, corrects it, then sends it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.conversation.registry import command, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.errors import Forbidden
from core.meetings.views import when_text
from core.tasks import rules, service
from core.tasks.asking import (
    apply_due,
    apply_people,
    ask_due,
    ask_people,
    chosen_names,
    not_joined_line,
    people_data,
)
from core.tasks.views import due_text
from core.text import clean, clean_lines
from core.texts import Rich, join_lines, label, t

FLOW = "task.assign"
STEPS = ("unit_id", "chosen", "title", "details", "due", "meeting", "document", "plan")
SKIP = "__skip__"
EDITS = {
    "people": ("chosen",),
    "title": ("title",),
    "details": ("details",),
    "due": ("due",),
    "link": ("meeting", "document"),
    "plan": ("plan",),
}


@command("giaoviec", "giao viec", "giao viec moi", "giao nhiem vu")
async def cmd_assign(turn: Turn) -> list[Screen]:
    units = await service.assign_units(turn.ctx, actor=turn.member)
    if not units:
        raise Forbidden("not_secretary")
    data: dict[str, Any] = {"units": units}
    if len(units) == 1:
        await _set_unit(turn, data, units[0][0], units[0][1])
    return await _ask_next(turn, data)


async def _set_unit(turn: Turn, data: dict[str, Any], unit_id: int, name: str) -> None:
    data["unit_id"], data["unit_name"] = unit_id, name
    data.update(people_data(await service.unit_people(turn.ctx, actor=turn.member, unit_id=unit_id)))
    meetings = await service.unit_meetings(turn.ctx, actor=turn.member, unit_id=unit_id)
    data["meetings"] = [[mid, _meeting_label(kind, at, turn)] for mid, at, kind in meetings]
    if not meetings:
        data["meeting"] = SKIP
    documents = await service.unit_documents(turn.ctx, actor=turn.member)
    data["documents"] = [[did, title] for did, title in documents]
    if not documents:
        data["document"] = SKIP


def _meeting_label(kind: str, at: datetime, turn: Turn) -> str:
    return label("task.meeting_label", kind=label(f"meeting.kind.{kind}"), when=when_text(at, turn.ctx.zone))


@flow(FLOW)
async def on_assign_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    pressed = turn.choice
    if step == "confirm":
        return await _on_confirm(turn, data, pressed or "")
    typed = clean_lines(turn.event.text) if step == "details" else clean(turn.event.text)
    error = await _apply(turn, step, data, pressed, typed)
    if step == "chosen" and error is None:
        understood = t("task.assign.understood", names=chosen_names(data))
        return await _ask_next(turn, data, join_lines([understood, *not_joined_line(data)]))
    return await _ask_next(turn, data, error)


async def _apply(turn: Turn, step: str, data: dict[str, Any], pressed: str | None, typed: str) -> Rich | None:
    if step == "unit_id":
        units = {int(uid): str(name) for uid, name in data["units"]}
        if pressed is None or int(pressed) not in units:
            return t("flow.pick_option")
        await _set_unit(turn, data, int(pressed), units[int(pressed)])
    elif step == "chosen":
        return apply_people(data, typed)
    elif step == "title":
        if not typed or len(typed) > rules.MAX_TITLE:
            return t("task.assign.title_invalid", limit=rules.MAX_TITLE)
        data["title"] = typed
    elif step == "details":
        data["details"] = "" if pressed == SKIP else typed[: rules.MAX_DETAILS]
    elif step == "due":
        return apply_due(turn, data, typed)
    elif step == "meeting":
        known = {str(mid) for mid, _ in data["meetings"]}
        if pressed not in known and pressed != SKIP:
            return t("flow.pick_option")
        data["meeting"] = pressed
    elif step == "document":
        if pressed not in {str(did) for did, _ in data["documents"]} and pressed != SKIP:
            return t("flow.pick_option")
        data["document"] = pressed
    elif step == "plan":
        plan = rules.PLANS.get(pressed or "") if pressed else rules.parse_plan(typed)
        if plan is None:
            return t("task.assign.plan_invalid")
        data["plan"] = list(plan)
    return None


def _missing(data: dict[str, Any]) -> str | None:
    return next((step for step in STEPS if data.get(step) is None), None)


async def _ask_next(turn: Turn, data: dict[str, Any], head: Rich | None = None) -> list[Screen]:
    step = _missing(data) or "confirm"
    await turn.save_state(FLOW, step, data)
    prefix = (head,) if head else ()
    if step == "confirm":
        return [await _summary(turn, data, prefix)]
    pairs: list[tuple[str, str]] = []
    if step == "unit_id":
        pairs = [(str(name), str(uid)) for uid, name in data["units"]]
    elif step == "details":
        pairs = [(label("task.btn.skip"), SKIP)]
    elif step == "meeting":
        pairs = [(str(text), str(mid)) for mid, text in data["meetings"]]
        pairs.append((label("task.btn.no_meeting"), SKIP))
    elif step == "document":
        pairs = [(str(title), str(did)) for did, title in data["documents"]]
        pairs.append((label("task.btn.no_document"), SKIP))
    elif step == "plan":
        pairs = [(label(f"task.plan.{key}"), key) for key in rules.PLANS]
    if step != "chosen":
        pairs.append((label("flow.cancel"), "cancel"))
    options = await turn.choices(FLOW, pairs) if pairs else ()
    return [Screen(join_lines([*prefix, _question(turn, step, data)]), options)]


def _question(turn: Turn, step: str, data: dict[str, Any]) -> Rich:
    if step == "chosen":
        return ask_people(data["people"])
    if step == "due":
        return ask_due(turn)
    return t(f"task.assign.ask_{step}", unit=data.get("unit_name", ""))


def plan_text(plan: list[str]) -> str:
    if not plan:
        return label("task.plan.none")
    return ", ".join(
        label("task.plan.item_morning") if p == "morning" else label("task.plan.item_days", n=p[:-1])
        for p in plan
    )


def summary_text(turn: Turn, data: dict[str, Any]) -> Rich:
    due = datetime.fromisoformat(data["due"])
    meeting = next((text for mid, text in data["meetings"] if str(mid) == data.get("meeting")), None)
    lines = [
        t("task.assign.summary_title", unit=data["unit_name"]),
        t("task.line.title", title=data["title"]),
        t("task.assign.summary_people", names=chosen_names(data)),
        *not_joined_line(data),
        t("task.line.due", when=due_text(due, turn.ctx.zone)),
    ]
    if data.get("due_default_time"):
        lines.append(t("task.assign.summary_default_time", time=f"{rules.DEFAULT_DUE_TIME:%H:%M}"))
    if data.get("details"):
        lines.append(t("task.assign.summary_details", details=data["details"]))
    if meeting:
        lines.append(t("task.line.meeting", meeting=meeting))
    document = next((title for did, title in data["documents"] if str(did) == data.get("document")), None)
    if document:
        lines.append(t("task.line.document", title=document))
    lines.append(t("task.assign.summary_plan", plan=plan_text(data["plan"])))
    return join_lines(lines)


async def _summary(turn: Turn, data: dict[str, Any], prefix: tuple[Rich, ...]) -> Screen:
    linkable = bool(data["meetings"] or data["documents"])
    keys = [key for key in EDITS if key != "link" or linkable]
    pairs = [(label("task.btn.send"), "send")] + [
        (label(f"task.btn.edit_{key}"), f"edit:{key}") for key in keys
    ]
    pairs.append((label("flow.cancel"), "cancel"))
    options = await turn.choices(FLOW, pairs)
    return Screen(
        join_lines([*prefix, summary_text(turn, data), t("task.assign.summary_hint")]), options, columns=2
    )


async def _on_confirm(turn: Turn, data: dict[str, Any], choice: str) -> list[Screen]:
    if choice == "send":
        done = await service.assign_task(turn.ctx, actor=turn.member, draft=_draft(data))
        await turn.clear_state()
        options = await turn.options([(label("task.btn.card"), "task.card", {"task_id": done.task.id})])
        lines = [t("task.assign.sent", n=len(data["chosen"]), title=done.task.title)]
        if done.not_joined:
            lines.append(t("task.assign.sent_not_joined", names=", ".join(done.not_joined)))
        return [Screen(join_lines(lines), options)]
    fields = EDITS.get(choice.removeprefix("edit:"))
    if fields is None:
        return await turn.repeat_choices()
    for field in fields:
        data.pop(field, None)
    for field, choices in (("meeting", "meetings"), ("document", "documents")):
        if not data[choices]:
            data[field] = SKIP  # nothing to choose from: not asked
    return await _ask_next(turn, data)


def _draft(data: dict[str, Any]) -> service.TaskDraft:
    meeting, document = data.get("meeting"), data.get("document")
    return service.TaskDraft(
        unit_id=int(data["unit_id"]),
        title=data["title"],
        details=data.get("details") or "",
        due_at=datetime.fromisoformat(data["due"]),
        member_ids=tuple(int(m) for m in data["chosen"]),
        meeting_id=int(meeting) if meeting and meeting != SKIP else None,
        document_id=int(document) if document and document != SKIP else None,
        remind_plan=tuple(data["plan"]),
    )
