"""Posting a draft, commenting on it (several, editable, withdrawable), marking and finalising."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from core.audit import service as audit
from core.context import Context
from core.conversation import tokens
from core.conversation.screens import Screen
from core.db.uow import UnitOfWork
from core.drafts.models import Draft, DraftComment
from core.errors import Conflict, InvalidInput, NotFound
from core.meetings.access import meeting_for
from core.meetings.repository import MeetingRepository
from core.meetings.views import when_text
from core.members.models import Member
from core.org.rules import MemberRef, member_id_of
from core.outbox import service as outbox
from core.text import clean, clean_lines, fold
from core.texts import join_lines, label, plain, t

MAX_TITLE = 500
MAX_TEXT = 50_000
MAX_COMMENT = 4_000
LINK_TTL = timedelta(days=30)


@dataclass(frozen=True)
class CommentView:
    id: int
    number: int
    author: str
    mine: bool
    text: str
    taken_in: bool | None


async def _draft_for(
    uow: UnitOfWork, member: MemberRef, draft_id: int, at: datetime, *, manage: bool
) -> Draft:
    draft = await uow.session.get(Draft, draft_id)
    if draft is None:
        await audit.refuse(
            uow,
            member_id=member.id,
            target_kind="draft",
            target_id=draft_id,
            permission="draft",
            at=at,
            code="draft_not_found",
        )
    await meeting_for(uow, member, draft.meeting_id, at, manage=manage, permission="draft")
    return draft


def _open(draft: Draft, now: datetime) -> None:
    if draft.finalized_at is not None or now >= draft.closes_at:
        raise Conflict("draft_closed")


def checked_title(title: str) -> str:
    title = clean(title)
    if not title or len(title) > MAX_TITLE:
        raise InvalidInput("draft_title_invalid", limit=MAX_TITLE)
    return title


def checked_text(text: str) -> str:
    """The draft's text so far (it may come in pieces), checked as each piece arrives."""
    text = clean_lines(text)
    if len(text) > MAX_TEXT:
        raise InvalidInput("draft_invalid", limit=MAX_TEXT)
    return text


async def post_draft(
    ctx: Context,
    *,
    actor: MemberRef,
    meeting_id: int,
    title: str,
    text: str,
    closes_at: datetime,
    document_ids: tuple[int, ...] = (),
) -> Draft:
    """Text and/or attached documents (already papers of the meeting)."""
    title, text, now = checked_title(title), clean_lines(text), ctx.clock.now()
    if not (text or document_ids) or len(text) > MAX_TEXT:
        raise InvalidInput("draft_invalid", limit=MAX_TEXT)
    if closes_at <= now:
        raise InvalidInput("draft_window_past")
    async with ctx.uow() as uow:
        meeting, unit = await meeting_for(uow, actor, meeting_id, now, manage=True, permission="draft")
        draft = Draft(
            meeting_id=meeting.id,
            title=title,
            text=text,
            document_ids=list(document_ids),
            closes_at=closes_at,
            created_by=member_id_of(actor),
            created_at=now,
        )
        uow.session.add(draft)
        await uow.flush()
        head = t("draft.posted", title=title, unit=unit.name, until=when_text(closes_at, ctx.zone))
        items = []
        for member in await MeetingRepository(uow.session).invitees(meeting, unit):
            options = tuple(
                tokens.issue(
                    uow.session,
                    member_id=member.id,
                    label=label(f"draft.btn.{a}"),
                    action=f"draft.{a}",
                    now=now,
                    ttl=LINK_TTL,
                    draft_id=draft.id,
                )
                for a in ("read", "comment")
            )
            items.append((member.id, Screen(head, options, columns=2)))
        await outbox.enqueue(uow.session, items=items, subject_kind="draft", subject_id=draft.id, now=now)
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="draft.post",
            at=now,
            target_kind="draft",
            target_id=draft.id,
        )
        await uow.commit()
        return draft


async def read_draft(ctx: Context, *, member: MemberRef, draft_id: int) -> tuple[Draft, list[CommentView]]:
    async with ctx.uow() as uow:
        draft = await _draft_for(uow, member, draft_id, ctx.clock.now(), manage=False)
        return draft, [c for c in await _comments(uow, draft, member) if c.mine]


async def _comments(uow: UnitOfWork, draft: Draft, member: MemberRef) -> list[CommentView]:
    stmt = (
        select(DraftComment, Member.full_name)
        .join(Member, Member.id == DraftComment.member_id)
        .where(DraftComment.draft_id == draft.id, DraftComment.withdrawn.is_(False))
        .order_by(DraftComment.id)
    )
    rows = (await uow.session.execute(stmt)).all()
    return [
        CommentView(c.id, n, name, c.member_id == member.id, c.text, c.taken_in)
        for n, (c, name) in enumerate(rows, 1)
    ]


