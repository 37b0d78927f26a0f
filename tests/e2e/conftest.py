from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import Harness, open_harness


@pytest.fixture
async def h(ctx, clock) -> AsyncIterator[Harness]:  # type: ignore[no-untyped-def]
    harness, tg = await open_harness(ctx, clock)
    yield harness
    await harness.stop()
    await tg.stop()
