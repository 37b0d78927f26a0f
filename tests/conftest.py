"""Shared fixtures: real SQLite every run, real PostgreSQL/Redis when TEST_*_URL is set."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.clock import ManualClock
from core.db.engine import make_engine, make_session_factory
from core.db.migrate import upgrade_head
from core.db.registry import metadata
from core.db.uow import UowFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PG_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")

DB_BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])
STORE_BACKENDS = ["memory"] + (["redis"] if REDIS_URL else [])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated with Alembic; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade_head(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_ready() -> str:
    assert PG_URL
    engine_url = PG_URL
    import asyncio

    async def reset() -> None:
        engine = make_engine(engine_url)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(reset())
    upgrade_head(engine_url)
    return engine_url


@pytest.fixture(params=DB_BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "sotay.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite+aiosqlite:///{path}"
    else:
        yield request.getfixturevalue("postgres_ready")


@pytest.fixture
async def session_factory(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    if not db_url.startswith("sqlite"):
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture
def uow(session_factory: async_sessionmaker[AsyncSession]) -> UowFactory:
    return UowFactory(session_factory)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 6, 10, 8, 0, tzinfo=VN))


@pytest.fixture(params=STORE_BACKENDS)
async def store(request: pytest.FixtureRequest) -> AsyncIterator[object]:
    """The in-process store every run; the real Redis server too when TEST_REDIS_URL is set."""
    if request.param == "memory":
        from core.stores import MemoryStore

        yield MemoryStore()
        return
    import uuid

    from redis.asyncio import Redis

    from app.redis_store import RedisStore

    client = Redis.from_url(REDIS_URL or "", decode_responses=True)
    prefix = f"test:{uuid.uuid4().hex}:"

    class Prefixed(RedisStore):
        async def get(self, key: str):  # type: ignore[no-untyped-def]
            return await super().get(prefix + key)

        async def set(self, key: str, value, ttl_seconds: int) -> None:  # type: ignore[no-untyped-def]
            await super().set(prefix + key, value, ttl_seconds)

        async def delete(self, key: str) -> None:
            await super().delete(prefix + key)

        async def hit(self, key: str, window_seconds: int) -> int:
            return await super().hit(prefix + key, window_seconds)

        async def lease(self, key: str, owner: str, ttl_seconds: float) -> bool:
            return await super().lease(prefix + key, owner, ttl_seconds)

        async def release(self, key: str, owner: str) -> None:
            await super().release(prefix + key, owner)

    yield Prefixed(client)
    keys = [k async for k in client.scan_iter(f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@pytest.fixture
def ctx(uow: UowFactory, clock: ManualClock, store: object, tmp_path: Path):  # type: ignore[no-untyped-def]
    from core.context import Context
    from core.documents.storage import FileStore

    return Context(
        uow=uow,
        clock=clock,
        store=store,  # type: ignore[arg-type]
        zone=VN,
        files=FileStore(tmp_path / "files"),
        link_secret="test-secret",
        public_url="http://sotay.test",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With PostgreSQL and Redis configured, two deployments are run: SQLite with in-process stores,
    and PostgreSQL with Redis — the two a user runs. The mixed pairs add time, not coverage: every
    database test already meets both databases, every store test both stores."""
    if not (PG_URL and REDIS_URL):
        return
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        mixed = (
            "db_url" in params
            and "store" in params
            and (params["db_url"] == "sqlite") != (params["store"] == "memory")
        )
        (dropped if mixed else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
