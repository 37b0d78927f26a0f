"""First start on an empty database: demo organisation, an admin account, and what to try."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from sqlalchemy.engine import make_url

from app.runtime import Runtime
from core.accounts.service import ensure_demo_admin
from core.config import Settings
from core.demo import DemoHighlights, demo_highlights, seed_demo
from core.texts import label


@dataclass
class FirstRunFacts:
    seeded_units: int
    seeded_members: int
    admin: tuple[str, str] | None
    demo: DemoHighlights | None


async def first_run(runtime: Runtime) -> FirstRunFacts:
    ctx = runtime.ctx
    summary = await seed_demo(ctx.uow, ctx.clock) if runtime.settings.seed_demo else None
    admin = await ensure_demo_admin(ctx.uow(), ctx.clock)
    demo = await demo_highlights(ctx.uow())
    created = summary is not None and summary.created
    return FirstRunFacts(
        summary.units if created and summary else 0,
        summary.members if created and summary else 0,
        admin,
        demo,
    )


def database_location(settings: Settings) -> str:
    """Where the data lives: the file for SQLite, else the URL without its password."""
    url = make_url(settings.effective_database_url)
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def banner(
    settings: Settings,
    host: str,
    port: int,
    facts: FirstRunFacts,
    bots: list[str | None],
    zalo_name: str | None = None,
) -> list[str]:
    url = f"http://{host}:{port}"
    lines = ["", "=" * 68, label("banner.title"), "=" * 68, label("banner.web", url=url)]
    if facts.admin:
        lines += [
            label("banner.admin", username=facts.admin[0], password=facts.admin[1]),
            label("banner.admin_once"),
        ]
    if facts.seeded_units:
        lines.append(label("banner.seeded", units=facts.seeded_units, members=facts.seeded_members))
    lines.append(label("banner.database", where=database_location(settings)))
    named = [b for b in bots if b]
    lines.append(label("banner.bots", bots=", ".join(named)) if named else label("banner.no_bot"))
    if facts.demo:
        demo = facts.demo
        lines += [
            label("banner.try", cell=demo.cell_name, code=demo.cell_code),
            label("banner.try_invites", code=demo.cell_code),
            label("banner.try_secretary", name=demo.secretary.full_name, how=_how(settings, zalo_name)),
            label("banner.try_member", name=demo.member.full_name, how=_how(settings, zalo_name)),
        ]
    lines += [label("banner.stop"), "=" * 68]
    return lines


def _how(settings: Settings, zalo_name: str | None) -> str:
    """How a member sends the code, on the messengers configured."""
    zalo = settings.zalo_bot_name or zalo_name
    if settings.zalo_bot_token is None or not zalo:
        return label("banner.how.telegram")
    return label("banner.how.both" if settings.telegram_bot_token else "banner.how.zalo", bot=zalo)


def print_banner(
    settings: Settings,
    host: str,
    port: int,
    facts: FirstRunFacts,
    bots: list[str | None],
    zalo_name: str | None = None,
) -> None:
    sys.stdout.write("\n".join(banner(settings, host, port, facts, bots, zalo_name)) + "\n")
    sys.stdout.flush()
