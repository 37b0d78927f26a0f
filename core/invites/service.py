"""Joining without passwords: one-time codes bind a chat account to a member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from core.audit import service as audit
from core.clock import Clock
from core.db.uow import UnitOfWork
from core.errors import InvalidInput, NotFound
from core.invites import rules
from core.invites.models import Invite
from core.members.models import ChatAccount, Member
from core.members.repository import MemberRepository
from core.org.models import Unit
from core.org.repository import UnitRepository
from core.stores import KeyValueStore
from core.text import fold


@dataclass(frozen=True)
class InviteRow:
    member_id: int
    full_name: str
    unit_name: str
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class RedeemResult:
    status: str  # ok | invalid | used | expired | too_many
    member_name: str | None = None
    member_id: int | None = None


async def issue_invites(
    uow: UnitOfWork, clock: Clock, *, unit_code: str | None, ttl_days: int, actor: str = "cli"
) -> list[InviteRow]:
    """A valid code for every member of the unit and below who has not joined yet.

    A member who already holds an unused, unexpired code keeps it, so sheets printed
    earlier stay good.
    """
    now = clock.now()
    async with uow:
        units = UnitRepository(uow.session)
        path = "/"
        if unit_code:
            path = (await _find_unit(uow, unit_code)).path
        members = await units.members_in_subtree(path)
        accounts = await MemberRepository(uow.session).accounts_of([m.id for m in members])
        waiting = [m for m in members if m.id not in accounts]
        current = await _valid_codes(uow, [m.id for m in waiting], now)
        unit_names = {u.id: u.name for u in (await units.by_ids([m.unit_id for m in waiting])).values()}
        rows: list[InviteRow] = []
        for member in waiting:
            invite = current.get(member.id)
            if invite is None:
                invite = Invite(
                    code=rules.new_code(),
                    member_id=member.id,
                    created_at=now,
                    expires_at=now + timedelta(days=ttl_days),
                )
                uow.session.add(invite)
            rows.append(
                InviteRow(
                    member.id, member.full_name, unit_names[member.unit_id], invite.code, invite.expires_at
                )
            )
        audit.record(uow.session, actor=actor, action="invite.issue", at=now, unit=unit_code, count=len(rows))
        await uow.commit()
    return rows


async def reissue_invite(
    uow: UnitOfWork, clock: Clock, *, member_code: str, ttl_days: int, actor: str = "cli"
) -> InviteRow:
    """A fresh code for one member, even one who has joined (new phone, lost account).

    Earlier unused codes of that member stop working; the old binding ends when the new code is used.
    """
    now = clock.now()
    async with uow:
        member = (
            await uow.session.execute(
                select(Member).where(func.upper(Member.code) == member_code.strip().upper())
            )
        ).scalar_one_or_none()
        if member is None:
            raise NotFound("member_not_found")
        for old in (await _valid_codes(uow, [member.id], now)).values():
            old.revoked_at = now
        invite = Invite(
            code=rules.new_code(),
            member_id=member.id,
            created_at=now,
            expires_at=now + timedelta(days=ttl_days),
        )
        uow.session.add(invite)
        unit = await uow.session.get(Unit, member.unit_id)
        audit.record(
            uow.session,
            actor=actor,
            action="invite.reissue",
            at=now,
            target_kind="member",
            target_id=member.id,
        )
        await uow.commit()
        return InviteRow(
            member.id, member.full_name, unit.name if unit else "", invite.code, invite.expires_at
        )


async def invite_unit_name(uow: UnitOfWork, *, unit_code: str) -> str:
    """The name of the unit `issue_invites` would pick for `unit_code` (a code or a name)."""
    async with uow:
        return (await _find_unit(uow, unit_code)).name


async def _find_unit(uow: UnitOfWork, code_or_name: str) -> Unit:
    """By code as stored, then by code in any letter case, then by name (without diacritics)."""
    by_case = select(Unit).where(func.upper(Unit.code) == code_or_name.strip().upper()).order_by(Unit.id)
    by_name = select(Unit).where(Unit.name_folded == fold(code_or_name)).order_by(Unit.id)
    unit = await UnitRepository(uow.session).by_code(code_or_name)
    unit = unit or (await uow.session.execute(by_case.limit(1))).scalar_one_or_none()
    if unit is not None:
        return unit
    named = list((await uow.session.execute(by_name)).scalars())
    if len(named) > 1:  # two cells may share a name: never pick one silently
        raise InvalidInput("unit_ambiguous", name=code_or_name, codes=", ".join(u.code for u in named))
    if not named:
        raise NotFound("unit_not_found", unit=code_or_name)
    return named[0]


async def _valid_codes(uow: UnitOfWork, member_ids: list[int], now: datetime) -> dict[int, Invite]:
    if not member_ids:
        return {}
    stmt = select(Invite).where(
        Invite.member_id.in_(member_ids),
        Invite.used_at.is_(None),
        Invite.revoked_at.is_(None),
        Invite.expires_at > now,
    )
    return {inv.member_id: inv for inv in (await uow.session.execute(stmt)).scalars()}


async def redeem_invite(
    uow: UnitOfWork,
    clock: Clock,
    store: KeyValueStore,
    *,
    channel: str,
    user_id: str,
    chat_id: str,
    display_name: str | None,
    raw_code: str,
    dry_run: bool = False,
) -> RedeemResult:
    """Binds the chat to the code's member. `dry_run` only checks the code (wrong codes still count)."""
    limit_key = f"app:invites:fail:{channel}:{user_id}"
    failures = await store.get(limit_key)
    if failures and int(failures.get("n", 0)) >= rules.MAX_FAILURES:
        return RedeemResult("too_many")
    now = clock.now()
    code = rules.normalise_code(raw_code)
    async with uow:
        invite = (await uow.session.execute(select(Invite).where(Invite.code == code))).scalar_one_or_none()
        status = _invite_status(invite, now)
        if invite is None or status != "ok":
            audit.record(
                uow.session, actor=f"{channel}:{user_id}", action="invite.refused", at=now, reason=status
            )
            await uow.commit()
            if status != "used" or invite is None or invite.used_by != f"{channel}:{user_id}":
                await _count_failure(store, limit_key, failures)  # sending one's own code again is no guess
            return RedeemResult(status, member_id=invite.member_id if invite else None)
        member = await uow.session.get(Member, invite.member_id)
        assert member is not None
        if dry_run:
            return RedeemResult("ok", member.full_name, member.id)
        if not await _take(uow, invite.id, by=f"{channel}:{user_id}", now=now):
            return RedeemResult("used", member_id=member.id)  # the same code, at the same instant, elsewhere
        await _bind(
            uow, member, channel=channel, user_id=user_id, chat_id=chat_id, display_name=display_name, now=now
        )
        await uow.commit()
    await store.delete(limit_key)
    return RedeemResult("ok", member.full_name, member.id)


