from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.org.queries import org_tree, unit_members
from web_admin.deps import AdminDep, CtxDep
from web_admin.templating import render

router = APIRouter(tags=["units"])


@router.get("/")
async def home(_admin: AdminDep) -> Response:
    return RedirectResponse("/units", status_code=303)


@router.get("/units")
async def units_page(request: Request, ctx: CtxDep, _admin: AdminDep) -> Response:
    return render(request, "units.html", units=await org_tree(ctx.uow()))


@router.get("/units/{unit_id:int}")
async def unit_page(request: Request, ctx: CtxDep, _admin: AdminDep, unit_id: int) -> Response:
    return render(request, "unit.html", view=await unit_members(ctx.uow(), unit_id))
