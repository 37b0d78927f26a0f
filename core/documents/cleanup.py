"""Files nobody refers to any more (an upload cancelled or never confirmed) are removed after a while.

A file is kept while a document or a task report refers to it. The grace period leaves time for an
upload waiting for «Lưu» (in the chat or on the web's confirmation page) to be confirmed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete, exists, select

from core.context import Context
from core.documents.models import Document, RemoteFile, StoredFile
from core.tasks.models import TaskReport

GRACE = timedelta(days=2)
log = logging.getLogger(__name__)


async def remove_unused_files(ctx: Context, *, grace: timedelta = GRACE) -> int:
    """Deletes stored files older than `grace` that no document or task report uses; how many."""
    cutoff = ctx.clock.now() - grace
    unused = (
        StoredFile.created_at < cutoff,
        ~exists().where(Document.sha256 == StoredFile.sha256),
        ~exists().where(TaskReport.file_sha256 == StoredFile.sha256),
    )
    async with ctx.uow() as uow:
        found = list(await uow.session.scalars(select(StoredFile.sha256).where(*unused)))
        if not found:
            return 0
        await uow.session.execute(delete(RemoteFile).where(RemoteFile.sha256.in_(found)))
        await uow.session.execute(delete(StoredFile).where(StoredFile.sha256.in_(found), *unused))
        await uow.commit()
    if ctx.files is not None:
        async with ctx.uow() as uow:  # the same bytes sent again meanwhile: keep them
            again = set(
                await uow.session.scalars(select(StoredFile.sha256).where(StoredFile.sha256.in_(found)))
            )
        for sha256 in set(found) - again:
            await ctx.files.remove(sha256)
    log.info("removed %d unused stored files", len(found))
    return len(found)
