"""Signed, expiring links to a document for one member (the web page, the Zalo channel).

The link carries only a signed token; opening it checks again that this member may still see
the document, records the reading and logs a refusal — exactly like a button in the chat.
"""

from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from core.audit import service as audit
from core.clock import Clock
from core.context import Context
from core.documents import library
from core.documents.views import DocumentView
from core.errors import InvalidInput, NotFound
from core.members.repository import MemberRepository

LINK_TTL = timedelta(days=7)
SALT = "sotay.document-link"


def _serializer(ctx: Context) -> URLSafeTimedSerializer:
    if not ctx.link_secret:
        raise RuntimeError("no link secret configured")
    clock: Clock = ctx.clock

    class ClockSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock.now().timestamp())

    return URLSafeTimedSerializer(ctx.link_secret, salt=SALT, signer=ClockSigner)


def document_token(ctx: Context, *, member_id: int, document_id: int) -> str:
    return _serializer(ctx).dumps({"m": member_id, "d": document_id})


def document_link(ctx: Context, *, member_id: int, document_id: int) -> str:
    base = (ctx.public_url or "").rstrip("/")
    return f"{base}/d/{document_token(ctx, member_id=member_id, document_id=document_id)}"


async def open_link(ctx: Context, token: str) -> DocumentView:
    """The document behind a link. Expired: "link_expired"; forged or not allowed: not found, logged."""
    try:
        data = _serializer(ctx).loads(token, max_age=int(LINK_TTL.total_seconds()))
    except SignatureExpired as exc:
        raise InvalidInput("link_expired") from exc
    except BadSignature:
        async with ctx.uow() as uow:
            audit.record(
                uow.session,
                actor="link",
                action="access.refused",
                at=ctx.clock.now(),
                target_kind="document",
                permission="document.link",
            )
            await uow.commit()
        raise NotFound("document_not_found") from None
    async with ctx.uow() as uow:
        member = await MemberRepository(uow.session).ref(int(data["m"]))
    if member is None:
        raise NotFound("document_not_found")
    return await library.open_document(ctx, member=member, document_id=int(data["d"]), via="link")
