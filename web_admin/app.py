"""The admin web: server-rendered pages behind a password login, plus the routers it is given."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Depends, FastAPI
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Lifespan, Message, Receive, Scope, Send

from core.context import Context
from web_admin.csrf import verify_csrf
from web_admin.errors import install_error_handlers
from web_admin.routes import auth, calendar_feed, documents, health, links, meetings, units
from web_admin.templating import STATIC_DIR, build_templates

ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    auth.router,
    units.router,
    meetings.router,
    documents.router,
    links.router,
    calendar_feed.router,
)
SESSION_COOKIE = "sotay_session"
SESSION_MAX_AGE = 12 * 60 * 60
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    ),
)


def create_app(
    ctx: Context,
    *,
    secret_key: str,
    extra_routers: Sequence[APIRouter] = (),
    lifespan: Lifespan[FastAPI] | None = None,
    https_only: bool = False,
) -> FastAPI:
    """The admin web. `extra_routers` (bot webhooks…) are included as given, without the form CSRF check.

    Middleware order, outermost first: security headers, signed session cookie; every
    web_admin router checks the CSRF token as a dependency.
    """
    app = FastAPI(
        title="Sổ tay — quản trị", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.ctx = ctx
    app.state.templates = build_templates()
    for router in ROUTERS:
        app.include_router(router, dependencies=[Depends(verify_csrf)])
    for router in extra_routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=https_only,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    return app


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
