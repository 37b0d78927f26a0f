from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import Harness, open_harness
from tests.e2e.zalo_harness import ZaloSide, close_zalo, open_zalo


@pytest.fixture
async def h(ctx, clock) -> AsyncIterator[Harness]:  # type: ignore[no-untyped-def]
    harness, tg = await open_harness(ctx, clock)
    yield harness
    await harness.stop()
    await tg.stop()


@pytest.fixture
async def z(ctx, h: Harness) -> AsyncIterator[ZaloSide]:  # type: ignore[no-untyped-def]
    side = await open_zalo(ctx, h)
    yield side
    await close_zalo(side)
