"""/congviec: the secretary follows the unit's tasks by status, opens one, reassigns, extends or cancels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.conversation.registry import action, command, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.errors import Forbidden
from core.tasks import manage, rules, service
from core.tasks.asking import (
    apply_due,
    apply_people,
    ask_due,
    ask_people,
    chosen_names,
    not_joined_line,
    people_data,
)
from core.tasks.views import TaskCard, card_text, due_text
from core.text import clean
from core.texts import Rich, join_lines, label, t

EXTEND_FLOW = "task.extend"
REASSIGN_FLOW = "task.reassign"
MAX_LISTED = 30


@command("congviec", "cong viec", "theo doi viec", "theo doi cong viec")
async def cmd_follow(turn: Turn) -> list[Screen]:
    units = await service.assign_units(turn.ctx, actor=turn.member)
    if not units:
        raise Forbidden("not_secretary")
    if len(units) == 1:
        return await _overview(turn, units[0][0], units[0][1])
    options = await turn.options(
        [(name, "task.overview", {"unit_id": uid, "unit_name": name}) for uid, name in units]
    )
    return [Screen(t("task.follow.ask_unit"), options)]


@action("task.overview")
async def on_overview(turn: Turn) -> list[Screen]:
    return await _overview(turn, int(turn.args["unit_id"]), str(turn.args["unit_name"]))


async def _overview(turn: Turn, unit_id: int, unit_name: str) -> list[Screen]:
    tasks = await manage.unit_tasks(turn.ctx, actor=turn.member, unit_id=unit_id)
    counts = manage.counts(tasks)
    lines = [t("task.follow.title", unit=unit_name, n=len(tasks)), t("task.follow.counted")]
    lines += [_count_line(s, *counts.get(s, (0, 0))) for s in rules.LIST_STATUSES]
    specs: list[tuple[str, str, dict[str, Any]]] = [
        (
            label("task.btn.list", status=label(f"task.status.{s}"), n=counts[s][1]),
            "task.list",
            {"unit_id": unit_id, "unit_name": unit_name, "status": s},
        )
        for s in rules.LIST_STATUSES
        if s in counts
    ]
    specs.append((label("task.btn.assign_new"), "menu.cmd", {"cmd": "giaoviec"}))
    return [Screen(join_lines(lines), await turn.options(specs), columns=2)]


def _count_line(status: str, people: int, tasks: int) -> Rich:
    key = "task.follow.count_in" if people else "task.follow.count"
    return t(key, status=label(f"task.status.{status}"), n=people, tasks=tasks)


@action("task.list")
async def on_list(turn: Turn) -> list[Screen]:
    """The tasks where someone is in this status, with who."""
    status, unit_id = str(turn.args["status"]), int(turn.args["unit_id"])
    found = await manage.unit_tasks(turn.ctx, actor=turn.member, unit_id=unit_id)
    tasks = [(u.view, [name for name, s in u.people if s == status]) for u in found]
    tasks = [(view, names) for view, names in tasks if names]
    lines = [
        t(
            "task.follow.list_title",
            status=label(f"task.status.{status}"),
            unit=str(turn.args["unit_name"]),
            n=len(tasks),
        )
    ]
    lines += [
        t(
            "task.follow.list_line",
            i=i,
            title=v.title,
            when=due_text(v.due_at, turn.ctx.zone),
            names=", ".join(names),
        )
        for i, (v, names) in enumerate(tasks[:MAX_LISTED], 1)
    ]
    if not tasks:
        lines.append(t("task.follow.list_empty"))
    options = await turn.options(
        [
            (label("task.btn.open_n", i=i, title=v.title[:40]), "task.card", {"task_id": v.id})
            for i, (v, _) in enumerate(tasks[:MAX_LISTED], 1)
        ]
    )
    return [Screen(join_lines(lines), options)]


async def _card_screen(turn: Turn, card: TaskCard, head: Rich | None = None) -> Screen:
    specs: list[tuple[str, str, dict[str, Any]]] = []
    if card.task.status != "cancelled":
        specs = [
            (label(f"task.btn.{n}"), f"task.{n}_start", {"task_id": card.task.id})
            for n in ("reassign", "extend", "cancel")
        ]
    files = {r.file_name: r.id for r in reversed(card.reports) if r.file_name}  # the latest of each name
    specs += [
        (label("task.btn.file", name=name[:30]), "task.file", {"report_id": rid})
        for name, rid in files.items()
    ]
    specs.append((label("task.btn.refresh"), "task.card", {"task_id": card.task.id}))
    text = card_text(card, turn.ctx.zone)
    return Screen(join_lines([head, text]) if head else text, await turn.options(specs), columns=2)


@action("task.card")
async def on_card(turn: Turn) -> list[Screen]:
    card = await manage.task_card(turn.ctx, actor=turn.member, task_id=int(turn.args["task_id"]))
    return [await _card_screen(turn, card)]


@action("task.file")
async def on_file(turn: Turn) -> list[Screen]:
    sha256, name = await manage.report_file(
        turn.ctx, actor=turn.member, report_id=int(turn.args["report_id"])
    )
    return [Screen(t("task.sending_file", name=name), attachment={"file": sha256, "name": name})]


@action("task.extend_start")
async def on_extend(turn: Turn) -> list[Screen]:
    card = await manage.task_card(turn.ctx, actor=turn.member, task_id=int(turn.args["task_id"]))
    await turn.save_state(EXTEND_FLOW, "due", {"task_id": card.task.id})
    options = await turn.choices(EXTEND_FLOW, [(label("flow.cancel"), "cancel")])
    head = t("task.extend.title", title=card.task.title, when=due_text(card.task.due_at, turn.ctx.zone))
    return [Screen(join_lines([head, ask_due(turn)]), options)]


@flow(EXTEND_FLOW)
async def on_extend_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "due":
        error = apply_due(turn, data, clean(turn.event.text))
        if error is not None:
            return [Screen(error, await turn.choices(EXTEND_FLOW, [(label("flow.cancel"), "cancel")]))]
        await turn.save_state(EXTEND_FLOW, "confirm", data)
        options = await turn.choices(
            EXTEND_FLOW, [(label("task.btn.extend_yes"), "yes"), (label("flow.cancel"), "cancel")]
        )
        when = due_text(datetime.fromisoformat(data["due"]), turn.ctx.zone)
        return [Screen(t("task.extend.confirm", when=when), options, columns=2)]
    if turn.choice != "yes":
        return await turn.repeat_choices()
    card = await manage.extend_task(
        turn.ctx, actor=turn.member, task_id=int(data["task_id"]), due_at=datetime.fromisoformat(data["due"])
    )
    await turn.clear_state()
    return [await _card_screen(turn, card, t("task.extend.done"))]


@action("task.cancel_start")
async def on_cancel(turn: Turn) -> list[Screen]:
    card = await manage.task_card(turn.ctx, actor=turn.member, task_id=int(turn.args["task_id"]))
    options = await turn.options(
        [
            (label("task.btn.cancel_yes"), "task.cancel_yes", {"task_id": card.task.id}),
            (label("task.btn.keep"), "task.card", {"task_id": card.task.id}),
        ]
    )
    return [Screen(t("task.cancel.confirm", title=card.task.title), options, columns=2)]


@action("task.cancel_yes")
async def on_cancel_yes(turn: Turn) -> list[Screen]:
    card = await manage.cancel_task(turn.ctx, actor=turn.member, task_id=int(turn.args["task_id"]))
    return [await _card_screen(turn, card, t("task.cancel.done"))]


@action("task.reassign_start")
async def on_reassign(turn: Turn) -> list[Screen]:
    card = await manage.task_card(turn.ctx, actor=turn.member, task_id=int(turn.args["task_id"]))
    people = await service.unit_people(turn.ctx, actor=turn.member, unit_id=card.task.unit_id)
    current = {a.member_id for a in card.assignees if a.status != "removed"}
    data: dict[str, Any] = {"task_id": card.task.id, "current": sorted(current), **people_data(people)}
    await turn.save_state(REASSIGN_FLOW, "people", data)
    return [
        Screen(
            join_lines([t("task.reassign.title", title=card.task.title), ask_people(data["people"], current)])
        )
    ]


@flow(REASSIGN_FLOW)
async def on_reassign_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "people":
        error = apply_people(data, clean(turn.event.text))
        if error is not None:
            return [Screen(error)]
        await turn.save_state(REASSIGN_FLOW, "confirm", data)
        options = await turn.choices(
            REASSIGN_FLOW, [(label("task.btn.reassign_yes"), "yes"), (label("flow.cancel"), "cancel")]
        )
        asked = t("task.reassign.confirm", names=chosen_names(data))
        return [Screen(join_lines([*not_joined_line(data), asked]), options, columns=2)]
    if turn.choice != "yes":
        return await turn.repeat_choices()
    card = await manage.reassign_task(
        turn.ctx,
        actor=turn.member,
        task_id=int(data["task_id"]),
        member_ids=tuple(int(m) for m in data["chosen"]),
    )
    await turn.clear_state()
    return [await _card_screen(turn, card, t("task.reassign.done"))]
