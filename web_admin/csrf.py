"""CSRF protection for server-rendered forms: a per-session token checked on every unsafe request.

starlette-csrf only reads a header, which plain HTML forms cannot send, so the token lives in
the signed session (synchroniser token) and is accepted from the form field `csrf_token` or
the `X-CSRF-Token` header. `verify_csrf` is a router dependency added by create_app to every
web_admin router (fail-closed for new pages); routers passed in by the caller (bot webhooks,
authenticated by their own secret) do not get it.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Request

SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfFailed(Exception):
    """A state-changing request without the session's token; answered with a 403 page."""


def ensure_token(session: dict[str, Any]) -> str:
    """The session's token, created on first use (templates put it in every form)."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return token


def rotate_token(session: dict[str, Any]) -> str:
    session.pop(SESSION_KEY, None)
    return ensure_token(session)


async def verify_csrf(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    submitted = request.headers.get(HEADER)
    if not submitted and request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(FORM_FIELD)  # FastAPI caches the parsed form
        submitted = value if isinstance(value, str) else None
    if not _same(request.session.get(SESSION_KEY), submitted):
        raise CsrfFailed


def _same(expected: object, submitted: str | None) -> bool:
    if not isinstance(expected, str) or not submitted:
        return False
    return secrets.compare_digest(expected.encode(), submitted.encode())
