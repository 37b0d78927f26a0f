"""Notices from a secretary to every member of their unit and below, with a delivery report."""

from __future__ import annotations

from typing import Any

from core.audit import service as audit
from core.context import Context
from core.conversation.screens import Screen
from core.errors import InvalidInput
from core.notices.models import Notice
from core.org.guard import unit_for
from core.org.repository import UnitRepository
from core.org.rules import MemberRef, can, managed_paths
from core.outbox import broadcast, report
from core.text import nfc
from core.texts import join_lines, plain, t

MAX_NOTICE_LENGTH = 20_000


async def notice_units(ctx: Context, *, actor: MemberRef) -> list[tuple[int, str]]:
    async with ctx.uow() as uow:
        units = UnitRepository(uow.session)
        found: list[tuple[int, str]] = []
        for path in managed_paths(actor, "notice.send"):
            unit = next(iter(await units.subtree(path)), None)
            if unit is not None:
                found.append((unit.id, unit.name))
        return found


async def send_notice(
    ctx: Context, *, actor: MemberRef, unit_id: int, text: str, attachment: dict[str, Any] | None = None
) -> int:
    text = nfc(text).strip()
    if not text and attachment is None:
        raise InvalidInput("notice_empty")
    if len(text) > MAX_NOTICE_LENGTH:
        raise InvalidInput("notice_too_long", limit=MAX_NOTICE_LENGTH)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        unit = await unit_for(uow, actor, unit_id, permission="notice.send", at=now, code="unit_not_found")
        notice = Notice(unit_id=unit.id, sender_id=actor.id, text=text, attachment=attachment, created_at=now)
        uow.session.add(notice)
        await uow.flush()
        body = join_lines([t("notice.title", sender=actor.full_name, unit=unit.name), plain(text)])
        screen = Screen(body, attachment=attachment)
        recipients = await broadcast.to_unit(
            uow.session, unit, screen, subject_kind="notice", subject_id=notice.id, now=now
        )
        audit.record(
            uow.session,
            actor=f"member:{actor.id}",
            action="notice.send",
            at=now,
            target_kind="notice",
            target_id=notice.id,
            recipients=recipients,
        )
        await uow.commit()
        return notice.id


async def delivery_report(ctx: Context, *, actor: MemberRef, notice_id: int) -> report.DeliveryReport:
    async with ctx.uow() as uow:
        notice = await uow.session.get(Notice, notice_id)
        unit = await UnitRepository(uow.session).get(notice.unit_id) if notice else None
        if notice is None or unit is None or not can(actor, "notice.send", unit.path):
            await audit.refuse(
                uow,
                member_id=actor.id,
                target_kind="notice",
                target_id=notice_id,
                permission="notice.report",
                at=ctx.clock.now(),
                code="notice_not_found",
            )
        return await report.delivery_report(uow.session, subject_kind="notice", subject_id=notice_id)
