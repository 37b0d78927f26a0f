"""Adding documents to the library, reading them, and finding them."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import service as audit
from core.context import Context
from core.db.uow import UnitOfWork
from core.documents import extract, rules
from core.documents.access import listed, load_visible, visible
from core.documents.models import Document, DocumentRead, MeetingPaper, Placement, StoredFile
from core.documents.numbers import parse_number, type_from_title
from core.documents.search import search_text
from core.documents.views import DocumentView
from core.errors import Forbidden, InvalidInput
from core.org.guard import unit_for
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.org.rules import MemberRef, managed_paths, member_id_of
from core.text import clean, clean_lines


@dataclass(frozen=True)
class DocumentDraft:
    sha256: str
    file_name: str
    title: str = ""
    number: str | None = None
    type_code: str | None = None
    issuer: str | None = None
    issued_on: date | None = None
    summary: str = ""

    def to_state(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        return data

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> DocumentDraft:
        issued = data.get("issued_on")
        return cls(
            sha256=str(data["sha256"]),
            file_name=str(data["file_name"]),
            title=str(data.get("title") or ""),
            number=data.get("number"),
            type_code=data.get("type_code"),
            issuer=data.get("issuer"),
            issued_on=date.fromisoformat(issued) if issued else None,
            summary=str(data.get("summary") or ""),
        )


@dataclass(frozen=True)
class Upload:
    draft: DocumentDraft
    kind: str
    size: int
    existing: DocumentView | None


@dataclass(frozen=True)
class DocumentPage:
    items: tuple[DocumentView, ...]
    page: int
    total: int

    @property
    def has_more(self) -> bool:
        return (self.page + 1) * rules.PAGE_SIZE < self.total


def checked(draft: DocumentDraft) -> DocumentDraft:
    """Clean values; the type and issuer follow the number (the type follows the title without one)."""
    title = clean(draft.title)
    if not title:
        raise InvalidInput("document_title_missing")
    if len(title) > rules.MAX_TITLE:
        raise InvalidInput("document_title_too_long", limit=rules.MAX_TITLE)
    summary = clean_lines(draft.summary)
    if len(summary) > rules.MAX_SUMMARY:
        raise InvalidInput("document_summary_too_long", limit=rules.MAX_SUMMARY)
    # without a number, as when proposed: the type from the title, no issuer (it came from the number)
    number, type_code, issuer = None, type_from_title(title), None
    if draft.number and clean(draft.number):
        parsed = parse_number(draft.number)
        if parsed is None:
            raise InvalidInput("document_number_invalid", number=clean(draft.number))
        number, type_code, issuer = parsed.text, parsed.type_code, parsed.issuer
    return replace(draft, title=title, summary=summary, number=number, type_code=type_code, issuer=issuer)


async def receive_file(
    ctx: Context, *, actor: MemberRef, file_name: str, data: bytes, caption: str = ""
) -> Upload:
    """Checks and stores the file (once per content) and proposes what its caption, name and first
    page say."""
    if not managed_paths(actor, "document.manage"):
        raise Forbidden("document_add_not_allowed")
    file_name = clean(file_name) or "tai-lieu"
    kind = rules.classify(data, file_name)
    if ctx.files is None:
        raise RuntimeError("no file store configured")
    sha256 = await ctx.files.put(data)
    text = await asyncio.to_thread(extract.first_page_text, data, file_name)
    proposal = extract.with_caption(extract.propose(file_name, text), caption)
    draft = DocumentDraft(
        sha256=sha256,
        file_name=file_name,
        title=proposal.title or "",
        number=proposal.number.text if proposal.number and proposal.number.seq else None,
        type_code=proposal.type_code,
        issuer=proposal.issuer,
        issued_on=proposal.issued_on,
    )
    async with ctx.uow() as uow:
        await _keep_stored(uow, sha256, kind, len(data), ctx)
        existing = await _same_file(uow.session, actor, sha256)
        await uow.commit()
    return Upload(draft, kind.kind, len(data), existing)


async def _keep_stored(uow: UnitOfWork, sha256: str, kind: rules.FileKind, size: int, ctx: Context) -> None:
    if await uow.session.get(StoredFile, sha256) is not None:
        return
    try:
        async with uow.session.begin_nested():
            uow.session.add(
                StoredFile(
                    sha256=sha256,
                    size=size,
                    kind=kind.kind,
                    mime_type=kind.mime_type,
                    created_at=ctx.clock.now(),
                )
            )
    except IntegrityError:
        pass  # the same file arrived twice at once: one row is enough


async def _same_file(session: AsyncSession, member: MemberRef, sha256: str) -> DocumentView | None:
    stmt = select(Document).where(Document.sha256 == sha256, visible(member)).order_by(Document.id).limit(1)
    doc = await session.scalar(stmt)
    return (await views_for(session, member, [doc]))[0] if doc is not None else None


async def add_document(
    ctx: Context, *, actor: MemberRef, draft: DocumentDraft, unit_id: int, in_library: bool = True
) -> DocumentView:
    """A new document owned by `unit_id`; placed in its library unless it is only a meeting paper."""
    draft = checked(draft)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        unit = await unit_for(
            uow, actor, unit_id, permission="document.manage", at=now, code="unit_not_allowed"
        )
        if await uow.session.get(StoredFile, draft.sha256) is None:
            raise InvalidInput("document_file_missing")
        same = await uow.session.scalar(
            select(Document).where(Document.sha256 == draft.sha256, Document.owner_unit_id == unit.id)
        )
        if same is not None:  # «Lưu» pressed twice, or the form sent again: one document
            return (await views_for(uow.session, actor, [same]))[0]
        doc = Document(
            **asdict(draft),
            number_key=_number_key(draft.number),
            search_text=_search_text(draft),
            owner_unit_id=unit.id,
            uploaded_by=member_id_of(actor),
            created_at=now,
            updated_at=now,
        )
        uow.session.add(doc)
        await uow.flush()
        if in_library:
            uow.session.add(
                Placement(document_id=doc.id, unit_id=unit.id, placed_by=member_id_of(actor), placed_at=now)
            )
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="document.add",
            at=now,
            target_kind="document",
            target_id=doc.id,
            unit_id=unit.id,
            number=draft.number,
        )
        await uow.commit()
        return (await views_for(uow.session, actor, [doc]))[0]


def _number_key(number: str | None) -> str | None:
    parsed = parse_number(number) if number else None
    return parsed.loose_key if parsed is not None and parsed.seq else None


def _search_text(draft: DocumentDraft) -> str:
    return search_text(
        title=draft.title,
        number=draft.number,
        type_code=draft.type_code,
        issuer=draft.issuer,
        summary=draft.summary,
        file_name=draft.file_name,
    )


async def update_document(
    ctx: Context, *, actor: MemberRef, document_id: int, changes: dict[str, Any]
) -> DocumentView:
    """Corrects the metadata (title, number, date, summary); the file stays the same."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        doc = await load_visible(uow, actor, document_id, permission="document.edit", at=now)
        owner = await UnitRepository(uow.session).get(doc.owner_unit_id)
        if owner is None or not rules.can_manage(actor, owner.path):
            raise Forbidden("document_edit_not_allowed")
        draft = DocumentDraft(**{k: getattr(doc, k) for k in DocumentDraft.__dataclass_fields__})
        draft = checked(replace(draft, **changes))
        for key, value in asdict(draft).items():
            setattr(doc, key, value)
        doc.number_key, doc.search_text, doc.updated_at = _number_key(draft.number), _search_text(draft), now
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="document.edit",
            at=now,
            target_kind="document",
            target_id=doc.id,
            fields=sorted(changes),
        )
        await uow.commit()
        return (await views_for(uow.session, actor, [doc]))[0]


