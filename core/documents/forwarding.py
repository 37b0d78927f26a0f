"""Forwarding down the tree (the pilot's complaint) and publishing to every member below."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from core.audit import service as audit
from core.clock import as_utc
from core.context import Context
from core.conversation.screens import Screen
from core.db.uow import UnitOfWork
from core.documents import rules
from core.documents.access import load_visible
from core.documents.library import views_for
from core.documents.models import Document, Placement, Publication
from core.documents.papers import add_to_meeting
from core.documents.views import DocumentView, caption, card
from core.errors import InvalidInput
from core.meetings.models import Meeting
from core.org.guard import unit_for
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import CELL_KINDS, MemberRef, covers, managed_paths, member_id_of
from core.outbox import broadcast, report
from core.texts import join_lines, t, to_json

DESTINATIONS = ("library", "meeting")


def sent_text(at: datetime, zone: ZoneInfo) -> str:
    return f"{as_utc(at).astimezone(zone):%d/%m/%Y %H:%M}"


@dataclass(frozen=True)
class ForwardResult:
    """Each cell in exactly one group."""

    added: tuple[str, ...]  # newly in the place asked for
    already: tuple[str, ...]  # had it there (or, without a meeting ahead, in its library) already
    no_meeting: tuple[str, ...]  # no meeting ahead: newly put in the cell's library instead


async def forward_targets(ctx: Context, *, actor: MemberRef, document_id: int) -> list[tuple[int, str]]:
    """The cells below the units where the actor manages documents."""
    async with ctx.uow() as uow:
        await load_visible(uow, actor, document_id, permission="document.forward", at=ctx.clock.now())
        return [(u.id, u.name) for u in await _cells(uow, actor)]


async def can_forward(ctx: Context, *, actor: MemberRef) -> bool:
    """Whether there is any cell below a unit where the actor manages documents (else no «Chuyển»)."""
    below = [
        Unit.path.startswith(path, autoescape=True) & (Unit.path != path)
        for path in managed_paths(actor, "document.manage")
    ]
    if not below:
        return False
    async with ctx.uow() as uow:
        stmt = select(Unit.id).where(or_(*below), Unit.kind.in_(CELL_KINDS)).limit(1)
        return await uow.session.scalar(stmt) is not None


async def _cells(uow: UnitOfWork, actor: MemberRef) -> list[Unit]:
    units = UnitRepository(uow.session)
    found: dict[int, Unit] = {}
    for path in managed_paths(actor, "document.manage"):
        for unit in await units.subtree(path):
            if unit.kind in CELL_KINDS and unit.path != path:
                found[unit.id] = unit
    return sorted(found.values(), key=lambda u: u.name_folded)


async def forward_document(
    ctx: Context, *, actor: MemberRef, document_id: int, unit_ids: Sequence[int] | None, to: str
) -> ForwardResult:
    """To all cells below (`unit_ids` None) or chosen ones, into their library or their next meeting.

    Nothing is uploaded again; a place that already has the document is left as it is."""
    if to not in DESTINATIONS:
        raise ValueError(to)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        doc = await load_visible(uow, actor, document_id, permission="document.forward", at=now)
        cells = {u.id: u for u in await _cells(uow, actor)}
        chosen = list(cells) if unit_ids is None else list(dict.fromkeys(unit_ids))
        if not chosen or any(uid not in cells for uid in chosen):
            await audit.refuse(
                uow,
                member_id=actor.id,
                target_kind="unit",
                target_id=None,
                permission="document.forward",
                at=now,
                code="unit_not_allowed",
            )
        added: list[str] = []
        already: list[str] = []
        no_meeting: list[str] = []
        tops = managed_paths(actor, "document.manage")
        for uid in chosen:
            cell = cells[uid]
            above = rules.ancestor_ids(next(p for p in tops if covers(p, cell.path)))
            source = above[-1] if above else None  # None: a web administrator, above every unit
            meeting = await _next_meeting(uow, cell.id, now) if to == "meeting" else None
            if meeting is not None:
                new = await add_to_meeting(
                    uow,
                    meeting,
                    doc,
                    actor_id=member_id_of(actor),
                    from_unit_id=source,
                    now=now,
                    zone=ctx.zone,
                )
            else:
                new = await _place(uow, doc, cell.id, source, member_id_of(actor), now)
            if not new:
                already.append(cell.name)
            else:
                (no_meeting if to == "meeting" and meeting is None else added).append(cell.name)
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="document.forward",
            at=now,
            target_kind="document",
            target_id=doc.id,
            to=to,
            added=len(added),
        )
        await uow.commit()
        return ForwardResult(tuple(added), tuple(already), tuple(no_meeting))


async def _next_meeting(uow: UnitOfWork, unit_id: int, now: datetime) -> Meeting | None:
    stmt = (
        select(Meeting)
        .where(Meeting.unit_id == unit_id, Meeting.status == "scheduled", Meeting.starts_at > now)
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    return await uow.session.scalar(stmt)


async def _place(
    uow: UnitOfWork, doc: Document, unit_id: int, source: int | None, actor_id: int | None, now: datetime
) -> bool:
    exists = await uow.session.scalar(
        select(Placement.id).where(Placement.document_id == doc.id, Placement.unit_id == unit_id)
    )
    if exists is not None:
        return False
    try:
        async with uow.session.begin_nested():
            uow.session.add(
                Placement(
                    document_id=doc.id,
                    unit_id=unit_id,
                    from_unit_id=source,
                    placed_by=actor_id,
                    placed_at=now,
                )
            )
    except IntegrityError:
        return False
    return True


async def place_in_library(
    ctx: Context, *, actor: MemberRef, document_id: int, unit_id: int
) -> tuple[DocumentView, str, bool]:
    """A file already in another unit's library, added again for `unit_id`: the same document goes
    into that unit's library too (no second copy), remembering where it came from.

    Returns the document, the unit's name, and False when the unit's library already had it."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        doc = await load_visible(uow, actor, document_id, permission="document.place", at=now)
        unit = await unit_for(
            uow, actor, unit_id, permission="document.manage", at=now, code="unit_not_allowed"
        )
        source = None if doc.owner_unit_id == unit.id else doc.owner_unit_id
        new = await _place(uow, doc, unit.id, source, member_id_of(actor), now)
        if new:
            audit.record(
                uow.session,
                actor=audit.member_actor(actor.id),
                action="document.place",
                at=now,
                target_kind="document",
                target_id=doc.id,
                unit_id=unit.id,
            )
        await uow.commit()
        return (await views_for(uow.session, actor, [doc]))[0], unit.name, new


