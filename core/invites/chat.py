"""Joining from a chat: /start CODE on Telegram, the bare code on Zalo."""

from __future__ import annotations

from core.context import Context
from core.conversation import menu
from core.conversation.registry import flow
from core.conversation.screens import Inbound, Screen
from core.conversation.turn import Turn
from core.invites.rules import code_in, looks_like_attempt
from core.invites.service import RedeemResult, redeem_invite
from core.meetings.service import my_upcoming_meetings
from core.members.service import resolve_member
from core.org.rules import holds_any
from core.texts import Rich, join_lines, label, t


async def redeem(ctx: Context, event: Inbound, raw_code: str, *, dry_run: bool = False) -> list[Screen]:
    result = await _redeem(ctx, event, raw_code, dry_run=dry_run)
    if result.status != "ok":
        return [Screen(t(f"join.{result.status}"))]
    welcome = t("join.ok", name=result.member_name or "", channel=label(f"channel.{event.channel}"))
    async with ctx.uow() as uow:
        member = await resolve_member(uow, channel=event.channel, user_id=event.user_id)
    if member is None:
        return [Screen(join_lines([welcome, t("join.next")]))]
    return [await _welcome(Turn(ctx=ctx, event=event, member=member), welcome)]


async def _welcome(turn: Turn, welcome: Rich) -> Screen:
    """One message: welcome, what comes next, the secretary's commands, meetings already called
    (learnt at once, not from a later reminder) and the main menu to start from."""
    lines = [welcome, t("join.next")]
    if holds_any(turn.member, "meeting.schedule"):
        lines.append(t("help.secretary"))
    upcoming = await my_upcoming_meetings(turn.ctx, member=turn.member)
    if upcoming:
        lines.append(t("join.upcoming", n=len(upcoming)))
    return Screen(join_lines(lines, "\n\n"), await menu.main_options(turn))


async def _redeem(ctx: Context, event: Inbound, raw_code: str, *, dry_run: bool) -> RedeemResult:
    return await redeem_invite(
        ctx.uow(),
        ctx.clock,
        ctx.store,
        channel=event.channel,
        user_id=event.user_id,
        chat_id=event.chat_id,
        display_name=event.display_name,
        raw_code=raw_code,
        dry_run=dry_run,
    )


async def not_joined(ctx: Context, event: Inbound) -> list[Screen]:
    """Someone we do not know yet: a code typed as a message also works (Zalo has no deep links)."""
    text = (event.text or "").strip()
    if event.command is None and text and looks_like_attempt(text):
        return await redeem(ctx, event, text)  # a mistyped code gets «mã không đúng», not the general help
    found = code_in(text) if event.command is None else None
    if found is not None:  # «mã của tôi là 9zec g6vf»
        return await redeem(ctx, event, found)
    how = t("join.how")
    return [Screen(join_lines([how, t("join.how_qr")]) if event.channel == "telegram" else how)]


SWITCH_FLOW = "join.switch"


async def confirm_switch(turn: Turn, raw_code: str) -> list[Screen]:
    """A code sent from a chat that already belongs to a member: never switch without asking."""
    result = await _redeem(turn.ctx, turn.event, raw_code, dry_run=True)
    if result.member_id == turn.member.id and result.status in ("ok", "used"):
        return [Screen(t("join.already", name=turn.member.full_name))]
    if result.status != "ok":
        return [Screen(t(f"join.{result.status}"))]
    await turn.save_state(SWITCH_FLOW, "confirm", {"code": raw_code})
    options = await turn.choices(
        SWITCH_FLOW,
        [
            (label("join.btn.switch", name=result.member_name or ""), "switch"),
            (label("join.btn.keep", name=turn.member.full_name), "keep"),
        ],
    )
    text = t(
        "join.switch_question",
        current=turn.member.full_name,
        other=result.member_name or "",
        channel=label(f"channel.{turn.event.channel}"),
    )
    return [Screen(text, options)]


@flow(SWITCH_FLOW)
async def on_switch(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    if turn.choice not in ("switch", "keep"):
        return await turn.repeat_choices()
    code = str(turn.state["data"]["code"])
    await turn.clear_state()
    if turn.choice == "keep":
        return [Screen(t("join.kept", name=turn.member.full_name))]
    return await redeem(turn.ctx, turn.event, code)
