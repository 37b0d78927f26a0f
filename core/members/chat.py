"""«Nhận thông báo qua đâu?» and «Liên kết thêm Zalo/Telegram», from the chat."""

from __future__ import annotations

from core.conversation.registry import action, command
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.members import channels
from core.texts import Rich, join_lines, label, t


@command("kenh", "kenh nhan thong bao", "nhan thong bao qua dau")
async def cmd_channel(turn: Turn) -> list[Screen]:
    bound, current = await channels.bound_channels(turn.ctx, member_id=turn.member.id)
    current_name = label(f"channel.{current}") if current else label(f"channel.{turn.event.channel}")
    specs = [
        (label("channel.btn.use", channel=label(f"channel.{c}")), "member.channel", {"channel": c})
        for c in bound
        if c != current
    ]
    specs.append((label("channel.btn.link"), "member.link", {}))
    return [Screen(t("channel.current", channel=current_name), await turn.options(specs))]


@action("member.channel")
async def on_channel(turn: Turn) -> list[Screen]:
    channel = str(turn.args["channel"])
    await channels.choose_channel(turn.ctx, member_id=turn.member.id, channel=channel)
    return [Screen(t("channel.chosen", channel=label(f"channel.{channel}")), close_pressed=True)]


@command("lienket", "lien ket", "lien ket zalo", "lien ket telegram")
async def cmd_link(turn: Turn) -> list[Screen]:
    return await on_link(turn)


@action("member.link")
async def on_link(turn: Turn) -> list[Screen]:
    row = await channels.link_code(turn.ctx, member_id=turn.member.id)
    other = "zalo" if turn.event.channel == "telegram" else "telegram"
    when = row.expires_at.astimezone(turn.ctx.zone)
    until = t("channel.link_until", until=f"{when:%H:%M %d/%m/%Y}")
    return [
        Screen(
            join_lines([t("channel.link_code", code=row.code), join_lines([_how(turn, other), until], " ")])
        )
    ]


def _how(turn: Turn, other: str) -> Rich:
    """Where to send the code: the other messenger, and the bot's name there when we know it."""
    if other == "telegram":
        username = turn.ctx.telegram_username
        return t("channel.link_how.telegram", bot=f"@{username}" if username else "Sổ tay")
    if turn.ctx.zalo_bot_name:
        return t("channel.link_how.zalo", bot=turn.ctx.zalo_bot_name)
    return t("channel.link_how.zalo_unnamed")
