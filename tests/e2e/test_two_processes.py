"""Two `sotay run` processes on the same PostgreSQL and Redis: every due reminder goes out once, and
when the process sending them is killed the other one takes over without repeating any.

The reminders are personal calendar entries made through core on a database of their own; the
processes run with the real clock, so the entries' reminders are brought forward to a few seconds
from now."""

from __future__ import annotations

import asyncio
import signal
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlalchemy.engine import make_url

from core.calendar.service import EntryDraft, add_entry
from core.clock import SystemClock
from core.context import Context
from core.db.engine import make_engine, make_session_factory
from core.db.migrate import upgrade_head_async
from core.db.uow import UowFactory
from core.members.repository import MemberRepository
from core.reminders.models import Reminder
from core.stores import MemoryStore
from tests.conftest import PG_URL, REDIS_URL, VN
from tests.e2e.process import SotayProcess, environment
from tests.emulators.telegram import TelegramEmulator
from tests.factories import make_account, make_member, make_unit

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (PG_URL and REDIS_URL), reason="needs TEST_DATABASE_URL and TEST_REDIS_URL"),
]
USERS = (7_400_000_001, 7_400_000_002)


@pytest.fixture
async def own_database() -> AsyncIterator[str]:
    """A database of its own on the test server: the processes commit, the suite's tables stay clean."""
    assert PG_URL
    name = f"sotay_two_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    await upgrade_head_async(url)
    yield url
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def _entries(ctx: Context, count: int, *, label: str) -> None:
    """`count` entries per member, whose reminders fall due two seconds from now."""
    async with ctx.uow() as u:
        repo = MemberRepository(u.session)
        accounts = [await repo.active_account("telegram", str(user)) for user in USERS]
        members = [await repo.ref(account.member_id) for account in accounts if account is not None]
    assert len(members) == len(USERS)
    tomorrow = (datetime.now(VN) + timedelta(days=1)).date()
    for member in members:
        assert member is not None
        for n in range(count):
            draft = EntryDraft(f"{label} {n + 1:02d}", tomorrow, datetime.now(VN).time().replace(second=0))
            await add_entry(ctx, member=member, draft=draft)
    async with ctx.uow() as u:
        soon = datetime.now(UTC) + timedelta(seconds=2)
        await u.session.execute(update(Reminder).where(Reminder.sent_at.is_(None)).values(due_at=soon))
        await u.commit()


def _sent(tg: TelegramEmulator, label: str) -> list[tuple[int, str]]:
    """(member's chat, reminder text) for every message that names `label`."""
    return [(user, m["text"]) for user in USERS for m in tg.messages_to(user) if label in m["text"]]


async def test_two_processes_send_each_reminder_once_and_one_takes_over_from_a_killed_one(
    tmp_path: Path, own_database: str
):
    engine = make_engine(own_database)
    ctx = Context(uow=UowFactory(make_session_factory(engine)), clock=SystemClock(), store=MemoryStore())
    async with ctx.uow() as u:
        cell = await make_unit(u.session, name="Chi bộ Hai Tiến Trình", kind="chi_bo_co_so")
        for n, user in enumerate(USERS):
            member = await make_member(u.session, unit=cell, full_name=f"Đảng viên {n + 1}")
            await make_account(u.session, member=member, user_id=str(user))
        await u.commit()
    async with TelegramEmulator() as tg:
        for user in USERS:
            tg.add_user(user)
        extra = {"DATABASE_URL": own_database, "REDIS_URL": REDIS_URL or "", "SOTAY_SEED_DEMO": "false"}
        first, second = (
            SotayProcess(environment(tmp_path / f"data{n}", tg, **extra), tmp_path / f"sotay{n}.log")
            for n in (1, 2)
        )
        await asyncio.gather(first.start(), second.start())
        try:
            await _entries(ctx, 10, label="Việc đợt một")
            await tg.wait_until(lambda: len(_sent(tg, "Việc đợt một")) >= 20, timeout=60)
            await asyncio.sleep(3)  # anything sent twice would have arrived by now
            assert len(_sent(tg, "Việc đợt một")) == 20 == len(set(_sent(tg, "Việc đợt một")))
            await first.stop(signal.SIGKILL)  # whichever led, one of them is now gone for good
            await _entries(ctx, 5, label="Việc đợt hai")
            await tg.wait_until(lambda: len(_sent(tg, "Việc đợt hai")) >= 10, timeout=60)
            await asyncio.sleep(3)
            assert len(_sent(tg, "Việc đợt hai")) == 10 == len(set(_sent(tg, "Việc đợt hai")))
        finally:
            for process in (first, second):
                if process.proc is not None and process.proc.returncode is None:
                    await process.stop(signal.SIGINT)
            await engine.dispose()
