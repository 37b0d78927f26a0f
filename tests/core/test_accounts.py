from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.accounts.models import AdminUser
from core.accounts.service import authenticate, create_admin, ensure_demo_admin, get_admin
from core.audit.models import AuditEntry
from core.clock import ManualClock
from core.db.uow import UowFactory
from core.errors import Conflict, DomainError, InvalidInput
from core.stores import MemoryStore

PASSWORD = "mat-khau-du-dai"


async def _audit_actions(uow: UowFactory) -> list[tuple[str, str | None]]:
    async with uow() as u:
        rows = (await u.session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        return [(row.action, row.details.get("reason")) for row in rows]


async def test_create_admin_stores_argon2_hash_when_input_is_valid(
    uow: UowFactory, clock: ManualClock
) -> None:
    admin = await create_admin(uow(), clock, username="  Thu.Ky ", password=PASSWORD)

    assert admin.username == "thu.ky"
    assert admin.is_admin
    async with uow() as u:
        row = await u.session.get(AdminUser, admin.id)
        assert row is not None
        assert row.password_hash.startswith("$argon2id$")
        assert PASSWORD not in row.password_hash
    assert await get_admin(uow(), admin.id) == admin


async def test_create_admin_refuses_when_username_is_taken(uow: UowFactory, clock: ManualClock) -> None:
    await create_admin(uow(), clock, username="thu.ky", password=PASSWORD)

    with pytest.raises(Conflict) as caught:
        await create_admin(uow(), clock, username="THU.KY", password="mot-mat-khau-khac")
    assert caught.value.code == "username_taken"


async def test_create_admin_refuses_when_password_is_short(uow: UowFactory, clock: ManualClock) -> None:
    with pytest.raises(InvalidInput) as caught:
        await create_admin(uow(), clock, username="thu.ky", password="1234567")
    assert caught.value.code == "password_too_short"


async def test_authenticate_returns_admin_and_sets_last_login_when_password_is_right(
    uow: UowFactory, clock: ManualClock
) -> None:
    created = await create_admin(uow(), clock, username="thu.ky", password=PASSWORD)
    clock.advance(timedelta(hours=1))

    admin = await authenticate(
        uow(), clock, MemoryStore(), username="Thu.Ky", password=PASSWORD, client_key="10.0.0.1"
    )

    assert admin.id == created.id
    assert admin.last_login_at == clock.now()
    assert ("admin.login", None) in await _audit_actions(uow)


async def test_authenticate_fails_alike_when_password_is_wrong_or_user_unknown(
    uow: UowFactory, clock: ManualClock
) -> None:
    await create_admin(uow(), clock, username="thu.ky", password=PASSWORD)
    store = MemoryStore()

    with pytest.raises(DomainError) as wrong:
        await authenticate(uow(), clock, store, username="thu.ky", password="sai-mat-khau", client_key="a")
    with pytest.raises(DomainError) as unknown:
        await authenticate(uow(), clock, store, username="khong.co", password=PASSWORD, client_key="b")

    assert wrong.value.code == unknown.value.code == "bad_credentials"
    assert str(wrong.value) == str(unknown.value)
    assert (await _audit_actions(uow)).count(("admin.login_failed", "bad_credentials")) == 2


async def test_authenticate_refuses_even_right_password_when_five_failures_came_before(
    uow: UowFactory, clock: ManualClock
) -> None:
    await create_admin(uow(), clock, username="thu.ky", password=PASSWORD)
    store = MemoryStore()
    for attempt in range(5):
        with pytest.raises(DomainError) as caught:
            await authenticate(
                uow(), clock, store, username="thu.ky", password=f"sai-{attempt}", client_key=f"ip-{attempt}"
            )
        assert caught.value.code == "bad_credentials"

    with pytest.raises(DomainError) as caught:
        await authenticate(uow(), clock, store, username="thu.ky", password=PASSWORD, client_key="ip-new")

    assert caught.value.code == "too_many_attempts"
    assert ("admin.login_failed", "too_many_attempts") in await _audit_actions(uow)


async def test_authenticate_refuses_other_usernames_when_one_client_failed_five_times(
    uow: UowFactory, clock: ManualClock
) -> None:
    await create_admin(uow(), clock, username="thu.ky", password=PASSWORD)
    store = MemoryStore()
    for attempt in range(5):
        with pytest.raises(DomainError):
            await authenticate(uow(), clock, store, username=f"doan-{attempt}", password="x", client_key="ip")

    with pytest.raises(DomainError) as caught:
        await authenticate(uow(), clock, store, username="thu.ky", password=PASSWORD, client_key="ip")
    assert caught.value.code == "too_many_attempts"


async def test_ensure_demo_admin_creates_admin_once_when_none_exists(
    uow: UowFactory, clock: ManualClock
) -> None:
    created = await ensure_demo_admin(uow(), clock)

    assert created is not None
    username, password = created
    assert username == "admin"
    assert len(password) >= 12
    assert await ensure_demo_admin(uow(), clock) is None
    admin = await authenticate(
        uow(), clock, MemoryStore(), username=username, password=password, client_key="local"
    )
    assert admin.username == "admin"
