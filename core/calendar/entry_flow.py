"""Writing an entry in one's own words: what was understood is shown, then saved, corrected or dropped."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from typing import Any

from core.calendar import service
from core.calendar.service import EntryDraft
from core.calendar.views import draft_text, repeat_text
from core.calendar.when import Problem, Understood, understand
from core.conversation.registry import PREFIXES, TEXT_READERS, command, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.text import clean, fold
from core.texts import Rich, label, t

FLOW = "calendar.entry"
PREFIXES.update({"nhac toi": "nhac", "nhac minh": "nhac", "ghi lich": "nhac"})


def _names_a_time(turn: Turn) -> bool:
    """Free text with a day or an hour in it («14/12 15h tiếp dân») is read as an entry to confirm."""
    found = understand(turn.event.text or "", turn.ctx.clock.now().astimezone(turn.ctx.zone))
    return not (isinstance(found, Problem) and found.code == "no_when")


TEXT_READERS.append((_names_a_time, "nhac"))
REMIND_CHOICES = (
    ("0", "on_time"),
    ("15", "m15"),
    ("30", "m30"),
    ("60", "h1"),
    ("1440", "d1"),
    ("off", "off"),
)


@command("nhac", "nhac", "nhac toi", "nhac viec", "ghi lich", "them lich", "ghi viec")
async def cmd_add(turn: Turn) -> list[Screen]:
    if turn.event.args.strip():
        return await _understood(turn, {}, turn.event.args)
    return await ask_what(turn, {})


async def ask_what(turn: Turn, data: dict[str, Any], *, entry_title: str | None = None) -> list[Screen]:
    await turn.save_state(FLOW, "what", data)
    options = await turn.choices(FLOW, [(label("flow.cancel"), "cancel")])
    if not entry_title:
        return [Screen(t("calendar.ask.what"), options)]
    if data.get("repeat"):  # a series moves as a whole
        on = date.fromisoformat(data["first"])
        text = t("calendar.ask.move_series", title=entry_title, repeat=repeat_text(data["repeat"], on))
        return [Screen(text, options)]
    return [Screen(t("calendar.ask.move", title=entry_title), options)]


@flow(FLOW)
async def on_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    if step == "next_year" and turn.choice == "next_year":
        return (
            await _titled(turn, data, data["draft"]["title"])
            if data["draft"]["title"]
            else await _ask_title(turn, data)
        )
    if step in ("what", "next_year"):
        return await _understood(turn, data, turn.event.text or "")
    if step == "title" and clean(turn.event.text):
        return await _titled(turn, data, clean(turn.event.text))
    if step == "confirm" and turn.choice == "save":
        return await _save(turn, data)
    if step == "confirm" and turn.choice == "retype":
        return await ask_what(turn, data, entry_title=data.get("old_title"))
    if step == "confirm" and turn.choice == "remind":
        await turn.save_state(FLOW, "remind", data)
        pairs = [(label(f"calendar.remind.choice.{key}"), value) for value, key in REMIND_CHOICES]
        return [Screen(t("calendar.ask.remind"), await turn.choices(FLOW, pairs), columns=2)]
    if step == "remind" and turn.choice in dict(REMIND_CHOICES):
        data["draft"]["remind"] = None if turn.choice == "off" else int(turn.choice)
        return await _confirm(turn, data)
    return await turn.repeat_choices()


async def _understood(turn: Turn, data: dict[str, Any], text: str) -> list[Screen]:
    found = understand(text, turn.ctx.clock.now().astimezone(turn.ctx.zone), repeat=data.get("repeat"))
    if isinstance(found, Understood) and len(found.title) > service.MAX_TITLE:
        await turn.save_state(FLOW, "what", data)
        options = await turn.choices(FLOW, [(label("flow.cancel"), "cancel")])
        return [Screen(t("error.calendar_title_invalid", limit=service.MAX_TITLE), options)]
    if isinstance(found, Problem) and found.code == "no_title" and found.partial and data.get("old_title"):
        found = replace(found.partial, title=data["old_title"])  # moving: the title stays
    if isinstance(found, Problem) and found.code == "next_year" and found.partial is not None:
        data["draft"] = _draft_data(
            replace(found.partial, title=found.partial.title or data.get("old_title", "")), text, data
        )
        await turn.save_state(FLOW, "next_year", data)
        pairs = [
            (label("calendar.btn.next_year", day=found.values["next"]), "next_year"),
            (label("flow.cancel"), "cancel"),
        ]
        return [Screen(t("when.next_year", **found.values), await turn.choices(FLOW, pairs))]
    if isinstance(found, Problem):
        if found.partial is not None:  # a day and an hour but no words: ask only for what it is
            data["draft"] = _draft_data(found.partial, text, data)
        await turn.save_state(FLOW, "title" if found.partial else "what", data)
        options = await turn.choices(FLOW, [(label("flow.cancel"), "cancel")])
        return [Screen(t(f"when.{found.code}", **found.values), options)]
    data["draft"] = _draft_data(found, text, data)
    return await _confirm(turn, data)


async def _ask_title(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    await turn.save_state(FLOW, "title", data)
    options = await turn.choices(FLOW, [(label("flow.cancel"), "cancel")])
    return [Screen(t("calendar.ask.title"), options)]


async def _titled(turn: Turn, data: dict[str, Any], text: str) -> list[Screen]:
    """The answer to «what is it?»: the words are the title — unless they are a whole entry again."""
    if isinstance(understand(text, turn.ctx.clock.now().astimezone(turn.ctx.zone)), Understood):
        return await _understood(turn, data, text)
    if len(text) > service.MAX_TITLE:
        return [Screen(t("error.calendar_title_invalid", limit=service.MAX_TITLE))]
    data["draft"]["title"] = text[:1].upper() + text[1:]
    return await _confirm(turn, data)


def _draft_data(found: Understood, text: str, data: dict[str, Any]) -> dict[str, Any]:
    on_time = fold(text).lstrip("/ ").startswith("nhac")  # «nhắc tôi 7h30 …»: at that very time
    return {
        "title": found.title,
        "on": found.on.isoformat(),
        "at": found.at.isoformat() if found.at else None,
        "repeat": found.repeat,
        "remind": data.get("draft", {}).get("remind", 0 if on_time else service.DEFAULT_BEFORE),
    }


def draft_of(data: dict[str, Any]) -> EntryDraft:
    raw = data["draft"]
    at = time.fromisoformat(raw["at"]) if raw["at"] else None
    return EntryDraft(raw["title"], date.fromisoformat(raw["on"]), at, raw["repeat"], raw["remind"])


async def _confirm(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    await turn.save_state(FLOW, "confirm", data)
    pairs = [
        (label("calendar.btn.save"), "save"),
        (label("calendar.btn.remind"), "remind"),
        (label("calendar.btn.retype"), "retype"),
        (label("flow.cancel"), "cancel"),
    ]
    return [Screen(_draft_text(turn, draft_of(data)), await turn.choices(FLOW, pairs), columns=2)]


def _draft_text(turn: Turn, draft: EntryDraft, **heading: str) -> Rich:
    at_once = service.reminds_at_once(draft, turn.ctx.clock.now(), turn.ctx.zone)
    return draft_text(draft, at_once=at_once, **heading)


async def _save(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    await turn.clear_state()
    draft = draft_of(data)
    text = _draft_text(turn, draft, heading="calendar.saved")
    if data.get("entry_id"):
        text = _draft_text(turn, draft, heading="calendar.moved", title=data["old_title"])
        entry = await service.change_entry(
            turn.ctx, member=turn.member, entry_id=int(data["entry_id"]), draft=draft
        )
    else:
        entry = await service.add_entry(turn.ctx, member=turn.member, draft=draft)
    options = await turn.options(
        [
            (label("calendar.btn.change"), "calendar.change", {"entry_id": entry.id}),
            (label(delete_label(entry.repeat)), "calendar.delete", {"entry_id": entry.id}),
            (label("calendar.btn.today"), "menu.cmd", {"cmd": "homnay"}),
        ]
    )
    return [Screen(text, options, columns=2)]


def delete_label(repeat: str | None) -> str:
    return "calendar.btn.delete_series" if repeat else "calendar.btn.delete"
