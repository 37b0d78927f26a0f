from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core.meetings.queries import meeting_attendance, meetings_overview
from core.minutes.service import build_minutes
from web_admin.deps import ActorDep, AdminDep, CtxDep
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


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/meetings/{meeting_id:int}/minutes.docx")
async def meeting_minutes(ctx: CtxDep, actor: ActorDep, meeting_id: int) -> Response:
    """The minutes (biên bản) built from the meeting's records, as a Word file."""
    name, data = await build_minutes(ctx, actor=actor, meeting_id=meeting_id)
    return Response(data, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}"'})
