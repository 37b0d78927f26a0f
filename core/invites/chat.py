"""Joining from a chat: /start CODE on Telegram, the bare code on Zalo."""

from __future__ import annotations

from core.context import Context
from core.conversation.screens import Inbound, Screen
from core.invites.rules import looks_like_code
from core.invites.service import redeem_invite
from core.texts import t


async def redeem(ctx: Context, event: Inbound, raw_code: str) -> list[Screen]:
    result = await redeem_invite(
        ctx.uow(),
        ctx.clock,
        ctx.store,
        channel=event.channel,
        user_id=event.user_id,
        chat_id=event.chat_id,
        display_name=event.display_name,
        raw_code=raw_code,
    )
    if result.status == "ok":
        return [Screen(t("join.ok", name=result.member_name or "")), Screen(t("join.next"))]
    return [Screen(t(f"join.{result.status}"))]


async def not_joined(ctx: Context, event: Inbound) -> list[Screen]:
    """Someone we do not know yet: a code typed as a message also works (Zalo has no deep links)."""
    text = (event.text or "").strip()
    if event.command is None and text and looks_like_code(text):
        return await redeem(ctx, event, text)
    return [Screen(t("join.how"))]
