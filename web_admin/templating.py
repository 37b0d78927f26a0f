"""The Jinja2 environment (autoescaping on) and the helpers every page uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from core.texts import label
from web_admin.csrf import ensure_token

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def percent(joined: int, total: int) -> str:
    """'95,4%' — Vietnamese decimal comma; '—' when there is nobody to count."""
    if not total:
        return "—"
    return f"{100 * joined / total:.1f}".replace(".", ",") + "%"


def _page_context(request: Request) -> dict[str, Any]:
    return {"csrf_token": ensure_token(request.session), "admin": getattr(request.state, "admin", None)}


def build_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["percent"] = percent
    env.globals["label"] = label
    return Jinja2Templates(env=env, context_processors=[_page_context])


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """Renders with the app's templates (built once in create_app and kept in app.state)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def render_error(request: Request, status_code: int, message: str) -> Response:
    return render(request, "error.html", status_code=status_code, message=message)
