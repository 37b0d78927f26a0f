"""An assignee in the chat: «Việc của tôi», accept, report progress (percent, note, file), done."""

from __future__ import annotations

from typing import Any

from core.conversation.registry import action, command, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.documents import remote
from core.errors import InvalidInput
from core.tasks import rules, work
from core.tasks.views import due_text, member_actions, my_status_line
from core.tasks.work import ReportFile, Share
from core.text import clean_lines
from core.texts import Rich, join_lines, label, t

REPORT_FLOW = "task.progress"
DONE_FLOW = "task.finish"
SKIP = "__skip__"
MAX_FILE_BYTES = 20 * 2**20
PERCENTS = (25, 50, 75)


@command("viec", "viec cua toi", "viec toi", "cong viec cua toi", "nhiem vu")
async def cmd_my_tasks(turn: Turn) -> list[Screen]:
    tasks = await work.my_tasks(turn.ctx, actor=turn.member)
    if not tasks:
        return [Screen(t("task.mine.none"))]
    lines: list[Rich] = [t("task.mine.title", n=len(tasks))]
    for index, mine in enumerate(tasks, start=1):
        status = label(f"task.status.{mine.status}")
        lines.append(
            t(
                "task.mine.line",
                i=index,
                title=mine.task.title,
                when=due_text(mine.task.due_at, turn.ctx.zone),
                status=status,
            )
        )
    options = await turn.options(
        [
            (label("task.btn.open_n", i=i, title=m.task.title[:40]), "task.open", {"task_id": m.task.id})
            for i, m in enumerate(tasks, 1)
        ]
    )
    return [Screen(join_lines(lines), options)]


async def _share_screen(turn: Turn, share: Share, head: Rich | None = None) -> Screen:
    status = rules.assignee_status(share.state, share.task.due_at, turn.ctx.clock.now())
    lines = [head] if head else []
    lines += [
        t("task.line.title", title=share.task.title),
        *([t("task.line.details", details=share.task.details)] if share.task.details else []),
        t("task.line.due", when=due_text(share.task.due_at, turn.ctx.zone)),
        my_status_line(status, share.percent),
    ]
    options = await turn.options(member_actions(share.task.id, share.document_id))
    return Screen(join_lines(lines), options, columns=1)


@action("task.open")
async def on_open(turn: Turn) -> list[Screen]:
    share = await work.my_task(turn.ctx, actor=turn.member, task_id=int(turn.args["task_id"]))
    return [await _share_screen(turn, share)]


@action("task.accept")
async def on_accept(turn: Turn) -> list[Screen]:
    share = await work.accept_task(turn.ctx, actor=turn.member, task_id=int(turn.args["task_id"]))
    said = (
        "task.accepted"
        if share.changed
        else "task.already.done"
        if share.state == "done"
        else "task.already.accepted"
    )
    return [await _share_screen(turn, share, t(said))]


@action("task.report")
async def on_report(turn: Turn) -> list[Screen]:
    return await _ask_percent(turn, int(turn.args["task_id"]))


async def _ask_percent(turn: Turn, task_id: int) -> list[Screen]:
    share = await work.my_task(turn.ctx, actor=turn.member, task_id=task_id)
    await turn.save_state(REPORT_FLOW, "percent", {"task_id": share.task.id, "title": share.task.title})
    pairs = [(f"{p}%", str(p)) for p in PERCENTS] + [
        (label("task.btn.note_only"), SKIP),
        (label("flow.cancel"), "cancel"),
    ]
    options = await turn.choices(REPORT_FLOW, pairs)
    return [
        Screen(t("task.report.ask_percent", title=share.task.title, now=share.percent), options, columns=3)
    ]


@flow(REPORT_FLOW)
async def on_report_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "percent":
        percent = (
            int(turn.choice)
            if turn.choice and turn.choice.isdigit()
            else rules.parse_percent(turn.event.text or "")
        )
        if percent is None and turn.choice != SKIP:  # one reply: what is wrong, and the same choices
            pairs = [(str(name), str(value)) for name, value in turn.state.get("choices", [])]
            options = await turn.choices(REPORT_FLOW, pairs)
            return [Screen(t("task.report.percent_invalid"), options, columns=3)]
        data["percent"] = percent
        return await _ask_note(turn, REPORT_FLOW, data, "task.report.ask_note")
    if turn.event.file is not None:
        return await _report(turn, data, await _stored(turn))
    if turn.choice != SKIP and not clean_lines(turn.event.text):
        return await turn.repeat_choices()
    data["note"] = "" if turn.choice == SKIP else clean_lines(turn.event.text)
    return await _report(turn, data, None)


async def _ask_note(turn: Turn, name: str, data: dict[str, Any], key: str) -> list[Screen]:
    await turn.save_state(name, "note", data)
    options = await turn.choices(name, [(label("task.btn.skip"), SKIP), (label("flow.cancel"), "cancel")])
    hint = t("task.report.file_hint") if turn.event.channel == "telegram" and name == REPORT_FLOW else None
    return [Screen(join_lines([t(key), *([hint] if hint else [])]), options, columns=2)]


async def _stored(turn: Turn) -> ReportFile:
    file = turn.event.file
    assert file is not None
    if file.fetch is None or turn.ctx.files is None:
        raise InvalidInput("task_file_unreadable")
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise InvalidInput("task_file_too_big", limit=MAX_FILE_BYTES // 2**20)
    data = await file.fetch()
    sha256 = await turn.ctx.files.put(data)
    stored = ReportFile(sha256, file.name or "tep", len(data), file.mime_type or "application/octet-stream")
    return stored


async def _report(turn: Turn, data: dict[str, Any], file: ReportFile | None) -> list[Screen]:
    percent = data.get("percent")
    note = data.get("note", "") if file is None else clean_lines(turn.event.text)
    share = await work.report_progress(
        turn.ctx, actor=turn.member, task_id=int(data["task_id"]), percent=percent, note=note, file=file
    )
    if file is not None and turn.event.file is not None:  # the messenger already has it: resend by its id
        await remote.remember_remote_id(turn.ctx, file.sha256, turn.event.channel, turn.event.file.file_id)
    await turn.clear_state()
    return [await _share_screen(turn, share, t("task.report.sent"))]


@action("task.done")
async def on_done(turn: Turn) -> list[Screen]:
    """Asked once more first: a number typed for another action must not close the task."""
    share = await work.my_task(turn.ctx, actor=turn.member, task_id=int(turn.args["task_id"]))
    if share.state == "done":
        raise InvalidInput("task_already_done", title=share.task.title)
    await turn.save_state(DONE_FLOW, "confirm", {"task_id": share.task.id})
    pairs = [
        (label("task.btn.done_yes"), "yes"),
        (label("task.btn.done_no"), "report"),
        (label("flow.cancel"), "cancel"),
    ]
    options = await turn.choices(DONE_FLOW, pairs)
    return [Screen(t("task.done.confirm", title=share.task.title), options, columns=1)]


@flow(DONE_FLOW)
async def on_done_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "confirm":
        if turn.choice == "report":
            return await _ask_percent(turn, int(data["task_id"]))
        if turn.choice != "yes":
            return await turn.repeat_choices()
        return await _ask_note(turn, DONE_FLOW, data, "task.done.ask_note")
    note = "" if turn.choice == SKIP else clean_lines(turn.event.text)
    if turn.choice != SKIP and not note:
        return await turn.repeat_choices()
    share = await work.finish_task(turn.ctx, actor=turn.member, task_id=int(data["task_id"]), note=note)
    await turn.clear_state()
    return [await _share_screen(turn, share, t("task.done.sent"))]
