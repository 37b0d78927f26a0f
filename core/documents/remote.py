"""A messenger's own id for a stored file, so each file is uploaded to it once."""

from __future__ import annotations

import contextlib

from sqlalchemy.exc import IntegrityError

from core.context import Context
from core.documents.models import RemoteFile


async def remote_id(ctx: Context, sha256: str, channel: str) -> str | None:
    async with ctx.uow() as uow:
        row = await uow.session.get(RemoteFile, (sha256, channel))
        return row.remote_id if row is not None else None


async def remember_remote_id(ctx: Context, sha256: str, channel: str, value: str) -> None:
    async with ctx.uow() as uow:
        row = await uow.session.get(RemoteFile, (sha256, channel))
        if row is None:
            uow.session.add(
                RemoteFile(sha256=sha256, channel=channel, remote_id=value, created_at=ctx.clock.now())
            )
        else:
            row.remote_id = value
        with contextlib.suppress(IntegrityError):  # another process remembered it first: either id works
            await uow.commit()


async def forget_remote_id(ctx: Context, sha256: str, channel: str) -> None:
    async with ctx.uow() as uow:
        row = await uow.session.get(RemoteFile, (sha256, channel))
        if row is not None:
            await uow.session.delete(row)
            await uow.commit()


async def read_file(ctx: Context, sha256: str) -> bytes:
    if ctx.files is None:
        raise RuntimeError("no file store configured")
    return await ctx.files.read(sha256)
