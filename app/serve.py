"""`sotay run`: admin web, scheduler, outbox pump and the bots in one process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta

import uvicorn
from fastapi import APIRouter, FastAPI

from app.runtime import Runtime, open_runtime
from app.startup import first_run, print_banner
from bots.telegram.runner import TelegramChannel
from bots.zalo.runner import ZaloChannel
from core.config import Settings
from core.outbox.ports import Sender
from core.outbox.pump import OutboxPump
from core.texts import label
from scheduler.jobs import Background
from web_admin.app import create_app

log = logging.getLogger("sotay")


class QuietExitServer(uvicorn.Server):
    """Ctrl-C / SIGTERM ask for a graceful stop and the process then exits 0 (uvicorn would re-raise)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._request_exit)
        try:
            yield
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)

    def _request_exit(self) -> None:
        self.force_exit = self.should_exit
        self.should_exit = True


def build_channels(runtime: Runtime) -> list[TelegramChannel | ZaloChannel]:
    settings = runtime.settings
    secret = (
        settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)
    )
    channels: list[TelegramChannel | ZaloChannel] = []
    if settings.zalo_bot_token is not None:
        channels.append(
            ZaloChannel(
                runtime.ctx,
                token=settings.zalo_bot_token.get_secret_value(),
                api_base=settings.zalo_api_base,
                public_url=settings.public_url,
                webhook_secret=secret,
                messages_per_second=settings.zalo_rate,
            )
        )
    if settings.telegram_bot_token is None:
        return channels
    return [
        *channels,
        TelegramChannel(
            runtime.ctx,
            token=settings.telegram_bot_token.get_secret_value(),
            api_base=settings.telegram_api_base,
            public_url=settings.public_url,
            webhook_secret=secret,
            messages_per_second=settings.telegram_global_rate,
            send_timeout=max(2, settings.outbox_lease_seconds // 2),
            redis_url=settings.redis_url,
        ),
    ]


async def serve(settings: Settings, *, host: str, port: int) -> None:
    runtime = await open_runtime(settings)
    if runtime.ctx.public_url is None:  # signed document links point at this admin web
        runtime.ctx = replace(runtime.ctx, public_url=f"http://{host}:{port}")
    facts = await first_run(runtime)
    channels = build_channels(runtime)
    senders: dict[str, Sender] = {c.sender.channel: c.sender for c in channels}
    background = Background(
        runtime.ctx,
        OutboxPump(
            runtime.ctx.uow,
            runtime.ctx.clock,
            senders,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
        )
        if senders
        else None,
        reminder_interval=settings.reminder_interval_seconds,
        outbox_interval=settings.outbox_interval_seconds,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        for channel in channels:
            await channel.start()
        await background.start()
        zalo_name = next((c.username for c in channels if isinstance(c, ZaloChannel)), None)
        print_banner(settings, host, port, facts, [c.display for c in channels], zalo_name)
        try:
            yield
        finally:
            log.info(label("cli.run.stopping"))
            await background.stop()
            for channel in channels:
                await channel.stop()
            await runtime.close()
            log.info(label("cli.run.stopped"))

    routers: list[APIRouter] = [r for c in channels if (r := c.webhook_router()) is not None]
    app = create_app(
        runtime.ctx,
        secret_key=settings.secret_key.get_secret_value(),
        extra_routers=routers,
        lifespan=lifespan,
    )
    config = uvicorn.Config(app, host=host, port=port, log_level="info", access_log=False, lifespan="on")
    server = QuietExitServer(config)
    await server.serve()
    if not server.started:
        sys.exit(1)
