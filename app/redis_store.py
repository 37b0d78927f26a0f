"""The Redis implementation of core.stores.KeyValueStore (used when REDIS_URL is set)."""

from __future__ import annotations

import json
from typing import Any

from redis.asyncio import Redis


class RedisStore:
    def __init__(self, client: Redis) -> None:
        self.client = client

    @classmethod
    def from_url(cls, url: str) -> RedisStore:
        return cls(Redis.from_url(url, decode_responses=True))

    async def get(self, key: str) -> dict[str, Any] | None:
        raw = await self.client.get(key)
        return json.loads(raw) if raw else None

    async def set(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None:
        await self.client.set(key, json.dumps(value, ensure_ascii=False), ex=ttl_seconds)

    async def delete(self, key: str) -> None:
        await self.client.delete(key)

    async def hit(self, key: str, window_seconds: int) -> int:
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, window_seconds, nx=True)
            count, _ = await pipe.execute()
        return int(count)

    async def ping(self) -> None:
        await self.client.ping()  # type: ignore[misc]  # redis-py types ping() as sync-or-async

    async def close(self) -> None:
        await self.client.aclose()
