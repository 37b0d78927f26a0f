"""Joining from a chat: /start CODE on Telegram, the bare code on Zalo."""

from __future__ import annotations

from core.context import Context
from core.conversation.registry import flow
from core.conversation.screens import Inbound, Screen
from core.conversation.turn import Turn
from core.invites.rules import looks_like_attempt
from core.invites.service import RedeemResult, redeem_invite
from core.meetings.service import my_upcoming_meetings
from core.members.service import resolve_member
from core.org.rules import holds_any
from core.texts import label, t


async def redeem(ctx: Context, event: Inbound, raw_code: str, *, dry_run: bool = False) -> list[Screen]:
    result = await _redeem(ctx, event, raw_code, dry_run=dry_run)
    if result.status == "ok":
        channel = label(f"channel.{event.channel}")
        screens = [
            Screen(t("join.ok", name=result.member_name or "", channel=channel)),
            Screen(t("join.next")),
        ]
        async with ctx.uow() as uow:
            member = await resolve_member(uow, channel=event.channel, user_id=event.user_id)
        if member is not None and holds_any(member, "meeting.schedule"):
            screens.append(Screen(t("help.secretary")))
        if member is not None:
            screens += await _meetings_already_called(Turn(ctx=ctx, event=event, member=member))
        return screens
    return [Screen(t(f"join.{result.status}"))]


async def _meetings_already_called(turn: Turn) -> list[Screen]:
    """Someone joining after a meeting was called learns of it at once, not from a later reminder."""
    upcoming = await my_upcoming_meetings(turn.ctx, member=turn.member)
    if not upcoming:
        return []
    options = await turn.options([(label("menu.item.meetings"), "menu.cmd", {"cmd": "lich"})])
    return [Screen(t("join.upcoming", n=len(upcoming)), options)]


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
    return [Screen(t("join.how"))]


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
