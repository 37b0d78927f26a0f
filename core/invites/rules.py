"""Invite codes: short, unambiguous when read aloud or typed by older members."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """Accepts 'abcd-2345', ' ABCD 2345 ' …; letters easily confused are mapped back."""
    cleaned = re.sub(r"[\s\-_.]", "", raw.upper())
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def looks_like_code(raw: str) -> bool:
    code = normalise_code(raw)
    return len(code) == CODE_LENGTH and all(ch in ALPHABET or ch in "01" for ch in code)


def telegram_link(bot_username: str | None, code: str) -> str:
    """The deep link that opens the bot with the code; "" when the bot's @name is unknown."""
    return f"https://t.me/{bot_username}?start={code}" if bot_username else ""
