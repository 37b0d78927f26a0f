"""The admin web with a bot's webhook router, served over real HTTP on a free local port."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import uvicorn
from fastapi import APIRouter

from core.context import Context
from tests.e2e.process import free_port
from web_admin.app import create_app


@contextlib.asynccontextmanager
async def serving(
    ctx: Context,
    make_router: Callable[[str], APIRouter | None] | None = None,
    *,
    secret_key: str = "test-secret",
) -> AsyncIterator[str]:
    """Yields the base URL once the server answers; `make_router(url)` builds a bot's webhook router."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    router = make_router(url) if make_router else None
    assert make_router is None or router is not None
    app = create_app(ctx, secret_key=secret_key, extra_routers=[router] if router else [])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    for _ in range(500):  # uvicorn offers no "started" event: look every 20 ms, for at most 10 s
        if server.started:
            break
        await asyncio.sleep(0.02)
    try:
        yield url
    finally:
        server.should_exit = True
        await task
