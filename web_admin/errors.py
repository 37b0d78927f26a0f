"""Every error the admin web shows, in Vietnamese, mapped in one place."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from core.accounts.service import get_admin
from core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from core.texts import label
from core.texts.vi import VI
from web_admin.csrf import CsrfFailed
from web_admin.templating import render_error

WEB_CODES = frozenset(key.removeprefix("web.error.") for key in VI if key.startswith("web.error."))


def text(code: str) -> str:
    return label(f"web.error.{code}")


STATUS_BY_CODE: dict[str, int] = {"bad_credentials": 401, "too_many_attempts": 429}
STATUS_BY_CLASS: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (Forbidden, 403),
    (InvalidInput, 400),
    (Conflict, 409),
)


class LoginRequired(Exception):
    """Raised by the current-admin dependency; answered with a redirect to /login."""


SESSION_USER_KEY = "uid"  # the logged-in admin's id in the signed session cookie


async def error_page(request: Request, status_code: int, message: str) -> Response:
    """The error page in the normal layout: with the navigation when the visitor is logged in,
    also where no route ran (an unknown address such as /units/abc)."""
    if getattr(request.state, "admin", None) is None:
        user_id = request.session.get(SESSION_USER_KEY)
        if isinstance(user_id, int):
            request.state.admin = await get_admin(request.app.state.ctx.uow(), user_id)
    return render_error(request, status_code, message)


def message_for(error: DomainError) -> str:
    if error.code in WEB_CODES:
        return text(error.code)
    by_class = (text(cls.code) for cls, _ in STATUS_BY_CLASS if isinstance(error, cls))
    return next(by_class, text("error"))


def status_for(error: DomainError) -> int:
    if error.code in STATUS_BY_CODE:
        return STATUS_BY_CODE[error.code]
    return next((status for cls, status in STATUS_BY_CLASS if isinstance(error, cls)), 400)


async def on_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return await error_page(request, status_for(exc), message_for(exc))


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 403: "forbidden"}.get(exc.status_code, "error")
    return await error_page(request, exc.status_code, text(code))


async def on_validation_error(request: Request, exc: Exception) -> Response:  # noqa: ARG001
    return await error_page(request, 400, text("invalid_input"))


async def on_login_required(request: Request, exc: Exception) -> Response:  # noqa: ARG001
    target = request.url.path if request.method == "GET" else "/units"
    return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)


async def on_csrf_failed(request: Request, exc: Exception) -> Response:  # noqa: ARG001
    return await error_page(request, 403, text("csrf_failed"))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_exception_handler(CsrfFailed, on_csrf_failed)
