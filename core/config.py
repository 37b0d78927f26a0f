"""Settings read from the environment or `.env` (pydantic-settings).

Built once in the entry point and passed down; nothing here connects to anything.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "dev-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    env: str = Field(default="dev", alias="SOTAY_ENV")
    data_dir: Path = Field(default=Path(".sotay"), alias="SOTAY_DATA_DIR")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    redis_url: str | None = Field(default=None, alias="REDIS_URL")
    tz: str = Field(default="Asia/Ho_Chi_Minh", alias="SOTAY_TZ")
    secret_key: SecretStr = Field(default=SecretStr(DEFAULT_SECRET), alias="SOTAY_SECRET_KEY")

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base: str = Field(default="https://api.telegram.org", alias="TELEGRAM_API_BASE")
    telegram_bot_username: str | None = Field(default=None, alias="TELEGRAM_BOT_USERNAME")
    zalo_bot_token: SecretStr | None = Field(default=None, alias="ZALO_BOT_TOKEN")
    zalo_bot_name: str | None = Field(default=None, alias="ZALO_BOT_NAME")  # as members find it in Zalo
    zalo_api_base: str = Field(default="https://bot-api.zaloplatforms.com", alias="ZALO_API_BASE")
    zalo_rate: float = Field(default=5.0, alias="SOTAY_ZALO_RATE")
    public_url: str | None = Field(default=None, alias="PUBLIC_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="SOTAY_WEBHOOK_SECRET")

    invite_ttl_days: int = Field(default=30, alias="SOTAY_INVITE_TTL_DAYS")
    outbox_interval_seconds: float = Field(default=1.0, alias="SOTAY_OUTBOX_INTERVAL")
    outbox_lease_seconds: int = Field(default=40, ge=4, alias="SOTAY_OUTBOX_LEASE")
    reminder_interval_seconds: float = Field(default=20.0, alias="SOTAY_REMINDER_INTERVAL")
    telegram_global_rate: float = Field(default=25.0, alias="SOTAY_TELEGRAM_RATE")
    seed_demo: bool = Field(default=True, alias="SOTAY_SEED_DEMO")

    @model_validator(mode="after")
    def _refuse_default_secret_outside_dev(self) -> Settings:
        if self.env != "dev" and self.secret_key.get_secret_value() == DEFAULT_SECRET:
            raise ValueError("SOTAY_SECRET_KEY phải được đặt khi SOTAY_ENV khác 'dev'")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'sotay.db').resolve()}"
