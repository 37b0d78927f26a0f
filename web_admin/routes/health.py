from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from web_admin.deps import CtxDep

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/healthz")
async def healthz(ctx: CtxDep) -> JSONResponse:
    """Liveness and database reachability, for load balancers and the start-up wait."""
    try:
        async with ctx.uow() as uow:
            await uow.session.execute(text("SELECT 1"))
    except Exception:
        log.exception("health check: database unreachable")
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})
