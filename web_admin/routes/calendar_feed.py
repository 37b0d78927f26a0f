"""A member's private calendar feed (.ics) for phone and desktop calendar apps: the link is the key."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from core.calendar import feed
from core.errors import NotFound
from core.texts import label
from web_admin.deps import CtxDep

router = APIRouter(tags=["calendar"])


@router.get("/lich/{secret}.ics")
async def calendar_feed(ctx: CtxDep, secret: str) -> Response:
    try:
        body = await feed.feed_ics(ctx, secret)
    except NotFound:
        return PlainTextResponse(label("error.calendar_feed_not_found"), status_code=404)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"cache-control": "no-store", "x-robots-tag": "noindex"},
    )
