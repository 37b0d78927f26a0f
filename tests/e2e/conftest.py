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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """End to end, two deployments are enough: SQLite with in-process stores, PostgreSQL with Redis.

    (Core tests still run on all four combinations.) Keeps CI well inside its time."""
    from tests.conftest import PG_URL, REDIS_URL

    if not (PG_URL and REDIS_URL):
        return
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        mixed = params.get("db_url") is not None and (params.get("db_url") == "sqlite") != (
            params.get("store") == "memory"
        )
        (dropped if mixed and "/e2e/" in str(item.path) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
