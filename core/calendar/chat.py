"""The calendar in the chat: today and this week, one's own entries, the morning digest, the .ics link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from core.calendar import digest, entry_flow, feed, service
from core.calendar.agenda import agenda, day_bounds, week_bounds
from core.calendar.views import agenda_text, day_name, draft_text, entry_draft, repeat_text
from core.conversation.registry import action, command, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.meetings.timeparse import parse_time
from core.texts import join_lines, label, t

DIGEST_FLOW = "calendar.digest_time"


@command("homnay", "hom nay", "lich hom nay", "hom nay co gi", "viec hom nay")
async def cmd_today(turn: Turn) -> list[Screen]:
    today = turn.ctx.clock.now().astimezone(turn.ctx.zone).date()
    return await _agenda(turn, *day_bounds(today, turn.ctx.zone), heading="calendar.agenda.today")


@command("tuannay", "tuan nay", "lich tuan nay", "viec tuan nay")
async def cmd_week(turn: Turn) -> list[Screen]:
    today = turn.ctx.clock.now().astimezone(turn.ctx.zone).date()
    return await _agenda(turn, *week_bounds(today, turn.ctx.zone), heading="calendar.agenda.week")


async def _agenda(turn: Turn, start: Any, end: Any, *, heading: str) -> list[Screen]:
    async with turn.ctx.uow() as uow:
        items = await agenda(uow.session, turn.member, start, end, turn.ctx.zone)
    zone = turn.ctx.zone
    first, last = start.astimezone(zone).date(), (end - timedelta(seconds=1)).astimezone(zone).date()
    options = await turn.options(
        [
            (label("calendar.btn.add"), "menu.cmd", {"cmd": "nhac"}),
            (label("calendar.btn.mine"), "menu.cmd", {"cmd": "lichrieng"}),
        ]
    )
    return [Screen(agenda_text(items, first, last, zone, heading=heading), options, columns=2)]


@command("lichrieng", "lich rieng", "lich ca nhan", "lich cua toi", "lich lam viec", "so lich")
async def cmd_mine(turn: Turn) -> list[Screen]:
    mine = await service.my_entries(turn.ctx, member=turn.member)
    zone = turn.ctx.zone
    lines = [t("calendar.mine.title")]
    specs: list[tuple[str, str, dict[str, Any]]] = []
    for n, (entry, upcoming) in enumerate(mine[:20], 1):
        local = upcoming.astimezone(zone)
        when = day_name(local.date()) if entry.all_day else f"{local:%H:%M} {day_name(local.date())}"
        if entry.repeat:
            repeat = repeat_text(entry.repeat, local.date())
            lines.append(t("calendar.mine.item_repeat", n=n, title=entry.title, when=when, repeat=repeat))
        else:
            lines.append(t("calendar.mine.item", n=n, title=entry.title, when=when))
        specs.append((f"{n}. {entry.title[:40]}", "calendar.open", {"entry_id": entry.id}))
    if not mine:
        lines.append(t("calendar.mine.none"))
    specs += [
        (label("calendar.btn.add"), "menu.cmd", {"cmd": "nhac"}),
        (label("calendar.btn.digest"), "calendar.digest", {}),
        (label("calendar.btn.feed"), "calendar.feed", {}),
    ]
    return [Screen(join_lines(lines), await turn.options(specs))]


@action("calendar.open")
async def on_open(turn: Turn) -> list[Screen]:
    now = turn.ctx.clock.now()
    async with turn.ctx.uow() as uow:
        entry = await service.entry_of(uow, turn.member, int(turn.args["entry_id"]), now)
    upcoming = service.next_occurrence(entry, now, turn.ctx.zone)  # a repeat shows its next time
    options = await turn.options(
        [
            (label("calendar.btn.change"), "calendar.change", {"entry_id": entry.id}),
            (label(entry_flow.delete_label(entry.repeat)), "calendar.delete", {"entry_id": entry.id}),
        ]
    )
    return [
        Screen(
            draft_text(entry_draft(entry, turn.ctx.zone, upcoming), heading="calendar.entry"),
            options,
            columns=2,
        )
    ]


@action("calendar.change")
async def on_change(turn: Turn) -> list[Screen]:
    async with turn.ctx.uow() as uow:
        entry = await service.entry_of(uow, turn.member, int(turn.args["entry_id"]), turn.ctx.clock.now())
    draft = entry_draft(entry, turn.ctx.zone)
    data = {
        "entry_id": entry.id,
        "old_title": entry.title,
        "repeat": entry.repeat,
        "first": draft.on.isoformat(),
        "draft": {"remind": draft.remind_minutes},
    }
    return await entry_flow.ask_what(turn, data, entry_title=entry.title)


@action("calendar.delete")
async def on_delete(turn: Turn) -> list[Screen]:
    entry = await service.delete_entry(turn.ctx, member=turn.member, entry_id=int(turn.args["entry_id"]))
    options = await turn.options([(label("calendar.btn.undo"), "calendar.undo", {"entry_id": entry.id})])
    if entry.repeat:
        repeat = repeat_text(entry.repeat, entry.starts_at.astimezone(turn.ctx.zone).date())
        return [
            Screen(
                t("calendar.deleted_series", title=entry.title, repeat=repeat), options, close_pressed=True
            )
        ]
    return [Screen(t("calendar.deleted", title=entry.title), options, close_pressed=True)]


@action("calendar.undo")
async def on_undo(turn: Turn) -> list[Screen]:
    entry = await service.delete_entry(
        turn.ctx, member=turn.member, entry_id=int(turn.args["entry_id"]), undo=True
    )
    return [Screen(t("calendar.restored", title=entry.title), close_pressed=True)]


@action("calendar.digest")
async def on_digest(turn: Turn) -> list[Screen]:
    at = await digest.digest_time(turn.ctx, member=turn.member)
    text = t("calendar.digest.on", at=f"{at:%H:%M}") if at else t("calendar.digest.off")
    await turn.save_state(DIGEST_FLOW, "time", {})
    pairs = [(label("calendar.btn.digest_default"), "06:30")]
    if at:
        pairs.append((label("calendar.btn.digest_off"), "off"))
    pairs.append((label("flow.cancel"), "cancel"))
    return [Screen(join_lines([text, t("calendar.ask.digest")]), await turn.choices(DIGEST_FLOW, pairs))]


@flow(DIGEST_FLOW)
async def on_digest_time(turn: Turn) -> list[Screen]:
    if turn.choice == "off":
        await turn.clear_state()
        await digest.set_digest(turn.ctx, member=turn.member, at=None)
        return [Screen(t("calendar.digest.turned_off"))]
    at = parse_time(turn.choice or turn.event.text or "")
    if at is None:
        return [Screen(t("calendar.digest.time_invalid")), *await turn.repeat_choices()]
    await turn.clear_state()
    await digest.set_digest(turn.ctx, member=turn.member, at=at)
    return [Screen(t("calendar.digest.turned_on", at=f"{at:%H:%M}"))]


@action("calendar.feed")
async def on_feed(turn: Turn) -> list[Screen]:
    if not await feed.has_feed(turn.ctx, member=turn.member):
        return await _new_feed(turn)
    options = await turn.options(
        [
            (label("calendar.btn.feed_new"), "calendar.feed_new", {}),
            (label("calendar.btn.feed_off"), "calendar.feed_off", {}),
        ]
    )
    return [Screen(t("calendar.feed.exists"), options)]


@action("calendar.feed_new")
async def on_feed_new(turn: Turn) -> list[Screen]:
    return await _new_feed(turn)


async def _new_feed(turn: Turn) -> list[Screen]:
    url = await feed.new_feed(turn.ctx, member=turn.member)
    options = await turn.options([(label("calendar.btn.feed_off"), "calendar.feed_off", {})])
    return [Screen(t("calendar.feed.link", url=url), options)]


@action("calendar.feed_off")
async def on_feed_off(turn: Turn) -> list[Screen]:
    await feed.revoke_feed(turn.ctx, member=turn.member)
    return [Screen(t("calendar.feed.revoked"), close_pressed=True)]
