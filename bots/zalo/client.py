"""A small async client for the Zalo Bot API that never swallows an error.

We use httpx directly rather than python-zalo-bot: that SDK logs and drops API errors (so a 429
or an error body would never reach the outbox's retry logic) and its webhook calls are blocking
(`asyncio.run` inside), which cannot run inside our event loop. See README, "Zalo".
"""

from __future__ import annotations

from typing import Any

import httpx

DEFAULT_BASE = "https://bot-api.zaloplatforms.com"


class ZaloError(Exception):
    """A refusal from the API (`ok: false`), with its documented error code."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description


class ZaloNetworkError(Exception):
    """The API could not be reached or did not answer in time."""


class ZaloClient:
    def __init__(self, token: str, api_base: str = DEFAULT_BASE, *, timeout: float = 20.0) -> None:
        self._url = f"{api_base.rstrip('/')}/bot{token}"
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=10.0))

    async def close(self) -> None:
        await self._http.aclose()

    async def call(
        self, method: str, params: dict[str, Any] | None = None, *, wait: float | None = None
    ) -> Any:
        """POSTs JSON and returns `result`; raises ZaloError or ZaloNetworkError.

        `wait` lengthens the read timeout for a long poll."""
        timeout = httpx.Timeout(wait, connect=10.0) if wait is not None else httpx.USE_CLIENT_DEFAULT
        try:
            response = await self._http.post(f"{self._url}/{method}", json=params or {}, timeout=timeout)
        except httpx.HTTPError as exc:  # timeouts, refused connections, broken transfers
            raise ZaloNetworkError(f"{method}: {type(exc).__name__}: {exc}") from exc
        try:
            body = response.json()
        except ValueError as exc:
            if response.status_code >= 500:
                raise ZaloNetworkError(f"{method}: HTTP {response.status_code}") from exc
            raise ZaloError(response.status_code, "response is not JSON") from exc
        if not isinstance(body, dict) or body.get("ok") is not True:
            body = body if isinstance(body, dict) else {}
            code = int(body.get("error_code") or response.status_code or 0)
            raise ZaloError(code, str(body.get("description") or "unknown error"))
        return body.get("result")

    async def get_me(self) -> dict[str, Any]:
        result: dict[str, Any] = await self.call("getMe")
        return result

    async def get_update(self, *, wait: int = 30) -> dict[str, Any] | None:
        """One update, or None when the long poll timed out (error 408)."""
        try:
            result = await self.call("getUpdates", {"timeout": str(wait)}, wait=wait + 10)
        except ZaloError as exc:
            if exc.code == 408:
                return None
            raise
        return result if isinstance(result, dict) else None

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        result: dict[str, Any] = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return result

    async def set_webhook(self, url: str, secret_token: str) -> None:
        await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")
