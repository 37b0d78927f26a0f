"""Who received a broadcast (a notice, a published document): the secretary's delivery report."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.members.models import Member
from core.outbox.models import OutboxMessage
from core.texts import Rich, join_lines, names_block, t

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
    stmt = (
        select(Member.full_name, OutboxMessage.status)
        .join(Member, Member.id == OutboxMessage.member_id)
        .where(OutboxMessage.subject_kind == subject_kind, OutboxMessage.subject_id == subject_id)
        .order_by(Member.name_folded)
    )
    by_status: dict[str, list[str]] = {}
    for name, status in (await session.execute(stmt)).all():
        by_status.setdefault("pending" if status == "sending" else status, []).append(name)
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
