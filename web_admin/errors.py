"""Every error the admin web shows, in Vietnamese, mapped in one place."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from web_admin.csrf import CsrfFailed
from web_admin.templating import render_error

MESSAGES: dict[str, str] = {
    "bad_credentials": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "too_many_attempts": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
    "unit_not_found": "Không tìm thấy đơn vị này.",
    "meeting_not_found": "Không tìm thấy cuộc họp này.",
    "member_not_found": "Không tìm thấy đảng viên này.",
    "username_taken": "Tên đăng nhập này đã có người dùng.",
    "username_invalid": "Tên đăng nhập không hợp lệ.",
    "password_too_short": "Mật khẩu phải có ít nhất 8 ký tự.",
    "not_found": "Không tìm thấy trang bạn yêu cầu.",
    "forbidden": "Bạn không có quyền thực hiện thao tác này.",
    "invalid_input": "Dữ liệu nhập vào không hợp lệ.",
    "conflict": "Dữ liệu đã thay đổi hoặc bị trùng. Vui lòng kiểm tra lại.",
    "csrf_failed": "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.",
    "method_not_allowed": "Thao tác này không được hỗ trợ.",
    "error": "Đã có lỗi xảy ra. Vui lòng thử lại.",
}

STATUS_BY_CODE: dict[str, int] = {"bad_credentials": 401, "too_many_attempts": 429}
STATUS_BY_CLASS: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (Forbidden, 403),
    (InvalidInput, 400),
    (Conflict, 409),
)


class LoginRequired(Exception):
    """Raised by the current-admin dependency; answered with a redirect to /login."""


def message_for(error: DomainError) -> str:
    if error.code in MESSAGES:
        return MESSAGES[error.code]
    by_class = (MESSAGES[cls.code] for cls, _ in STATUS_BY_CLASS if isinstance(error, cls))
    return next(by_class, MESSAGES["error"])


def status_for(error: DomainError) -> int:
    if error.code in STATUS_BY_CODE:
        return STATUS_BY_CODE[error.code]
    return next((status for cls, status in STATUS_BY_CLASS if isinstance(error, cls)), 400)


async def on_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return render_error(request, status_for(exc), message_for(exc))


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 403: "forbidden"}.get(exc.status_code, "error")
    return render_error(request, exc.status_code, MESSAGES[code])


async def on_validation_error(request: Request, exc: Exception) -> Response:  # noqa: ARG001
    return render_error(request, 400, MESSAGES["invalid_input"])


async def on_login_required(request: Request, exc: Exception) -> Response:  # noqa: ARG001
    target = request.url.path if request.method == "GET" else "/units"
    return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)


async def on_csrf_failed(request: Request, exc: Exception) -> Response:  # noqa: ARG001
    return render_error(request, 403, MESSAGES["csrf_failed"])


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_exception_handler(CsrfFailed, on_csrf_failed)
