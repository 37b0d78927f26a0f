"""What every use case may need, built once by the entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.db.uow import UowFactory
from core.stores import KeyValueStore


@dataclass(frozen=True)
class Context:
    uow: UowFactory
    clock: Clock
    store: KeyValueStore
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    invite_ttl_days: int = 30
    telegram_username: str | None = None
