"""Finding documents: counts by type and search, ranked by relevance (the chat and the admin web)."""

from __future__ import annotations

from sqlalchemy import and_, func, literal, or_, select

from core.context import Context
from core.documents import library, rules
from core.documents.access import listed
from core.documents.library import DocumentPage
from core.documents.models import Document
from core.documents.search import parse_query, score
from core.errors import InvalidInput
from core.org.rules import MemberRef

SEARCH_SCAN_LIMIT = 500


async def type_counts(ctx: Context, *, member: MemberRef) -> list[tuple[str, int]]:
    async with ctx.uow() as uow:
        stmt = (
            select(Document.type_code, func.count(Document.id))
            .where(listed(member), Document.type_code.is_not(None))
            .group_by(Document.type_code)
            .order_by(func.count(Document.id).desc())
        )
        return [(str(code), int(n)) for code, n in (await uow.session.execute(stmt)).all()]


def names_a_number(query: str) -> bool:
    """Whether a search was for a document number (an empty result then gets other advice)."""
    return bool(parse_query(query).number_keys)


async def search_documents(ctx: Context, *, member: MemberRef, query: str, page: int = 0) -> DocumentPage:
    """Every word must match a whole word (diacritics optional; the last typed may be begun);
    a document number matches in any written form. The chat and the admin web both search here."""
    parsed = parse_query(query)
    if parsed.empty:
        raise InvalidInput("search_empty")
    conditions = []
    if parsed.words:
        padded = literal(" ") + Document.search_text + literal(" ")
        conditions.append(and_(*(padded.contains(p, autoescape=True) for p in parsed.patterns())))
    if parsed.number_keys:
        conditions.append(Document.number_key.in_(parsed.number_keys))
    match = or_(*conditions)
    async with ctx.uow() as uow:
        stmt = select(Document).where(listed(member), match).limit(SEARCH_SCAN_LIMIT)
        docs = list((await uow.session.scalars(stmt)).all())
        ranked = sorted(
            docs,
            key=lambda d: (
                -score(parsed, title=d.title, number_key=d.number_key, text=d.search_text),
                -d.created_at.timestamp(),
                -d.id,
            ),
        )
        start = max(page, 0) * rules.PAGE_SIZE
        shown = ranked[start : start + rules.PAGE_SIZE]
        return DocumentPage(
            tuple(await library.views_for(uow.session, member, shown)), max(page, 0), len(ranked)
        )
