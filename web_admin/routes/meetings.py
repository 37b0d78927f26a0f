from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core.meetings.queries import meeting_attendance, meetings_overview
from web_admin.deps import AdminDep, CtxDep
from web_admin.templating import render

router = APIRouter(tags=["meetings"])


@router.get("/meetings")
async def meetings_page(request: Request, ctx: CtxDep, _admin: AdminDep) -> Response:
    rows = await meetings_overview(ctx.uow(), zone=ctx.zone, now=ctx.clock.now())
    return render(request, "meetings.html", meetings=rows, now=ctx.clock.now())


@router.get("/meetings/{meeting_id:int}")
async def meeting_page(request: Request, ctx: CtxDep, _admin: AdminDep, meeting_id: int) -> Response:
    view = await meeting_attendance(ctx.uow(), meeting_id, zone=ctx.zone)
    return render(request, "meeting.html", view=view)
