"""Zalo webhook endpoint: the secret header checked in constant time before anything is read."""

from __future__ import annotations

import json
import secrets

from fastapi import APIRouter, Request, Response

from bots.zalo.handlers import handle_update
from bots.zalo.output import ZaloOutput

WEBHOOK_PATH = "/zalo/webhook"
SECRET_HEADER = "X-Bot-Api-Secret-Token"


def build_webhook_router(out: ZaloOutput, secret: str) -> APIRouter:
    router = APIRouter()

    @router.post(WEBHOOK_PATH, include_in_schema=False)
    async def zalo_webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(given.encode(), secret.encode()):
            return Response(status_code=401)
        raw = await request.body()
        if not raw.strip():
            return Response(status_code=200)  # Zalo probes the address with an empty body
        try:
            body = json.loads(raw)
        except ValueError:
            return Response(status_code=400)
        await handle_update(out, body)
        return Response(status_code=200)

    return router
