"""Typed dependencies: the core Context and the logged-in admin-web user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from core.accounts.service import AdminView, get_admin
from core.context import Context
from web_admin.errors import SESSION_USER_KEY, LoginRequired


def get_ctx(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


CtxDep = Annotated[Context, Depends(get_ctx)]


async def current_admin(request: Request, ctx: CtxDep) -> AdminView:
    user_id = request.session.get(SESSION_USER_KEY)
    admin = await get_admin(ctx.uow(), user_id) if isinstance(user_id, int) else None
    if admin is None:
        request.session.pop(SESSION_USER_KEY, None)
        raise LoginRequired
    request.state.admin = admin
    return admin


AdminDep = Annotated[AdminView, Depends(current_admin)]
