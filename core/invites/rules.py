"""Invite codes: short, unambiguous when read aloud or typed by older members."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60


def new_code() -> str:
    """Always with a digit, so a typed code never looks like an ordinary word."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if any(ch.isdigit() for ch in code):
            return code


def normalise_code(raw: str) -> str:
    """Accepts 'abcd-2345', ' ABCD 2345 ' …; letters easily confused are mapped back."""
    cleaned = re.sub(r"[\s\-_.]", "", raw.upper())
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def looks_like_code(raw: str) -> bool:
    """Exactly a code's shape, with a digit as it was typed (so «thongbao» is not taken for one)."""
    code = normalise_code(raw)
    shaped = len(code) == CODE_LENGTH and all(ch in ALPHABET or ch in "01" for ch in code)
    return shaped and any(ch.isdigit() for ch in raw)


def code_in(text: str) -> str | None:
    """A code inside a sentence: «mã của tôi là 9zec g6vf» → «9zec g6vf» (one word, or two halves)."""
    words = re.findall(r"[0-9A-Za-z\-_.]+", text)
    for size in (1, 2):
        for start in range(len(words) - size + 1):
            found = " ".join(words[start : start + size])
            if looks_like_code(found):
                return found
    return None


def looks_like_attempt(raw: str) -> bool:
    """One word of 6 to 10 letters and digits: someone typing an invite code, maybe with a typo."""
    code = normalise_code(raw)
    return 6 <= len(code) <= 10 and code.isalnum() and any(ch.isdigit() for ch in raw)  # «Xin chào» is not


def telegram_link(bot_username: str | None, code: str) -> str:
    """The deep link that opens the bot with the code; "" when the bot's @name is unknown."""
    return f"https://t.me/{bot_username}?start={code}" if bot_username else ""
