"""What every local Bot API emulator shares: the HTTP server's life, waiting, and the update signal."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Self

from aiohttp import web

Predicate = Callable[[], bool | Awaitable[bool]]


class EmulatorServer:
    """Subclasses call `super().__init__()` and add their routes in `_add_routes`."""

    client_max_size: int = 1024 * 1024

    def __init__(self) -> None:
        self.base_url = ""
        self.sent: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._signal = asyncio.Event()
        self._webhook_task: asyncio.Task[None] | None = None

    def _add_routes(self, app: web.Application) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        app = web.Application(client_max_size=self.client_max_size)
        self._add_routes(app)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"

    async def stop(self) -> None:
        self._closing = True
        self._wake()
        await self._stop_webhook()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    # ----------------------------------------------------------------- inspecting

    def messages_to(self, chat_id: Any) -> list[dict[str, Any]]:
        return [record for record in self.sent if record["chat_id"] == chat_id]

    async def wait_for_messages(
        self, chat_id: Any, count: int, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        def enough() -> bool:
            return len(self.messages_to(chat_id)) >= count

        try:
            await self.wait_until(enough, timeout)
        except AssertionError:
            texts = [record.get("text") for record in self.messages_to(chat_id)]
            raise AssertionError(
                f"chat {chat_id} got {len(texts)} of {count} messages within {timeout}s: {texts!r}"
            ) from None
        return self.messages_to(chat_id)

    async def wait_until(self, predicate: Predicate, timeout: float = 10.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            result = predicate()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return
            if asyncio.get_running_loop().time() >= deadline:
                name = getattr(predicate, "__name__", repr(predicate))
                raise AssertionError(f"condition {name} not met within {timeout}s")
            await asyncio.sleep(0.01)

    # ------------------------------------------------------------ update signal

    def _wake(self) -> None:
        self._signal.set()
        self._signal = asyncio.Event()

    async def _wait_signal(self, timeout: float) -> None:
        signal = self._signal
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(signal.wait(), max(timeout, 0))

    async def _stop_webhook(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
