"""The one entry point every channel calls: an inbound event in, screens out."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import NoReturn

from core.activity import service as activity
from core.audit import service as audit
from core.context import Context
from core.conversation import features as _features  # noqa: F401
from core.conversation import menu, offers, tokens
from core.conversation.matching import typed_choice
from core.conversation.registry import (
    ACTIONS,
    COMMANDS,
    FILE_HANDLERS,
    FLOWS,
    KEYWORDS,
    PREFIXES,
    TEXT_READERS,
    Handler,
)
from core.conversation.screens import Inbound, Option, Screen
from core.conversation.turn import Turn
from core.db.uow import UnitOfWork
from core.errors import DomainError
from core.invites import chat as join
from core.invites.rules import code_in, looks_like_code
from core.members.service import resolve_member
from core.text import fold
from core.texts import t

log = logging.getLogger(__name__)

RESET_WORDS = {"menu", "0", "huy", "thoat", "quay lai", "/huy", "/menu"}


async def handle(ctx: Context, event: Inbound) -> list[Screen]:
    try:
        return await _handle(ctx, event)
    except DomainError as exc:
        return [error_screen(exc)]


def error_screen(exc: DomainError) -> Screen:
    try:
        return Screen(t(f"error.{exc.code}", **exc.params), notice=None)
    except KeyError:
        log.warning("no text for error code %s", exc.code)
        return Screen(t("error.generic"))


async def _handle(ctx: Context, event: Inbound) -> list[Screen]:
    async with ctx.uow() as uow:
        member = await resolve_member(uow, channel=event.channel, user_id=event.user_id)
    code = event.args.strip() if event.command == "start" else ""
    if member is None:
        return await (join.redeem(ctx, event, code) if code else join.not_joined(ctx, event))
    state = await ctx.store.get(f"app:conv:state:{event.channel}:{event.user_id}")
    turn = Turn(ctx=ctx, event=event, member=member, state=state)
    typed = (event.text or "").strip()
    if not code and state is None and event.command is None:
        code = _code_typed(typed)
    if code:
        return await join.confirm_switch(turn, code)
    handler, feature = await _route(turn)
    async with ctx.uow() as uow:
        activity.record(
            uow.session, member_id=member.id, channel=event.channel, feature=feature, at=ctx.clock.now()
        )
        await uow.commit()
    screens = _without_fillers(await handler(turn))
    if turn.choice is not None and event.token is not None and screens:
        screens[0] = replace(screens[0], close_pressed=True)  # a step's buttons answer once
    if turn.answered_from_list and turn.state is None and screens and not any(s.options for s in screens):
        screens[-1] = replace(screens[-1], keep_offers=True)  # «3», then «1»: both answer /lich's list
    return screens


def _code_typed(typed: str) -> str:
    """A bare code, as Zalo members send it, or one in a sentence that says it is a code («mã …»)."""
    if looks_like_code(typed):
        return typed
    said = f" {fold(typed)} "
    return (code_in(typed) or "") if " ma " in said or " code " in said else ""


def _without_fillers(screens: list[Screen]) -> list[Screen]:
    """A flow's own message («❗ Giờ chưa đúng») followed by the generic «choose below» becomes one
    message carrying the choices: the generic text is not shown as a second reply."""
    out: list[Screen] = []
    for screen in screens:
        before = out[-1] if out else None
        if screen.filler and before is not None and not before.options:
            out[-1] = replace(before, options=screen.options, columns=screen.columns)
        else:
            out.append(screen)
    return out


async def _route(turn: Turn) -> tuple[Handler, str]:
    event = turn.event
    if event.token is not None:
        return await _route_token(turn)
    words = fold(event.text or "").strip()
    numbers_only = bool(turn.state and turn.state.get("data", {}).get("numbers"))  # e.g. typing scores
    typed_number = numbers_only and words.isdigit()
    if event.command in ("huy", "menu", "help", "start") or (
        turn.state and words in RESET_WORDS and not typed_number
    ):
        had_flow = turn.state is not None
        await turn.clear_state()
        if event.command == "help":
            return menu.show_help, "help"
        return (menu.show_cancelled if had_flow else menu.show_menu), "menu"
    if event.command in COMMANDS:
        interrupted = turn.state is not None
        await turn.clear_state()
        handler = COMMANDS[event.command]
        return (_after_interrupt(handler) if interrupted else handler), event.command
    if turn.state and turn.state.get("flow") in FLOWS:
        # a number means what was shown (numbered on across a reply's messages); words, the step's values
        shown = await offers.recall(turn.ctx.store, event.channel, event.user_id, layers=("reply",))
        token = typed_choice(shown, event.text or "") if words.isdigit() and not typed_number else None
        if token is not None:
            turn.event = replace(event, token=token)
            return await _route_token(turn)
        turn.choice = typed_choice(turn.state.get("choices", []), event.text or "")
        return FLOWS[turn.state["flow"]], turn.state["flow"]
    if event.file is not None and FILE_HANDLERS:
        return FILE_HANDLERS[0], "file"
    offered = await offers.recall(turn.ctx.store, event.channel, event.user_id)
    token = typed_choice(offered, event.text or "")
    if token is not None:  # the choices on show come before keywords: «tham dự» answers the notice
        turn.event = replace(event, token=token)
        turn.answered_from_list = bool(
            await offers.recall(turn.ctx.store, event.channel, event.user_id, layers=("reply",))
        )
        return await _route_token(turn)
    if words in KEYWORDS:
        return COMMANDS[KEYWORDS[words]], KEYWORDS[words]
    if words in RESET_WORDS:
        return menu.show_menu, "menu"
    prefix = next((p for p in PREFIXES if words.startswith(p + " ")), None)
    if prefix is not None:  # «nhắc tôi 7h mai họp»: the sentence is the command's argument
        return _with_text(turn, PREFIXES[prefix])
    return _route_free_text(turn, offered)


def _with_text(turn: Turn, command: str) -> tuple[Handler, str]:
    turn.event = replace(turn.event, args=turn.event.text or "")
    return COMMANDS[command], command


def _route_free_text(turn: Turn, offered: list[list[str]]) -> tuple[Handler, str]:
    """Text no choice, keyword or command matched: a reader may know it, else the choices come again."""
    if offered and fold(turn.event.text or "").strip().isdigit():
        return _repeat_offered(offered), "menu"
    command = next((name for reads, name in TEXT_READERS if reads(turn)), None)
    if command is not None:
        return _with_text(turn, command)
    if offered:  # on a channel without buttons, the choices pending are not lost under the menu
        return _repeat_offered(offered), "menu"
    return menu.show_unknown, "menu"


def _repeat_offered(offered: list[list[str]]) -> Handler:
    async def run(turn: Turn) -> list[Screen]:
        options = tuple(Option(label, token) for label, token in offered)
        said = fold(turn.event.text or "").strip()
        key = "flow.no_such_choice" if said.isdigit() else "flow.not_understood_choice"
        return [Screen(t(key), options)]

    return run


async def _refuse_foreign(turn: Turn, uow: UnitOfWork, found: tokens.Action) -> NoReturn:
    """Someone else's button: answered "không tìm thấy" and logged with what it pointed at."""
    kind, target = next(
        ((k.removesuffix("_id"), v) for k, v in found.args.items() if k.endswith("_id")), (None, None)
    )
    await audit.refuse(
        uow,
        member_id=turn.member.id,
        target_kind=kind or "action",
        target_id=int(target) if isinstance(target, int) else None,
        permission=found.name,
        at=turn.ctx.clock.now(),
        code="not_found",
    )


