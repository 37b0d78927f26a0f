"""Only one process leads the scheduler and the outbox pump; another takes over when it stops."""

from __future__ import annotations

import asyncio

from scheduler.leader import Leadership


async def test_one_leader_at_a_time_and_hand_over_when_it_stops(store):
    first, second = Leadership(store, ttl=1.0), Leadership(store, ttl=1.0)
    assert await first.try_lead() is True
    assert await second.try_lead() is False
    assert await first.try_lead() is True  # renewing its own lease
    stop = asyncio.Event()
    task = asyncio.create_task(first.run(stop))
    await asyncio.sleep(0.05)
    stop.set()
    await task  # gives the lease up on the way out
    assert first.is_leader is False
    assert await second.try_lead() is True


async def test_lease_expires_when_the_leader_dies(store):
    first, second = Leadership(store, ttl=0.3), Leadership(store, ttl=0.3)
    assert await first.try_lead() is True
    assert await second.try_lead() is False
    await asyncio.sleep(0.45)  # the first process died: no renewal
    assert await second.try_lead() is True
    assert await first.try_lead() is False
