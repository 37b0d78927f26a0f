"""What every use case may need, built once by the entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.db.uow import UowFactory
from core.documents.storage import FileStore
from core.stores import KeyValueStore


@dataclass(frozen=True)
class Context:
    uow: UowFactory
    clock: Clock
    store: KeyValueStore
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    invite_ttl_days: int = 30
    telegram_username: str | None = None
    zalo_bot_name: str | None = None  # the Zalo bot's name as members find it (ZALO_BOT_NAME)
    files: FileStore | None = None  # document content under SOTAY_DATA_DIR/files
    link_secret: str = ""  # signs links to documents (SOTAY_SECRET_KEY)
    public_url: str | None = None  # where signed links point (PUBLIC_URL)
