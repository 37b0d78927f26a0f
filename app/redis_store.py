"""The Redis implementation of core.stores.KeyValueStore (used when REDIS_URL is set)."""

from __future__ import annotations

import json
from typing import Any

from redis.asyncio import Redis

# Take the lease if free, renew it if ours — atomically.
LEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


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

    async def lease(self, key: str, owner: str, ttl_seconds: float) -> bool:
        taken = await self.client.eval(LEASE, 1, key, owner, int(ttl_seconds * 1000))  # type: ignore[misc]
        return bool(taken)

    async def release(self, key: str, owner: str) -> None:
        await self.client.eval(RELEASE, 1, key, owner)  # type: ignore[misc]

    async def ping(self) -> None:
        await self.client.ping()  # type: ignore[misc]  # redis-py types ping() as sync-or-async

    async def close(self) -> None:
        await self.client.aclose()
