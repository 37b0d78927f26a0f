"""The real Zalo channel long-polling a local Zalo Bot API emulator, beside the Telegram harness."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bots.zalo.runner import ZaloChannel
from core.context import Context
from core.outbox.pump import OutboxPump
from tests.e2e.harness import Harness
from tests.emulators.zalo import ZaloEmulator, new_user_id

WEBHOOK_SECRET = "bi-mat-webhook-zalo"


@dataclass
class ZaloSide:
    zl: ZaloEmulator
    channel: ZaloChannel
    _seen: dict[str, int] = field(default_factory=dict)

    async def settle(self) -> None:
        for _ in range(2):
            await self.zl.wait_until(
                lambda: self.zl.pending_updates() == 0 and not self.channel._handling, timeout=15
            )
            await asyncio.sleep(0.05)

    def new_texts(self, user: str) -> list[str]:
        got = [m["text"] for m in self.zl.messages_to(user) if m["method"] == "sendMessage"]
        start = self._seen.get(user, 0)
        self._seen[user] = len(got)
        return got[start:]

    async def say(self, user: str, text: str) -> str:
        """What the member reads after sending `text`: every new message, joined."""
        self.new_texts(user)
        self.zl.user_sends(user, text)
        await self.settle()
        return "\n".join(self.new_texts(user))

    @staticmethod
    def new_user() -> str:
        return new_user_id()


async def open_zalo(ctx: Context, h: Harness | None = None) -> ZaloSide:
    """Starts the emulator and the channel; with a Telegram harness, its pump sends to both."""
    zl = ZaloEmulator(rate_limit=None)
    await zl.start()
    channel = ZaloChannel(
        ctx,
        token=zl.token,
        api_base=zl.base_url,
        public_url=None,
        webhook_secret=WEBHOOK_SECRET,
        poll_seconds=1,
    )
    await channel.start()
    if h is not None:
        senders = {**h.pump._senders, "zalo": channel.sender}
        h.pump = OutboxPump(ctx.uow, h.clock, senders)
    return ZaloSide(zl, channel)


async def close_zalo(side: ZaloSide) -> None:
    await side.channel.stop()
    await side.zl.stop()
