"""The guided flow a secretary uses to call a meeting, and to move one."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from core.conversation.registry import command, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.errors import Forbidden, InvalidInput, NotFound
from core.meetings import follow_up, papers_step, rules, service
from core.meetings.timeparse import (
    ambiguous_hour,
    parse_date,
    parse_minutes,
    parse_time,
    relative_date,
    split_date,
)
from core.meetings.views import MeetingView, details, when_text
from core.text import clean, clean_lines, fold
from core.texts import Rich, join_lines, label, t

FLOW = "meeting.schedule"
MOVE_FLOW = "meeting.reschedule"
STEPS = ("unit_id", "kind", "date", "time", "duration", "place", "agenda")
MAX_UNIT_BUTTONS = 30
SKIP = "__skip__"


@command("hop", "hop moi", "trieu tap", "trieu tap hop", "lich hop moi")
async def cmd_schedule(turn: Turn) -> list[Screen]:
    units = await service.schedulable_units(turn.ctx, actor=turn.member)
    if not units:
        raise Forbidden("not_secretary")
    data: dict[str, Any] = {"units": units[: MAX_UNIT_BUTTONS * 10]}
    if len(units) == 1:
        data["unit_id"], data["unit_name"] = units[0]
    return await _ask_next(turn, data)


@flow(FLOW)
async def on_schedule_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "confirm":
        return await _on_confirm(turn, data)
    if step == papers_step.STEP:
        screens = await papers_step.on_step(turn, FLOW, data)
        return screens if screens is not None else await _ask_next(turn, data)
    typed = clean_lines(turn.event.text) if step == "agenda" else clean(turn.event.text)
    error = _apply(turn, step, data, turn.choice if turn.choice is not None else typed)
    return await _ask_next(turn, data, error)


def _apply(turn: Turn, step: str, data: dict[str, Any], value: str) -> Rich | None:
    """Stores the answer for one step; returns what to tell the user when the answer is not usable."""
    zone, now = turn.ctx.zone, turn.ctx.clock.now()
    if step == "unit_id":
        match = _find_unit(data["units"], value)
        if match is None:
            return t("flow.unit.unknown")
        data["unit_id"], data["unit_name"] = match
    elif step == "kind":
        if value not in rules.MEETING_KINDS:
            return t("flow.pick_option")
        data["kind"] = value
        data.setdefault("duration", None)
    elif step == "date":
        return _apply_date(data, value, today=now.astimezone(zone).date())
    elif step == "time":
        return _apply_time(turn, data, value)
    elif step == "duration":
        minutes = int(value) if value.isdigit() and turn.choice else parse_minutes(value)
        if minutes is None or not rules.MIN_DURATION <= minutes <= rules.MAX_DURATION:
            return t("flow.duration.invalid")
        data["duration"] = minutes
    elif step == "place":
        if not value or len(value) > 500:
            return t("flow.place.invalid")
        data["place"] = value
    elif step == "agenda":
        data["agenda"] = "" if value == SKIP else value[:4000]
    return None


def _apply_date(data: dict[str, Any], value: str, *, today: date) -> Rich | None:
    """Never a silent guess: a day that does not exist or has passed is asked again, saying why."""
    relative = relative_date(value, today=today)
    if relative is not None:
        data["date"] = relative.isoformat()
        return None
    parts = split_date(value)
    if parts is None:
        return t("flow.date.invalid")
    day, month, year = parts
    parsed = parse_date(value, today=today)
    if parsed is None:
        return t("flow.date.no_such_day", day=day, month=month)
    if parsed < today:
        passed = t("flow.date.past", date=f"{parsed:%d/%m/%Y}")
        if year is not None:
            return passed
        return join_lines([passed, t("flow.date.next_year", example=f"{day}/{month}/{today.year + 1}")])
    data["date"] = parsed.isoformat()
    return None


def _apply_time(turn: Turn, data: dict[str, Any], value: str) -> Rich | None:
    parsed = parse_time(value)
    if parsed is None:
        return t("flow.time.invalid")
    if ambiguous_hour(value):
        afternoon = f"{parsed.hour + 12}:{parsed.minute:02d}"
        return t("flow.time.ambiguous", typed=value, afternoon=afternoon, night=f"{parsed:%H:%M}")
    starts = local_start(turn, date.fromisoformat(data["date"]), parsed)
    if starts <= turn.ctx.clock.now():
        data.pop("date", None)
        return t("flow.time.past")
    data["time"] = parsed.strftime("%H:%M")
    return None


def local_start(turn: Turn, day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=turn.ctx.zone)


def _find_unit(units: list[list[Any]], value: str) -> tuple[int, str] | None:
    for unit_id, name in units:
        if value == str(unit_id):
            return int(unit_id), str(name)
    wanted = fold(value)
    found = [(int(i), str(n)) for i, n in units if wanted and wanted in fold(str(n))]
    return found[0] if len(found) == 1 else None


def _missing(data: dict[str, Any]) -> str | None:
    return next((step for step in STEPS if data.get(step) is None), None)


async def _ask_next(turn: Turn, data: dict[str, Any], error: Rich | None = None) -> list[Screen]:
    step = _missing(data) or "confirm"
    await turn.save_state(FLOW, step, data)
    prefix: tuple[Rich, ...] = (error,) if error else ()
    if step == "confirm":
        return [await _confirm_screen(turn, data, prefix)]
    return [await _step_screen(turn, step, data, prefix)]


async def _step_screen(turn: Turn, step: str, data: dict[str, Any], prefix: tuple[Rich, ...]) -> Screen:
    pairs: list[tuple[str, str]] = []
    if step == "unit_id":
        pairs = [(str(name), str(uid)) for uid, name in data["units"][:MAX_UNIT_BUTTONS]]
    elif step == "kind":
        pairs = [(label(f"meeting.kind.{k}"), k) for k in rules.MEETING_KINDS]
    elif step == "duration":
        default = rules.DEFAULT_DURATION.get(data.get("kind", ""), 90)
        pairs = [(label("flow.duration.minutes", n=n), str(n)) for n in sorted({default, 90, 120, 180})]
    elif step == "agenda":
        pairs = [(label("flow.agenda.skip"), SKIP)]
    options = await turn.choices(FLOW, pairs)
    return Screen(join_lines([*prefix, ask(turn, step)]), options, columns=2 if step != "unit_id" else 1)


def draft_of(turn: Turn, data: dict[str, Any]) -> service.MeetingDraft:
    return service.MeetingDraft(
        unit_id=int(data["unit_id"]),
        kind=data["kind"],
        starts_at=local_start(turn, date.fromisoformat(data["date"]), time.fromisoformat(data["time"])),
        duration_minutes=int(data["duration"]),
        place=data["place"],
        agenda=data.get("agenda") or "",
        paper_ids=tuple(i for i, _ in papers_step.chosen(data)),
    )


async def _confirm_screen(turn: Turn, data: dict[str, Any], prefix: tuple[Rich, ...]) -> Screen:
    draft = draft_of(turn, data)
    view = MeetingView(
        0,
        draft.unit_id,
        data["unit_name"],
        draft.kind,
        draft.starts_at,
        draft.duration_minutes,
        draft.place,
        draft.agenda,
        "draft",
        tuple(name for _, name in papers_step.chosen(data)),
    )
    options = await turn.choices(
        FLOW,
        [
            (label("flow.confirm.send"), "send"),
            (label("flow.edit.kind"), "edit:kind"),
            (label("flow.edit.time"), "edit:time"),
            (label("flow.edit.place"), "edit:place"),
            (label("flow.edit.agenda"), "edit:agenda"),
            (label("flow.edit.papers"), "papers"),
            (label("flow.cancel"), "cancel"),
        ],
    )
    return Screen(
        join_lines([*prefix, t("flow.confirm.title"), details(view, turn.ctx.zone)]), options, columns=2
    )


async def _on_confirm(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    choice = turn.choice or ""
    if choice == "papers":
        return await papers_step.show(turn, FLOW, data)
    if choice == "send":
        try:
            meeting = await service.schedule_meeting(turn.ctx, actor=turn.member, draft=draft_of(turn, data))
        except NotFound as exc:  # a chosen paper is gone (or was never hers): nothing was sent
            if exc.code != "document_not_found":
                raise
            data.pop("papers", None)
            return await papers_step.show(turn, FLOW, data, t("flow.papers.gone"))
        await turn.clear_state()
        options = await turn.options(
            [(label("meeting.btn.follow"), "meeting.status", {"meeting_id": meeting.id})]
        )
        return [Screen(t("flow.scheduled", unit=meeting.unit_name), options)]
    edits = {
        "edit:kind": ("kind",),
        "edit:time": ("date", "time"),
        "edit:place": ("place",),
        "edit:agenda": ("agenda",),
    }
    for field in edits.get(choice, ()):
        data.pop(field, None)
    return await _ask_next(turn, data, None if choice.startswith("edit:") else t("flow.pick_option"))


async def start_reschedule(turn: Turn, meeting_id: int) -> list[Screen]:
    status = await follow_up.meeting_status(turn.ctx, actor=turn.member, meeting_id=meeting_id)
    if status.meeting.status != "scheduled":
        raise InvalidInput("meeting_cancelled")
    await turn.save_state(MOVE_FLOW, "date", {"meeting_id": meeting_id})
    now_at = when_text(status.meeting.starts_at, turn.ctx.zone)
    title = t("flow.move.title", unit=status.meeting.unit_name, when=now_at)
    return [Screen(join_lines([title, ask(turn, "date")]))]


@flow(MOVE_FLOW)
async def on_reschedule_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "confirm":
        return await _on_move_confirm(turn, data)
    error = _apply(turn, step, data, clean(turn.event.text))
    if error:
        next_step = "date" if "date" not in data else step
        await turn.save_state(MOVE_FLOW, next_step, data)
        return [Screen(join_lines([error, ask(turn, next_step)]))]
    if step == "date":
        await turn.save_state(MOVE_FLOW, "time", data)
        return [Screen(ask(turn, "time"))]
    await turn.save_state(MOVE_FLOW, "confirm", data)
    starts = local_start(turn, date.fromisoformat(data["date"]), time.fromisoformat(data["time"]))
    options = await turn.choices(
        MOVE_FLOW, [(label("flow.move.confirm_button"), "move"), (label("flow.cancel"), "cancel")]
    )
    return [Screen(t("flow.move.confirm", when=when_text(starts, turn.ctx.zone)), options, columns=2)]


async def _on_move_confirm(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    if turn.choice != "move":
        return await turn.repeat_choices()
    await turn.clear_state()
    starts = local_start(turn, date.fromisoformat(data["date"]), time.fromisoformat(data["time"]))
    meeting = await follow_up.reschedule_meeting(
        turn.ctx, actor=turn.member, meeting_id=int(data["meeting_id"]), starts_at=starts
    )
    options = await turn.options(
        [(label("meeting.btn.follow"), "meeting.status", {"meeting_id": meeting.id})]
    )
    return [Screen(join_lines([t("flow.moved"), details(meeting, turn.ctx.zone)]), options)]


def ask(turn: Turn, step: str) -> Rich:
    """The question for a step; the date example is always a date still ahead."""
    if step != "date":
        return t(f"flow.ask.{step}")
    example = (turn.ctx.clock.now().astimezone(turn.ctx.zone) + timedelta(days=7)).date()
    return t(
        "flow.ask.date",
        short=f"{example.day}/{example.month}",
        full=f"{example.day}/{example.month}/{example.year}",
    )
