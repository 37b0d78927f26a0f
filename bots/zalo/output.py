"""Sending screens to a Zalo chat: the same for direct replies and for the outbox."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable

from bots.zalo.client import ZaloClient
from bots.zalo.render import parts
from core.context import Context
from core.conversation import offers
from core.conversation.screens import Option, Screen
from core.documents.links import document_link
from core.members.service import resolve_member

CHANNEL = "zalo"


class ZaloOutput:
    def __init__(self, ctx: Context, client: ZaloClient) -> None:
        self.ctx = ctx
        self.client = client
        # one chat's messages are handled in order (a long paste arrives as several), chats in parallel
        self.chat_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def send(
        self,
        chat_id: str,
        screen: Screen,
        *,
        start_part: int = 0,
        on_part: Callable[[int], Awaitable[None]] | None = None,
        layer: str | None = "reply",
        first: int = 1,
    ) -> None:
        """Sends the parts from `start_part` on; the choices are remembered once all parts are out.

        `first` is the number of the first choice; with `layer=None` the caller remembers them."""
        texts = parts(screen, link=await self._link(chat_id, screen), first=first)
        for index in range(start_part, len(texts)):
            await self.client.send_message(chat_id, texts[index])
            if on_part is not None:
                await on_part(index + 1)
        if screen.options and layer is not None:
            await offers.remember(self.ctx.store, CHANNEL, chat_id, screen.options, layer=layer)

    async def send_all(
        self, chat_id: str, screens: list[Screen], *, sent: Callable[[int], None] | None = None
    ) -> None:
        """A direct reply, its choices numbered on across its messages and all remembered together,
        so one number never means two things; when it offers nothing, earlier choices stop being
        answerable by number — unless it answers a choice typed from the list shown last (a list of
        meetings: «3», then «1»), which then stays answerable. `sent(n)` is told each time the first n
        screens are wholly out."""
        offered: list[Option] = []
        for index, screen in enumerate(screens):
            await self.send(chat_id, screen, layer=None, first=len(offered) + 1)
            offered += screen.options
            if sent is not None:
                sent(index + 1)
        if offered:
            await offers.remember(self.ctx.store, CHANNEL, chat_id, offered)
        elif not any(screen.keep_offers for screen in screens):
            await offers.forget(self.ctx.store, CHANNEL, chat_id)

    async def _link(self, chat_id: str, screen: Screen) -> str | None:
        """A document becomes a link signed for the member of this chat (private chats: chat = user)."""
        document_id = (screen.attachment or {}).get("document_id")
        if document_id is None:
            return None
        async with self.ctx.uow() as uow:
            member = await resolve_member(uow, channel=CHANNEL, user_id=chat_id)
        if member is None:
            return None
        return document_link(self.ctx, member_id=member.id, document_id=int(document_id))
