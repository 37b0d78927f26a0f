"""The administrative `sotay` subcommands (everything except `run`)."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import asdict
from pathlib import Path

from app import bot_names
from app.runtime import open_runtime
from core.accounts.service import create_admin
from core.config import Settings
from core.imports.problems import ImportFailed
from core.imports.service import import_files
from core.imports.template import write_templates
from core.invites.export import invites_csv
from core.invites.service import invite_unit_name, issue_invites, reissue_invite
from core.texts import label


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _warn(text: str) -> None:
    sys.stderr.write(text + "\n")


async def import_org(settings: Settings, files: list[Path], template_dir: Path | None) -> int:
    if template_dir is not None:
        for path in write_templates(template_dir):
            _say(label("cli.template.written", path=path))
        if not files:
            return 0
    if not files:
        _warn(label("cli.import.no_files"))
        return 2
    folders = [p for p in files if p.is_dir()]
    if folders:
        _warn(label("cli.import.folder", path=folders[0]))
        return 2
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        _warn(label("cli.import.missing", files=", ".join(missing)))
        return 2
    runtime = await open_runtime(settings)
    try:
        _say(label("cli.import.reading", n=len(files)))
        report = await import_files(runtime.ctx.uow, runtime.ctx.clock, files)
    except ImportFailed as failed:
        _warn(label("cli.import.failed", n=len(failed.errors)))
        for error in failed.errors:
            _warn(f"  - {error}")
        return 1
    finally:
        await runtime.close()
    _say(label("cli.import.done", **asdict(report)))
    return 0


async def print_invites(
    settings: Settings,
    unit: str | None,
    sheet: Path | None,
    output: Path | None,
    *,
    member: str | None = None,
) -> int:
    refused = _refusal(unit, sheet, member)
    if refused:
        _warn(refused)
        return 2
    username = await bot_names.telegram_username(settings)
    zalo = await bot_names.zalo_name(settings)
    if username is None and zalo is None and sheet:
        _warn(label("cli.invites.sheet_needs_bot"))
        return 2
    if username is None and (zalo is None or settings.telegram_bot_token is not None):
        _warn(label("cli.invites.no_link"))
    runtime = await open_runtime(settings)
    uow, clock, ttl = runtime.ctx.uow, runtime.ctx.clock, settings.invite_ttl_days
    try:
        if member is not None:
            rows = [await reissue_invite(uow(), clock, member_code=member, ttl_days=ttl)]
            scope = rows[0].unit_name
        else:
            scope = (
                await invite_unit_name(uow(), unit_code=unit) if unit else label("cli.invites.sheet_title")
            )
            rows = await issue_invites(uow(), clock, unit_code=unit, ttl_days=ttl)
    finally:
        await runtime.close()
    data = invites_csv(rows, username, zalo)
    if output is not None:
        await asyncio.to_thread(output.write_bytes, data)
        _warn(label("cli.invites.written", n=len(rows), path=output))
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if sheet is not None:
        from core.invites.sheet import write_invite_sheet

        title = label("cli.invites.sheet_heading", unit=scope)
        await asyncio.to_thread(write_invite_sheet, rows, username, sheet, title, zalo)
        _warn(label("cli.invites.sheet_written", path=sheet))
    if not rows:
        _warn(label("cli.invites.none"))
    return 0


def _refusal(unit: str | None, sheet: Path | None, member: str | None) -> str | None:
    """What is wrong with the arguments before anything is looked up, in Vietnamese; None when fine."""
    if unit is not None and member is not None:
        return label("cli.invites.unit_and_member", unit=unit)
    if sheet is not None and sheet.suffix.lower() != ".pdf":
        return label("cli.invites.sheet_not_pdf", path=sheet)
    return None


async def create_admin_account(settings: Settings, username: str, password: str) -> int:
    runtime = await open_runtime(settings)
    try:
        admin = await create_admin(runtime.ctx.uow(), runtime.ctx.clock, username=username, password=password)
    finally:
        await runtime.close()
    _say(label("cli.admin.created", username=admin.username))
    return 0
