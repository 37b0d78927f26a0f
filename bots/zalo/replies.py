"""A direct reply is never lost: a short 429 is waited out, anything else goes to the outbox.

Zalo's 429 carries no retry_after, so a reply waits a moment and tries again a few times (as the
Telegram side does for a short flood wait); a reply that still cannot go, or meets a 5xx or a
timeout, is handed from where it stopped to the outbox, whose pump retries it with backoff.
"""

from __future__ import annotations

import asyncio
import logging

from bots.zalo.client import ZaloError, ZaloNetworkError
from bots.zalo.output import CHANNEL, ZaloOutput
from core.conversation.screens import Screen
from core.members.service import resolve_member
from core.outbox import service as outbox

log = logging.getLogger(__name__)
REPLY_ATTEMPTS = 3
QUOTA_WAIT_SECONDS = 1.0


async def deliver(out: ZaloOutput, chat_id: str, user_id: str, screens: list[Screen]) -> None:
    remaining = list(screens)
    failure: Exception | None = None
    done = [0]

    def sent(n: int) -> None:
        done[0] = n

    for attempt in range(REPLY_ATTEMPTS):
        if attempt:
            await asyncio.sleep(QUOTA_WAIT_SECONDS * attempt)
        done[0] = 0
        try:
            await out.send_all(chat_id, remaining, sent=sent)
            return
        except (ZaloError, ZaloNetworkError) as exc:
            failure = exc
            remaining = remaining[done[0] :]  # a screen cut off midway goes again whole: nothing dropped
            if not (isinstance(exc, ZaloError) and exc.code == 429):
                break
    await _to_outbox(out, chat_id, user_id, remaining, failure)


async def _to_outbox(
    out: ZaloOutput, chat_id: str, user_id: str, screens: list[Screen], failure: Exception | None
) -> None:
    if not screens:
        return
    async with out.ctx.uow() as uow:
        member = await resolve_member(uow, channel=CHANNEL, user_id=user_id)
        if member is None:  # someone not joined yet: there is no one to queue for
            log.warning("Zalo reply to %s lost before joining: %s", chat_id, failure)
            return
        await outbox.enqueue(
            uow.session,
            items=[(member.id, screen) for screen in screens],
            subject_kind="reply",
            subject_id=None,
            now=out.ctx.clock.now(),
            channel=CHANNEL,
        )
        await uow.commit()
    log.info("Zalo reply to %s queued in the outbox after: %s", chat_id, failure)