@dataclass(frozen=True)
class PublishPreview:
    unit: str
    recipients: int
    sent_at: datetime | None  # the last time this document was sent to this unit


async def publish_preview(
    ctx: Context, *, actor: MemberRef, document_id: int, unit_id: int
) -> PublishPreview:
    """What «Gửi» would do: how many members it reaches, and whether it was sent there before."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        doc, unit = await _publishable(uow, actor, document_id, unit_id, now)
        members = await UnitRepository(uow.session).members_in_subtree(unit.path)
        return PublishPreview(unit.name, len(members), await _last_sent(uow, doc.id, unit.id))


async def _publishable(
    uow: UnitOfWork, actor: MemberRef, document_id: int, unit_id: int, now: datetime
) -> tuple[Document, Unit]:
    doc = await load_visible(uow, actor, document_id, permission="document.publish", at=now)
    unit = await unit_for(uow, actor, unit_id, permission="document.manage", at=now, code="unit_not_allowed")
    return doc, unit


async def _last_sent(uow: UnitOfWork, document_id: int, unit_id: int) -> datetime | None:
    return await uow.session.scalar(
        select(func.max(Publication.published_at)).where(
            Publication.document_id == document_id, Publication.unit_id == unit_id
        )
    )


async def publish_document(
    ctx: Context, *, actor: MemberRef, document_id: int, unit_id: int, again: bool = False
) -> int:
    """Sends the document itself to every member of the unit and below, through the outbox.

    A document already sent to this unit is sent again only when `again` says so."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        doc, unit = await _publishable(uow, actor, document_id, unit_id, now)
        last = await _last_sent(uow, doc.id, unit.id)
        if last is not None and not again:
            raise InvalidInput("document_already_published", unit=unit.name, date=sent_text(last, ctx.zone))
        await _place(uow, doc, unit.id, None, member_id_of(actor), now)
        publication = Publication(
            document_id=doc.id, unit_id=unit.id, published_by=member_id_of(actor), published_at=now
        )
        uow.session.add(publication)
        await uow.flush()
        view = (await views_for(uow.session, actor, [doc]))[0]
        body = join_lines([t("document.published", sender=actor.full_name, unit=unit.name), card(view)])
        screen = Screen(body, attachment={**view.attachment(), "caption": to_json(caption(view))})
        recipients = await broadcast.to_unit(
            uow.session, unit, screen, subject_kind="publication", subject_id=publication.id, now=now
        )
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="document.publish",
            at=now,
            target_kind="document",
            target_id=doc.id,
            unit_id=unit.id,
            recipients=recipients,
        )
        await uow.commit()
        return publication.id


async def publication_report(ctx: Context, *, actor: MemberRef, publication_id: int) -> report.DeliveryReport:
    async with ctx.uow() as uow:
        publication = await uow.session.get(Publication, publication_id)
        unit = await uow.session.get(Unit, publication.unit_id) if publication else None
        if publication is None or unit is None or not rules.can_manage(actor, unit.path):
            await audit.refuse(
                uow,
                member_id=actor.id,
                target_kind="publication",
                target_id=publication_id,
                permission="document.publish",
                at=ctx.clock.now(),
                code="document_not_found",
            )
        return await report.delivery_report(
            uow.session, subject_kind="publication", subject_id=publication_id
        )
