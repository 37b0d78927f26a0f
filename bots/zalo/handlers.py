"""Thin: an update in, the core's answer out. Repeated deliveries are handled once."""

from __future__ import annotations

import logging
from typing import Any

from bots.zalo import inbound, replies
from bots.zalo.output import ZaloOutput
from core.conversation import engine
from core.conversation.screens import Screen
from core.texts import t

log = logging.getLogger(__name__)
SEEN_SECONDS = 24 * 3600


async def handle_update(out: ZaloOutput, body: Any) -> None:
    update = inbound.parse(body)
    if update is None:
        return
    if await out.ctx.store.hit(f"app:zalo:update:{update.key}", SEEN_SECONDS) > 1:
        return
    chat_id = update.event.chat_id
    async with out.chat_locks[chat_id]:
        await _answer(out, update, chat_id)


async def _answer(out: ZaloOutput, update: inbound.ZaloUpdate, chat_id: str) -> None:
    if not update.has_text:  # a photo, a sticker, or content Zalo withholds: say what we can read
        screens = [Screen(t("zalo.text_only"))]
    else:
        try:
            screens = await engine.handle(out.ctx, update.event)
        except Exception:
            log.exception("Zalo update %s failed", update.key)
            screens = [Screen(t("error.generic"))]
    await replies.deliver(out, chat_id, update.event.user_id, screens)