def _after_interrupt(handler: Handler) -> Handler:
    """A command in the middle of a flow ends the flow: say so, so nothing looks done that is not."""

    async def run(turn: Turn) -> list[Screen]:
        return [Screen(t("flow.interrupted")), *await handler(turn)]

    return run


async def _route_token(turn: Turn) -> tuple[Handler, str]:
    async with turn.ctx.uow() as uow:
        try:
            found = await tokens.lookup(
                uow.session, token=turn.event.token or "", member_id=turn.member.id, now=turn.ctx.clock.now()
            )
        except tokens.ForeignToken as exc:
            await _refuse_foreign(turn, uow, exc.action)
    if found is None:
        return (menu.show_expired_in_flow if turn.state else menu.show_expired), "menu"
    turn.args = found.args
    if found.name == "flow.choice":
        state = turn.state or {}
        if state.get("flow") != found.args.get("flow") or state.get("step") != found.args.get("step"):
            return (menu.show_expired_in_flow if turn.state else menu.show_expired), "menu"
        turn.choice = str(found.args.get("value"))
        return FLOWS[state["flow"]], state["flow"]
    if found.name == "menu.cmd":
        await turn.clear_state()
        command = str(found.args.get("cmd"))
        if command == "help":
            return menu.show_help, "help"
        return COMMANDS.get(command, menu.show_menu), command
    return ACTIONS[found.name], found.name