async def document_draft(ctx: Context, *, actor: MemberRef, document_id: int) -> DocumentDraft:
    """A saved document's details, to be corrected (only by who manages its unit)."""
    async with ctx.uow() as uow:
        doc = await load_visible(uow, actor, document_id, permission="document.edit", at=ctx.clock.now())
        owner = await UnitRepository(uow.session).get(doc.owner_unit_id)
        if owner is None or not rules.can_manage(actor, owner.path):
            raise Forbidden("document_edit_not_allowed")
        return DocumentDraft(**{k: getattr(doc, k) for k in DocumentDraft.__dataclass_fields__})


async def remove_document(ctx: Context, *, actor: MemberRef, document_id: int) -> str:
    """Takes a document out of every library and meeting (a wrong upload); the file itself stays.

    Only who manages its owner unit may; returns its title for the confirmation."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        doc = await load_visible(uow, actor, document_id, permission="document.remove", at=now)
        owner = await UnitRepository(uow.session).get(doc.owner_unit_id)
        if owner is None or not rules.can_manage(actor, owner.path):
            raise Forbidden("document_remove_not_allowed")
        title = doc.title
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="document.remove",
            at=now,
            target_kind="document",
            target_id=doc.id,
            title=title,
            number=doc.number,
            sha256=doc.sha256,
        )
        await uow.session.delete(doc)
        await uow.commit()
        return title


async def view_document(ctx: Context, *, member: MemberRef, document_id: int) -> tuple[DocumentView, bool]:
    """The document without counting a reading (admin pages), and whether this member may correct it."""
    async with ctx.uow() as uow:
        doc = await load_visible(uow, member, document_id, permission="document.view", at=ctx.clock.now())
        owner = await UnitRepository(uow.session).get(doc.owner_unit_id)
        editable = owner is not None and rules.can_manage(member, owner.path)
        return (await views_for(uow.session, member, [doc]))[0], editable


async def open_document(ctx: Context, *, member: MemberRef, document_id: int, via: str) -> DocumentView:
    """The document for this member (or "không tìm thấy", logged); the reading is recorded."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        doc = await load_visible(uow, member, document_id, permission=f"document.{via}", at=now)
        await _record_read(uow, doc.id, member_id_of(member), now)
        view = (await views_for(uow.session, member, [doc]))[0]
        await uow.commit()
        return view


