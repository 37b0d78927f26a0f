"""Who received a published document: the outbox's delivery report, each name with its unit.

A publication reaches every cell below a committee, where two members may share a name: «Nguyễn
Phước Long (Chi bộ Khu vực 2)» is not the sender of the same name in Chi bộ Khu vực 1.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.members.models import Member
from core.org.models import Unit
from core.outbox.models import OutboxMessage
from core.outbox.report import STATUSES, DeliveryReport
from core.texts import label


async def publication_delivery(session: AsyncSession, publication_id: int) -> DeliveryReport:
    stmt = (
        select(Member.full_name, Unit.name, OutboxMessage.status)
        .join(Member, Member.id == OutboxMessage.member_id)
        .join(Unit, Unit.id == Member.unit_id)
        .where(OutboxMessage.subject_kind == "publication", OutboxMessage.subject_id == publication_id)
        .order_by(Member.name_folded, Unit.name_folded)
    )
    by_status: dict[str, list[str]] = {}
    for name, unit, status in (await session.execute(stmt)).all():
        named = label("publish.report_name", name=name, unit=unit)
        by_status.setdefault("pending" if status == "sending" else status, []).append(named)
    return DeliveryReport(
        total=sum(len(v) for v in by_status.values()),
        **{k: tuple(by_status.get(k, ())) for k in STATUSES},
    )
