"""Sends outbox rows within each platform's limits; safe to stop at any point.

A row is claimed with a lease before sending and marked as soon as the platform has
accepted it (per part, for long texts). On Ctrl-C the pump finishes the send in flight
and stops. After a hard kill, rows whose lease ran out are sent again from the first
part not yet confirmed: delivery is at-least-once, and the only message that can repeat
is the one that was in flight at the moment of the kill.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from datetime import timedelta

from aiolimiter import AsyncLimiter

from core.clock import Clock
from core.conversation.screens import Screen
from core.db.uow import UowFactory
from core.outbox import service
from core.outbox.ports import PermanentFailure, RetryAfter, Sender, TransientFailure, Unreachable

log = logging.getLogger(__name__)


class OutboxPump:
    def __init__(
        self,
        uow: UowFactory,
        clock: Clock,
        senders: Mapping[str, Sender],
        *,
        batch_size: int = 50,
        concurrency: int = 8,
        lease: timedelta = timedelta(seconds=30),
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._senders = dict(senders)
        self._batch_size = batch_size
        self._lease = lease
        self._slots = asyncio.Semaphore(concurrency)
        self._limiters = {name: AsyncLimiter(s.messages_per_second, 1) for name, s in self._senders.items()}
        self._last_sent: dict[tuple[str, str], float] = {}
        self._paused_until: dict[str, float] = {}
        self._stopping = asyncio.Event()

    async def run_once(self) -> int:
        """Sends what is due now; returns the number of rows that reached a final state."""
        channels = [c for c in self._senders if self._paused_until.get(c, 0) <= time.monotonic()]
        if not channels or self._stopping.is_set():
            return 0
        now = self._clock.now()
        rows = await service.candidates(self._uow(), channels=channels, now=now, limit=self._batch_size * 4)
        picked = self._pick(rows)
        results = await asyncio.gather(*(self._deliver(row_id, channel) for row_id, channel in picked))
        return sum(results)

    async def run(
        self, stop: asyncio.Event, interval: float = 1.0, active: Callable[[], bool] = lambda: True
    ) -> None:
        """Until `stop` is set; a send already under way then completes and is recorded.

        `active` says whether this process should send now (only the scheduler's leader does).
        """
        watcher = asyncio.create_task(self._watch(stop))
        try:
            while not stop.is_set():
                try:
                    done = await self.run_once() if active() else 0
                except Exception:
                    log.exception("outbox pump round failed")
                    done = 0
                if done == 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=interval)
        finally:
            watcher.cancel()

    async def _watch(self, stop: asyncio.Event) -> None:
        await stop.wait()
        self._stopping.set()

    def _pick(self, rows: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
        """One row per chat per round (keeps a chat's order), skipping chats sent to a moment ago."""
        chosen: list[tuple[int, str]] = []
        seen: set[tuple[str, str]] = set()
        clock = time.monotonic()
        for row_id, channel, chat_id in rows:
            key = (channel, chat_id)
            if key in seen:
                continue
            seen.add(key)
            if clock - self._last_sent.get(key, -1e9) < self._senders[channel].per_chat_interval:
                continue
            chosen.append((row_id, channel))
            if len(chosen) >= self._batch_size:
                break
        return chosen

    async def _deliver(self, row_id: int, channel: str) -> int:
        """Claims the row only when it is its turn to go out, so only sends truly under way are 'sending'."""
        async with self._slots:
            await self._limiters[channel].acquire()
            if self._stopping.is_set() or self._paused_until.get(channel, 0) > time.monotonic():
                return 0
            items = await service.claim(self._uow(), ids=[row_id], now=self._clock.now(), lease=self._lease)
            if not items:
                return 0
            return await self._attempt(self._senders[channel], items[0])

    async def _attempt(self, sender: Sender, item: service.OutboxItem) -> int:
        async def on_part(parts: int) -> None:
            await service.mark_part(self._uow(), item.id, parts)

        try:
            await sender.send(
                item.chat_id, Screen.from_payload(item.payload), start_part=item.parts_sent, on_part=on_part
            )
        except RetryAfter as exc:
            self._paused_until[item.channel] = time.monotonic() + exc.seconds
            at = self._clock.now() + timedelta(seconds=exc.seconds)
            await service.release(self._uow(), item.id, at=at, error=str(exc), count_attempt=False)
            return 0
        except Unreachable as exc:
            await service.mark_unreachable(self._uow(), item, now=self._clock.now(), error=str(exc))
            return 1
        except PermanentFailure as exc:
            await service.mark_failed(self._uow(), item.id, error=str(exc))
            return 1
        except (TransientFailure, OSError, TimeoutError) as exc:
            return await self._retry_later(item, str(exc) or type(exc).__name__)
        finally:
            self._last_sent[(item.channel, item.chat_id)] = time.monotonic()
        await service.mark_sent(self._uow(), item.id, now=self._clock.now())
        return 1

    async def _retry_later(self, item: service.OutboxItem, error: str) -> int:
        if item.attempts >= service.MAX_ATTEMPTS:
            await service.mark_failed(self._uow(), item.id, error=error)
            return 1
        at = self._clock.now() + service.backoff(item.attempts)
        await service.release(self._uow(), item.id, at=at, error=error, count_attempt=True)
        return 0
