"""Typed dependencies: the core Context, the logged-in admin-web user and who acts for them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from core.accounts.service import AdminView, get_admin
from core.context import Context
from core.errors import Forbidden
from core.members.repository import MemberRepository
from core.org.rules import MemberRef, web_admin_ref
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


async def current_actor(ctx: CtxDep, admin: AdminDep) -> MemberRef:
    """The member the web user acts as: their own member row when the account is linked to one,
    else an administrator who manages everything; an account with neither may do nothing here."""
    if admin.member_id is not None:
        async with ctx.uow() as uow:
            member = await MemberRepository(uow.session).ref(admin.member_id)
        if member is not None:
            return member
    if admin.is_admin:
        return web_admin_ref(admin.username)
    raise Forbidden()


ActorDep = Annotated[MemberRef, Depends(current_actor)]
