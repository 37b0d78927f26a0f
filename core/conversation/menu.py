"""The main menu, help and the answers to things we did not understand."""

from __future__ import annotations

from core.conversation.screens import Option, Screen
from core.conversation.turn import Turn
from core.org.rules import holds_any
from core.texts import join_lines, label, t

MEMBER_ITEMS = (
    ("menu.item.meetings", "lich"),
    ("menu.item.documents", "tailieu"),
    ("menu.item.today", "homnay"),
    ("menu.item.tasks", "viec"),
    ("menu.item.calendar", "lichrieng"),
    ("menu.item.help", "help"),
)
SECRETARY_ITEMS = (
    ("menu.item.schedule", "hop"),
    ("menu.item.follow", "theodoi"),
    ("menu.item.notice", "thongbao"),
)
TASK_ITEMS = (
    ("menu.item.assign", "giaoviec"),
    ("menu.item.task_follow", "congviec"),
)


async def main_options(turn: Turn) -> tuple[Option, ...]:
    """The main menu's items this member may use."""
    secretary = holds_any(turn.member, "meeting.schedule") or holds_any(turn.member, "notice.send")
    assigns = TASK_ITEMS if holds_any(turn.member, "task.assign") else ()
    items = [*MEMBER_ITEMS[:2], *(SECRETARY_ITEMS if secretary else ()), *assigns, *MEMBER_ITEMS[2:]]
    return await turn.options([(label(key), "menu.cmd", {"cmd": cmd}) for key, cmd in items])


async def _menu_screen(turn: Turn, intro: str) -> Screen:
    options = await main_options(turn)
    return Screen(join_lines([t(intro, name=turn.member.full_name), t("menu.choose")]), options)


async def show_menu(turn: Turn) -> list[Screen]:
    return [await _menu_screen(turn, "menu.hello")]


async def show_cancelled(turn: Turn) -> list[Screen]:
    return [await _menu_screen(turn, "menu.cancelled")]


async def show_unknown(turn: Turn) -> list[Screen]:
    return [await _menu_screen(turn, "menu.unknown")]


async def show_expired(turn: Turn) -> list[Screen]:
    return [await _menu_screen(turn, "menu.expired")]


async def show_expired_in_flow(_turn: Turn) -> list[Screen]:
    """An old button pressed in the middle of something: say so, and leave the question standing."""
    return [Screen(t("menu.expired_in_flow"))]


async def show_help(turn: Turn) -> list[Screen]:
    secretary = holds_any(turn.member, "meeting.schedule")
    text = join_lines([t("help.member"), t("help.secretary")]) if secretary else t("help.member")
    options = await turn.options([(label("menu.item.meetings"), "menu.cmd", {"cmd": "lich"})])
    return [Screen(text, options)]
