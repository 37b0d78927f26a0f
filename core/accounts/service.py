"""Admin-web accounts: creation, password login with throttling, the first admin."""

from __future__ import annotations

import asyncio
import functools
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.accounts import rules
from core.accounts.models import AdminUser
from core.audit import service as audit
from core.clock import Clock
from core.db.uow import UnitOfWork
from core.errors import Conflict, DomainError, NotFound
from core.members.models import Member
from core.stores import KeyValueStore

_HASHER = PasswordHasher()


@dataclass(frozen=True)
class AdminView:
    id: int
    username: str
    member_id: int | None
    is_admin: bool
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def of(cls, user: AdminUser) -> AdminView:
        return cls(user.id, user.username, user.member_id, user.is_admin, user.created_at, user.last_login_at)


async def create_admin(
    uow: UnitOfWork,
    clock: Clock,
    *,
    username: str,
    password: str,
    member_id: int | None = None,
    is_admin: bool = True,
    actor: str = "system",
) -> AdminView:
    name = rules.normalise_username(username)
    rules.check_username(name)
    rules.check_password(password)
    password_hash = await asyncio.to_thread(_HASHER.hash, password)
    async with uow:
        if await _by_username(uow, name) is not None:
            raise Conflict("username_taken", username=name)
        if member_id is not None and await uow.session.get(Member, member_id) is None:
            raise NotFound("member_not_found", member_id=member_id)
        user = _insert(uow, clock.now(), name, password_hash, member_id, is_admin, actor)
        try:
            await uow.commit()
        except IntegrityError:
            raise Conflict("username_taken", username=name) from None
        return AdminView.of(user)


async def ensure_demo_admin(uow: UnitOfWork, clock: Clock) -> tuple[str, str] | None:
    """Creates 'admin' with a random password when there is no admin-web user at all."""
    async with uow:
        if (await uow.session.execute(select(AdminUser.id).limit(1))).first() is not None:
            return None
        password = rules.demo_password()
        password_hash = await asyncio.to_thread(_HASHER.hash, password)
        _insert(uow, clock.now(), rules.DEMO_USERNAME, password_hash, None, True, "system")
        try:
            await uow.commit()
        except IntegrityError:
            return None
    return rules.DEMO_USERNAME, password


async def get_admin(uow: UnitOfWork, user_id: int) -> AdminView | None:
    if not 0 < user_id < 2**31:
        return None
    async with uow:
        user = await uow.session.get(AdminUser, user_id)
        return AdminView.of(user) if user is not None else None


async def authenticate(
    uow: UnitOfWork, clock: Clock, store: KeyValueStore, *, username: str, password: str, client_key: str
) -> AdminView:
    """Checks a password login. Unknown user and wrong password fail alike, in similar time."""
    name = rules.normalise_username(username)
    keys = rules.failure_keys(name, client_key)
    if await _locked(store, keys):
        await _record_failure(uow, clock, name, client_key, "too_many_attempts")
        raise DomainError("too_many_attempts")
    async with uow:
        user = await _by_username(uow, name)
        verified = await _verify(user.password_hash if user else None, password)
        if verified and user is not None:
            view = await _complete_login(uow, clock, user, password, client_key)
    if not verified:
        await _record_failure(uow, clock, name, client_key, "bad_credentials")
        await _count_failure(store, keys)
        raise DomainError("bad_credentials")
    await store.delete(keys[0])
    return view


async def _complete_login(
    uow: UnitOfWork, clock: Clock, user: AdminUser, password: str, client_key: str
) -> AdminView:
    now = clock.now()
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = await asyncio.to_thread(_HASHER.hash, password)
    user.last_login_at = now
    audit.record(
        uow.session,
        actor=rules.actor(user.id),
        action="admin.login",
        at=now,
        target_kind="admin_user",
        target_id=user.id,
        client=client_key[:80],
    )
    await uow.commit()
    return AdminView.of(user)


def _insert(
    uow: UnitOfWork,
    now: datetime,
    name: str,
    password_hash: str,
    member_id: int | None,
    is_admin: bool,
    actor: str,
) -> AdminUser:
    user = AdminUser(
        username=name, password_hash=password_hash, member_id=member_id, is_admin=is_admin, created_at=now
    )
    uow.session.add(user)
    audit.record(uow.session, actor=actor, action="admin.create", at=now, username=name, is_admin=is_admin)
    return user


async def _by_username(uow: UnitOfWork, name: str) -> AdminUser | None:
    stmt = select(AdminUser).where(AdminUser.username == name)
    return (await uow.session.execute(stmt)).scalar_one_or_none()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both failures cost the same."""
    return _HASHER.hash(secrets.token_urlsafe(16))


async def _verify(stored_hash: str | None, password: str) -> bool:
    def check() -> bool:
        try:
            return _HASHER.verify(stored_hash or _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check) and stored_hash is not None


async def _locked(store: KeyValueStore, keys: tuple[str, ...]) -> bool:
    for key in keys:
        if await store.get(rules.lock_key(key)) is not None:
            return True
    return False


async def _count_failure(store: KeyValueStore, keys: tuple[str, ...]) -> None:
    for key in keys:
        count = await store.hit(key, rules.FAILURE_WINDOW_SECONDS)
        if count >= rules.MAX_FAILURES:
            await store.set(rules.lock_key(key), {"failures": count}, rules.FAILURE_WINDOW_SECONDS)


async def _record_failure(uow: UnitOfWork, clock: Clock, name: str, client_key: str, reason: str) -> None:
    async with uow:
        audit.record(
            uow.session,
            actor=f"web:{client_key[:80]}",
            action="admin.login_failed",
            at=clock.now(),
            username=name[: rules.MAX_USERNAME_LENGTH],
            reason=reason,
        )
        await uow.commit()
