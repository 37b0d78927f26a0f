"""The administrative `sotay` subcommands (everything except `run`)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from app.runtime import open_runtime
from core.accounts.service import create_admin
from core.config import Settings
from core.imports.problems import ImportFailed
from core.imports.service import import_files
from core.imports.template import write_templates
from core.invites.export import invites_csv
from core.invites.service import issue_invites, reissue_invite


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _warn(text: str) -> None:
    sys.stderr.write(text + "\n")


async def import_org(settings: Settings, files: list[Path], template_dir: Path | None) -> int:
    if template_dir is not None:
        for path in write_templates(template_dir):
            _say(f"Đã ghi tệp mẫu: {path}")
        if not files:
            return 0
    if not files:
        _warn("Cần ít nhất một tệp CSV hoặc XLSX. Xem: sotay import --template mau/")
        return 2
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        _warn("Không tìm thấy tệp: " + ", ".join(missing))
        return 2
    runtime = await open_runtime(settings)
    try:
        _say(f"Đang đọc {len(files)} tệp…")
        report = await import_files(runtime.ctx.uow, runtime.ctx.clock, files)
    except ImportFailed as failed:
        _warn(f"Không nhập được: có {len(failed.errors)} lỗi. Chưa có dữ liệu nào được ghi.")
        for error in failed.errors:
            _warn(f"  - {error}")
        return 1
    finally:
        await runtime.close()
    _say(
        "Đã nhập xong. "
        f"Đơn vị: {report.units_created} mới, {report.units_updated} cập nhật. "
        f"Đảng viên: {report.members_created} mới, {report.members_updated} cập nhật. "
        f"Chức vụ thêm: {report.roles_added}. Dòng không đổi: {report.unchanged}."
    )
    return 0


async def print_invites(
    settings: Settings,
    unit: str | None,
    sheet: Path | None,
    output: Path | None,
    *,
    member: str | None = None,
) -> int:
    runtime = await open_runtime(settings)
    ttl = settings.invite_ttl_days
    try:
        if member is not None:
            rows = [
                await reissue_invite(runtime.ctx.uow(), runtime.ctx.clock, member_code=member, ttl_days=ttl)
            ]
        else:
            rows = await issue_invites(runtime.ctx.uow(), runtime.ctx.clock, unit_code=unit, ttl_days=ttl)
    finally:
        await runtime.close()
    username = settings.telegram_bot_username or await _bot_username(settings)
    data = invites_csv(rows, username)
    if output is not None:
        await asyncio.to_thread(output.write_bytes, data)
        _warn(f"Đã ghi {len(rows)} mã mời vào {output}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if sheet is not None:
        from core.invites.sheet import write_invite_sheet

        write_invite_sheet(rows, username, sheet, title=unit or "Toàn bộ tổ chức")
        _warn(f"Đã ghi phiếu in có mã QR: {sheet}")
    if not rows:
        _warn("Mọi đảng viên trong phạm vi này đều đã tham gia Sổ tay.")
    return 0


async def _bot_username(settings: Settings) -> str | None:
    """The deep links need the bot's @name; ask Telegram once when it is not configured."""
    if settings.telegram_bot_token is None:
        return None
    from bots.telegram.dispatcher import build_bot

    bot = build_bot(settings.telegram_bot_token.get_secret_value(), settings.telegram_api_base)
    try:
        return (await bot.get_me()).username
    except Exception:
        _warn("Không hỏi được tên bot từ Telegram; đặt TELEGRAM_BOT_USERNAME để liên kết đúng.")
        return None
    finally:
        await bot.session.close()


async def create_admin_account(settings: Settings, username: str, password: str) -> int:
    runtime = await open_runtime(settings)
    try:
        admin = await create_admin(runtime.ctx.uow(), runtime.ctx.clock, username=username, password=password)
    finally:
        await runtime.close()
    _say(f"Đã tạo tài khoản quản trị «{admin.username}».")
    return 0
