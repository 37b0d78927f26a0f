"""The Zalo channel as one object `sotay run` starts and stops: long polling or webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import APIRouter

from bots.zalo.client import DEFAULT_BASE, ZaloClient, ZaloError, ZaloNetworkError
from bots.zalo.handlers import handle_update
from bots.zalo.notifier import ZaloSender
from bots.zalo.output import ZaloOutput
from bots.zalo.webhook import WEBHOOK_PATH, build_webhook_router
from core.context import Context

log = logging.getLogger(__name__)
POLL_SECONDS = 30
MAX_BACKOFF = 60.0


class ZaloChannel:
    def __init__(
        self,
        ctx: Context,
        *,
        token: str,
        api_base: str = DEFAULT_BASE,
        public_url: str | None,
        webhook_secret: str,
        messages_per_second: float = 5.0,
        poll_seconds: int = POLL_SECONDS,
    ) -> None:
        self.client = ZaloClient(token, api_base)
        self.out = ZaloOutput(ctx, self.client)
        self.sender = ZaloSender(self.out, messages_per_second=messages_per_second)
        self.public_url = public_url.rstrip("/") if public_url else None
        self.webhook_secret = webhook_secret
        self.poll_seconds = poll_seconds
        self.username: str | None = None
        self._polling: asyncio.Task[None] | None = None
        self._handling: set[asyncio.Task[None]] = set()

    @property
    def display(self) -> str:
        return f"Zalo «{self.username}»"

    def webhook_router(self) -> APIRouter | None:
        if self.public_url is None:
            return None
        return build_webhook_router(self.out, self.webhook_secret)

    async def start(self) -> None:
        me = await self.client.get_me()
        self.username = str(me.get("account_name") or me.get("id") or "")
        if self.public_url:
            await self.client.set_webhook(f"{self.public_url}{WEBHOOK_PATH}", self.webhook_secret)
            log.info("Zalo: webhook at %s%s", self.public_url, WEBHOOK_PATH)
            return
        await self.client.delete_webhook()
        self._polling = asyncio.create_task(self._poll(), name="zalo-polling")
        log.info("Zalo: long polling as %s", self.username)

    async def _poll(self) -> None:
        """getUpdates hands out one update at a time; each is handled in its own task."""
        backoff = 1.0
        while True:
            try:
                update = await self.client.get_update(wait=self.poll_seconds)
            except (ZaloError, ZaloNetworkError) as exc:
                log.warning("Zalo: getUpdates failed (%s); retrying in %.0f s", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = 1.0
            if update is not None:
                task = asyncio.create_task(handle_update(self.out, update))
                self._handling.add(task)
                task.add_done_callback(self._handling.discard)

    async def stop(self) -> None:
        if self._polling is not None:
            self._polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
        if self._handling:
            await asyncio.wait(self._handling, timeout=10)
        await self.client.close()
