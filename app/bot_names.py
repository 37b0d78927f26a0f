"""The names members look for: the Telegram bot's @name and the Zalo bot's display name.

From the settings when given, else asked once from each platform (getMe); None when unknown.
"""

from __future__ import annotations

import sys

from core.config import Settings
from core.texts import label


def _warn(text: str) -> None:
    sys.stderr.write(text + "\n")


async def telegram_username(settings: Settings) -> str | None:
    """The deep links need the bot's @name; ask Telegram once when it is not configured."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username
    if settings.telegram_bot_token is None:
        return None
    from bots.telegram.dispatcher import build_bot

    bot = build_bot(settings.telegram_bot_token.get_secret_value(), settings.telegram_api_base)
    try:
        return (await bot.get_me()).username
    except Exception:
        _warn(label("cli.invites.no_bot_name"))
        return None
    finally:
        await bot.session.close()


async def zalo_name(settings: Settings) -> str | None:
    """Zalo has no links that carry a code: members find the bot by its name and send the code."""
    if settings.zalo_bot_name:
        return settings.zalo_bot_name
    if settings.zalo_bot_token is None:
        return None
    from bots.zalo.client import ZaloClient

    client = ZaloClient(settings.zalo_bot_token.get_secret_value(), settings.zalo_api_base, timeout=10.0)
    try:
        me = await client.get_me()
        return str(me.get("account_name") or me.get("display_name") or "") or None
    except Exception:
        _warn(label("cli.invites.no_zalo_name"))
        return None
    finally:
        await client.close()
