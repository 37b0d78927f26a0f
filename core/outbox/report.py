"""Who received a broadcast (a notice, a published document): the secretary's delivery report."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.members.models import Member
from core.org.models import Unit
from core.outbox.models import OutboxMessage
from core.texts import Rich, join_lines, label, names_block, t

STATUSES = ("sent", "pending", "not_joined", "unreachable", "failed")


@dataclass(frozen=True)
class DeliveryReport:
    total: int
    sent: tuple[str, ...]
    pending: tuple[str, ...]
    not_joined: tuple[str, ...]
    unreachable: tuple[str, ...]
    failed: tuple[str, ...]


async def delivery_report(session: AsyncSession, *, subject_kind: str, subject_id: int) -> DeliveryReport:
    """Names by delivery status; with their unit when the broadcast reached several units, so that
    «Nguyễn Phước Long (Chi bộ Khu vực 2)» is not taken for the sender's namesake in another cell."""
    stmt = (
        select(Member.full_name, Unit.name, OutboxMessage.status)
        .join(Member, Member.id == OutboxMessage.member_id)
        .join(Unit, Unit.id == Member.unit_id)
        .where(OutboxMessage.subject_kind == subject_kind, OutboxMessage.subject_id == subject_id)
        .order_by(Member.name_folded, Unit.name_folded)
    )
    rows = (await session.execute(stmt)).all()
    several_units = len({unit for _name, unit, _status in rows}) > 1
    by_status: dict[str, list[str]] = {}
    for name, unit, status in rows:
        shown = label("delivery.name_with_unit", name=name, unit=unit) if several_units else name
        by_status.setdefault("pending" if status == "sending" else status, []).append(shown)
    return DeliveryReport(
        total=sum(len(v) for v in by_status.values()),
        **{k: tuple(by_status.get(k, ())) for k in STATUSES},
    )


def report_text(title: Rich, report: DeliveryReport) -> Rich:
    lines = [
        title,
        t("notice.report.sent", n=len(report.sent)),
        t("notice.report.pending", n=len(report.pending)),
        names_block("notice.report.not_joined", report.not_joined),
        names_block("notice.report.unreachable", report.unreachable),
    ]
    if report.failed:
        lines.append(names_block("notice.report.failed", report.failed))
    return join_lines(lines)
