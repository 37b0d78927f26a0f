"""Only one process runs the periodic jobs and the outbox pump: the holder of a lease in the store.

With Redis the lease is shared by every process; with the in-process store each process leads
itself (one machine, SQLite). Claims on rows stay atomic either way, so a hand-over never sends twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets

from core.stores import KeyValueStore

log = logging.getLogger(__name__)
LEADER_KEY = "app:scheduler:leader"


class Leadership:
    def __init__(self, store: KeyValueStore, *, ttl: float = 15.0, key: str = LEADER_KEY) -> None:
        self.store, self.ttl, self.key = store, ttl, key
        self.owner = secrets.token_hex(8)
        self.is_leader = False

    async def try_lead(self) -> bool:
        was = self.is_leader
        try:
            self.is_leader = await self.store.lease(self.key, self.owner, self.ttl)
        except Exception:
            log.exception("could not renew the scheduler lease")
            self.is_leader = False
        if self.is_leader != was:
            log.info("scheduler leadership %s", "taken" if self.is_leader else "lost")
        return self.is_leader

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.try_lead()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.ttl / 3)
        await self.store.release(self.key, self.owner)
        self.is_leader = False
