"""Builds the shared pieces once: database (migrated), stores, the core Context."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from app.redis_store import RedisStore
from core.clock import Clock, SystemClock
from core.config import Settings
from core.context import Context
from core.db.engine import make_engine, make_session_factory
from core.db.migrate import upgrade_head_async
from core.db.uow import UowFactory
from core.documents.storage import FileStore
from core.stores import KeyValueStore, MemoryStore

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    store: KeyValueStore
    ctx: Context

    async def close(self) -> None:
        if isinstance(self.store, RedisStore):
            await self.store.close()
        await self.engine.dispose()


async def open_runtime(settings: Settings, *, clock: Clock | None = None, migrate: bool = True) -> Runtime:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.effective_database_url
    if migrate:
        await upgrade_head_async(url)
    engine = make_engine(url)
    store: KeyValueStore = MemoryStore()
    if settings.redis_url:
        redis_store = RedisStore.from_url(settings.redis_url)
        await redis_store.ping()
        store = redis_store
    ctx = Context(
        uow=UowFactory(make_session_factory(engine)),
        clock=clock or SystemClock(),
        store=store,
        zone=settings.zone,
        invite_ttl_days=settings.invite_ttl_days,
        telegram_username=settings.telegram_bot_username,
        zalo_bot_name=settings.zalo_bot_name,
        files=FileStore(settings.data_dir / "files"),
        link_secret=settings.secret_key.get_secret_value(),
        public_url=settings.public_url,
    )
    return Runtime(settings=settings, engine=engine, store=store, ctx=ctx)