async def add_comment(ctx: Context, *, member: MemberRef, draft_id: int, text: str) -> int:
    text, now = clean_lines(text), ctx.clock.now()
    if not text or len(text) > MAX_COMMENT:
        raise InvalidInput("comment_invalid", limit=MAX_COMMENT)
    async with ctx.uow() as uow:
        draft = await _draft_for(uow, member, draft_id, now, manage=False)
        _open(draft, now)
        comment = DraftComment(
            draft_id=draft.id, member_id=member.id, text=text, created_at=now, updated_at=now
        )
        uow.session.add(comment)
        await uow.commit()
        return comment.id


async def change_comment(ctx: Context, *, member: MemberRef, comment_id: int, text: str | None) -> None:
    """Edits the member's own comment, or withdraws it when `text` is None; only while the window is open."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        comment = await uow.session.get(DraftComment, comment_id)
        if comment is None or comment.member_id != member.id or comment.withdrawn:
            await audit.refuse(
                uow,
                member_id=member.id,
                target_kind="comment",
                target_id=comment_id,
                permission="comment.change",
                at=now,
                code="comment_not_found",
            )
        draft = await _draft_for(uow, member, comment.draft_id, now, manage=False)
        _open(draft, now)
        if text is None:
            comment.withdrawn = True
        else:
            cleaned = clean_lines(text)
            if not cleaned or len(cleaned) > MAX_COMMENT:
                raise InvalidInput("comment_invalid", limit=MAX_COMMENT)
            if cleaned != comment.text:  # the secretary's mark was on the old words: decided again
                comment.text, comment.taken_in = cleaned, None
        comment.updated_at = now
        await uow.commit()


async def all_comments(ctx: Context, *, actor: MemberRef, draft_id: int) -> tuple[Draft, list[CommentView]]:
    async with ctx.uow() as uow:
        draft = await _draft_for(uow, actor, draft_id, ctx.clock.now(), manage=True)
        return draft, await _comments(uow, draft, actor)


async def mark_comment(ctx: Context, *, actor: MemberRef, comment_id: int, taken_in: bool) -> None:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        comment = await uow.session.get(DraftComment, comment_id)
        if comment is None:
            raise NotFound("comment_not_found")
        await _draft_for(uow, actor, comment.draft_id, now, manage=True)
        comment.taken_in = taken_in
        audit.record(
            uow.session,
            actor=audit.member_actor(actor.id),
            action="comment.mark",
            at=now,
            target_kind="comment",
            target_id=comment.id,
            taken_in=taken_in,
        )
        await uow.commit()


def final_title(title: str) -> str:
    """«Dự thảo Nghị quyết tháng 7» is, once final, «Nghị quyết tháng 7»."""
    words = title.split(" ", 2)
    if len(words) == 3 and fold(" ".join(words[:2])) == "du thao":
        rest = words[2].lstrip(" :–-")
        return rest[:1].upper() + rest[1:] if rest else title
    return title


def changes(before: str, after: str) -> list[str]:
    """Lines removed and added, in order: what members read as «what changed»."""
    out = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith(("- ", "+ ")):
            out.append(("➖ " if line[0] == "-" else "➕ ") + line[2:])
    return out


async def finalize(ctx: Context, *, actor: MemberRef, draft_id: int, final_text: str) -> int:
    """Stores the final text and sends every invitee the text with what changed; returns how many."""
    final_text, now = clean_lines(final_text), ctx.clock.now()
    if not final_text:
        raise InvalidInput("draft_invalid", limit=MAX_TEXT)
    async with ctx.uow() as uow:
        draft = await _draft_for(uow, actor, draft_id, now, manage=True)
        if draft.finalized_at is not None:
            raise Conflict("draft_finalized")
        draft.final_text, draft.finalized_at = final_text, now
        taken = sum(1 for c in await _comments(uow, draft, actor) if c.taken_in)
        diff = changes(draft.text, final_text) or [label("draft.no_change")]
        body = join_lines(
            [
                t("draft.final", title=final_title(draft.title), taken=taken),
                plain(final_text),
                t("draft.changes_head"),
                plain("\n".join(diff)),
            ]
        )
        meeting, unit = await meeting_for(uow, actor, draft.meeting_id, now, manage=True, permission="draft")
        invitees = await MeetingRepository(uow.session).invitees(meeting, unit)
        await outbox.enqueue(
            uow.session,
            items=[(m.id, Screen(body)) for m in invitees],
            subject_kind="draft_final",
            subject_id=draft.id,
            now=now,
        )
        await uow.commit()
        return len(invitees)


async def meeting_drafts(ctx: Context, *, member: MemberRef, meeting_id: int) -> list[Draft]:
    async with ctx.uow() as uow:
        meeting, _unit = await meeting_for(
            uow, member, meeting_id, ctx.clock.now(), manage=False, permission="draft"
        )
        return list(
            await uow.session.scalars(select(Draft).where(Draft.meeting_id == meeting.id).order_by(Draft.id))
        )
