from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from core.accounts.service import authenticate
from core.errors import DomainError
from web_admin.csrf import rotate_token
from web_admin.deps import CtxDep
from web_admin.errors import SESSION_USER_KEY, message_for, status_for
from web_admin.templating import render

router = APIRouter(tags=["auth"])
HOME = "/units"


def safe_next(target: str | None) -> str:
    """Only local paths: never '//evil.example' or an absolute URL."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return HOME


@router.get("/login")
async def login_form(
    request: Request, next_url: Annotated[str | None, Query(alias="next")] = None
) -> Response:
    if isinstance(request.session.get(SESSION_USER_KEY), int):
        return RedirectResponse(safe_next(next_url), status_code=303)
    return render(request, "login.html", next=safe_next(next_url), error=None, username="")


@router.post("/login")
async def login(
    request: Request,
    ctx: CtxDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next_url: Annotated[str, Form(alias="next")] = HOME,
) -> Response:
    client = request.client.host if request.client else "unknown"
    try:
        admin = await authenticate(
            ctx.uow(), ctx.clock, ctx.store, username=username, password=password, client_key=client
        )
    except DomainError as error:
        return render(
            request,
            "login.html",
            status_code=status_for(error),
            next=safe_next(next_url),
            error=message_for(error),
            username=username,
        )
    request.session.clear()
    request.session[SESSION_USER_KEY] = admin.id
    rotate_token(request.session)
    return RedirectResponse(safe_next(next_url), status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