async def _take(uow: UnitOfWork, invite_id: int, *, by: str, now: datetime) -> bool:
    """Marks the code used only if nobody did first (compare-and-set): one code, one account."""
    result = await uow.session.execute(
        update(Invite).where(Invite.id == invite_id, Invite.used_at.is_(None)).values(used_at=now, used_by=by)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _invite_status(invite: Invite | None, now: datetime) -> str:
    if invite is None or invite.revoked_at is not None:
        return "invalid"
    if invite.used_at is not None:
        return "used"
    if invite.expires_at <= now:
        return "expired"
    return "ok"


async def _count_failure(store: KeyValueStore, key: str, previous: dict[str, int] | None) -> None:
    count = int((previous or {}).get("n", 0)) + 1
    await store.set(key, {"n": count}, rules.FAILURE_WINDOW_SECONDS)


async def _bind(
    uow: UnitOfWork,
    member: Member,
    *,
    channel: str,
    user_id: str,
    chat_id: str,
    display_name: str | None,
    now: datetime,
) -> None:
    """Ends the member's previous account on this channel and this chat's previous member, then binds."""
    stmt = select(ChatAccount).where(
        ChatAccount.channel == channel,
        ChatAccount.unbound_at.is_(None),
        (ChatAccount.member_id == member.id) | (ChatAccount.user_id == user_id),
    )
    for old in (await uow.session.execute(stmt)).scalars():
        old.unbound_at = now
        audit.record(
            uow.session,
            actor=f"{channel}:{user_id}",
            action="account.unbind",
            at=now,
            target_kind="member",
            target_id=old.member_id,
            channel=channel,
            user_id=old.user_id,
            reason="rebind",
        )
    uow.session.add(
        ChatAccount(
            member_id=member.id,
            channel=channel,
            user_id=user_id,
            chat_id=chat_id,
            display_name=display_name,
            bound_at=now,
        )
    )
    member.preferred_channel = channel
    member.updated_at = now
    audit.record(
        uow.session,
        actor=f"{channel}:{user_id}",
        action="account.bind",
        at=now,
        target_kind="member",
        target_id=member.id,
        channel=channel,
    )
