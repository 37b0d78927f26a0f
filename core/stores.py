"""Small key-value stores for conversation state and rate limits.

The in-process store is the embedded default; a Redis implementation with the same
protocol lives outside core (app.redis_store) and is used when REDIS_URL is set.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol


class KeyValueStore(Protocol):
    async def get(self, key: str) -> dict[str, Any] | None: ...
    async def set(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None: ...
    async def delete(self, key: str) -> None: ...
    async def hit(self, key: str, window_seconds: int) -> int:
        """Count one event in a fixed window; returns the count so far."""
        ...

    async def lease(self, key: str, owner: str, ttl_seconds: float) -> bool:
        """Takes the lease if free, renews it if `owner` holds it; False if someone else does."""
        ...

    async def release(self, key: str, owner: str) -> None:
        """Gives the lease up, only if `owner` holds it."""
        ...


class MemoryStore:
    def __init__(self) -> None:
        self._data: dict[str, tuple[float, Any]] = {}
        self._lock = asyncio.Lock()

    def _live(self, key: str) -> Any:
        item = self._data.get(key)
        if item is None:
            return None
        expires, value = item
        if expires < time.monotonic():
            self._data.pop(key, None)
            return None
        return value

    async def get(self, key: str) -> dict[str, Any] | None:
        value = self._live(key)
        return dict(value) if value is not None else None

    async def set(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None:
        self._data[key] = (time.monotonic() + ttl_seconds, dict(value))

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)

    async def hit(self, key: str, window_seconds: int) -> int:
        async with self._lock:
            count = int(self._live(key) or 0) + 1
            expires = self._data[key][0] if count > 1 else time.monotonic() + window_seconds
            self._data[key] = (expires, count)
            return count

    async def lease(self, key: str, owner: str, ttl_seconds: float) -> bool:
        async with self._lock:
            holder = self._live(key)
            if holder not in (None, owner):
                return False
            self._data[key] = (time.monotonic() + ttl_seconds, owner)
            return True

    async def release(self, key: str, owner: str) -> None:
        async with self._lock:
            if self._live(key) == owner:
                self._data.pop(key, None)