async def _record_read(uow: UnitOfWork, document_id: int, member_id: int | None, now: Any) -> None:
    if member_id is None:
        return  # a web administrator is not a reader
    read = await uow.session.scalar(
        select(DocumentRead).where(
            DocumentRead.document_id == document_id, DocumentRead.member_id == member_id
        )
    )
    if read is not None:
        read.times += 1
        return
    try:
        async with uow.session.begin_nested():
            uow.session.add(DocumentRead(document_id=document_id, member_id=member_id, first_at=now, times=1))
    except IntegrityError:
        pass  # opened twice at the same moment: the first reading stands


async def recent_documents(
    ctx: Context, *, member: MemberRef, type_code: str | None = None, page: int = 0
) -> DocumentPage:
    async with ctx.uow() as uow:
        where = [listed(member)] + ([Document.type_code == type_code] if type_code else [])
        total = await uow.session.scalar(select(func.count(Document.id)).where(*where)) or 0
        stmt = (
            select(Document)
            .where(*where)
            .order_by(Document.created_at.desc(), Document.id.desc())
            .offset(max(page, 0) * rules.PAGE_SIZE)
            .limit(rules.PAGE_SIZE)
        )
        docs = list((await uow.session.scalars(stmt)).all())
        return DocumentPage(tuple(await views_for(uow.session, member, docs)), max(page, 0), total)


async def views_for(session: AsyncSession, member: MemberRef, docs: list[Document]) -> list[DocumentView]:
    """Views with the owner's name and, where the reader's copy was forwarded, where it came from."""
    if not docs:
        return []
    ids = [d.id for d in docs]
    stored = {
        s.sha256: s
        for s in await session.scalars(
            select(StoredFile).where(StoredFile.sha256.in_({d.sha256 for d in docs}))
        )
    }
    above = rules.ancestor_ids(member.unit_path)
    sources: dict[int, int] = {}
    for model in (Placement, MeetingPaper):
        unit_col = Placement.unit_id if model is Placement else None
        stmt = select(model.document_id, model.from_unit_id).where(
            model.document_id.in_(ids), model.from_unit_id.is_not(None)
        )
        if unit_col is not None:
            stmt = stmt.where(unit_col.in_(above))
        for doc_id, from_id in (await session.execute(stmt)).all():
            if from_id is not None:
                sources.setdefault(doc_id, from_id)
    unit_ids = {d.owner_unit_id for d in docs} | set(sources.values())
    units = {u.id: u for u in await session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    return [
        DocumentView.of(
            d,
            stored[d.sha256],
            units[d.owner_unit_id].name if d.owner_unit_id in units else "",
            units[sources[d.id]].name if d.id in sources and sources[d.id] in units else None,
            units[d.owner_unit_id].path if d.owner_unit_id in units else "/",
        )
        for d in docs
    ]


async def document_units(ctx: Context, *, actor: MemberRef) -> list[tuple[int, str]]:
    """The units whose library this member adds to: every unit where they manage documents, top first."""
    paths = managed_paths(actor, "document.manage")
    async with ctx.uow() as uow:
        units = UnitRepository(uow.session)
        found = [
            (u.id, u.name) for path in paths for u in sorted(await units.subtree(path), key=lambda u: u.path)
        ]
    if not found:
        raise Forbidden("document_add_not_allowed")
    return found
