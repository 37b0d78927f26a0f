"""Admin-web accounts: username and password rules, login throttling keys."""

from __future__ import annotations

import secrets

from core.errors import InvalidInput
from core.text import clean

MIN_PASSWORD_LENGTH = 8
MAX_USERNAME_LENGTH = 64
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60
DEMO_USERNAME = "admin"


def normalise_username(raw: str) -> str:
    """NFC, trimmed, lower-case: 'Thu.Ky ' and 'thu.ky' are the same login."""
    return clean(raw).lower()


def check_username(username: str) -> None:
    if not username or len(username) > MAX_USERNAME_LENGTH or any(ch.isspace() for ch in username):
        raise InvalidInput("username_invalid")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password_too_short", min_length=MIN_PASSWORD_LENGTH)


def demo_password() -> str:
    return secrets.token_urlsafe(12)


def failure_keys(username: str, client_key: str) -> tuple[str, str]:
    """Counters of failed logins: one per username, one per client (address)."""
    return (
        f"app:accounts:login_fail:user:{username[:MAX_USERNAME_LENGTH]}",
        f"app:accounts:login_fail:client:{client_key[:128]}",
    )


def lock_key(failure_key: str) -> str:
    return failure_key.replace(":login_fail:", ":login_lock:", 1)


def actor(user_id: int) -> str:
    return f"admin:{user_id}"
