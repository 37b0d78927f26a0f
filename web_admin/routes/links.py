"""The page behind a signed document link: no login, read on a phone, never the admin navigation.

Opening the page or its file opens the link again in core (access checked, reading recorded,
refusals logged). The page is rendered without the session, so it sets no cookie.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from core.documents import links
from core.documents.views import issued_lines, origin_lines
from core.errors import DomainError
from core.texts import label, plain_text
from web_admin.deps import CtxDep
from web_admin.routes.documents import facts, file_response

router = APIRouter(tags=["links"])
HEADERS = {"cache-control": "no-store", "x-robots-tag": "noindex"}


@router.get("/d/{token}")
async def link_page(request: Request, ctx: CtxDep, token: str) -> Response:
    try:
        view = await links.open_link(ctx, token)
    except DomainError as error:
        return _refused(request, error)
    lines = [plain_text(line) for line in [*issued_lines(view), *origin_lines(view)]]
    return _page(
        request, 200, view=view, facts=facts(view, ctx.zone), lines=lines, file_url=f"/d/{token}/file"
    )


@router.get("/d/{token}/file")
async def link_file(request: Request, ctx: CtxDep, token: str) -> Response:
    try:
        return file_response(ctx, await links.open_link(ctx, token))
    except DomainError as error:
        return _refused(request, error)


def _refused(request: Request, error: DomainError) -> Response:
    if error.code == "link_expired":
        return _page(
            request, 410, heading=label("web.link.expired_title"), message=label("error.link_expired")
        )
    return _page(request, 404, heading=label("web.link.not_found_title"), message=label("web.link.not_found"))


def _page(request: Request, status_code: int, **context: Any) -> Response:
    """document_link.html straight from the Jinja environment: no session, no CSRF token, no admin."""
    templates: Jinja2Templates = request.app.state.templates
    values = {"view": None, "facts": None, "file_url": None, "heading": None, "message": None, **context}
    html = templates.env.get_template("document_link.html").render(**values)
    return HTMLResponse(html, status_code=status_code, headers=HEADERS)
