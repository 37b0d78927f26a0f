"""First start on an empty database: demo organisation, an admin account, and what to try."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from core.accounts.service import ensure_demo_admin
from core.config import Settings
from core.demo import seed_demo
from sotay.runtime import Runtime


@dataclass
class FirstRunFacts:
    seeded: bool
    admin: tuple[str, str] | None
    units: int = 0
    members: int = 0


async def first_run(runtime: Runtime) -> FirstRunFacts:
    ctx = runtime.ctx
    summary = await seed_demo(ctx.uow, ctx.clock) if runtime.settings.seed_demo else None
    admin = await ensure_demo_admin(ctx.uow(), ctx.clock)
    if summary is None:
        return FirstRunFacts(False, admin)
    return FirstRunFacts(bool(summary.units), admin, summary.units, summary.members)


def print_banner(
    settings: Settings, host: str, port: int, facts: FirstRunFacts, bots: list[str | None]
) -> None:
    out = sys.stdout
    url = f"http://{host}:{port}"
    lines = [
        "",
        "=" * 64,
        "  Sổ tay đảng viên đang chạy",
        "=" * 64,
        f"  Trang quản trị: {url}  (kiểm tra: {url}/healthz)",
    ]
    if facts.admin:
        lines.append(f"  Tài khoản quản trị: {facts.admin[0]}   Mật khẩu: {facts.admin[1]}")
        lines.append("  (chỉ hiện một lần — hãy ghi lại; đổi bằng: sotay admin create TÊN)")
    if facts.seeded:
        lines.append(f"  Đã nạp dữ liệu mẫu: {facts.units} đơn vị, {facts.members} đảng viên (tên tự sinh).")
    lines.append(f"  Cơ sở dữ liệu: {settings.effective_database_url.split('@')[-1]}")
    if any(bots):
        lines.append("  Bot Telegram: " + ", ".join(f"@{b}" for b in bots if b))
        lines.append("  Thử ngay: sotay invites > ma-moi.csv rồi gửi /start MÃ cho bot.")
    else:
        lines.append("  Chưa có bot: đặt TELEGRAM_BOT_TOKEN (và TELEGRAM_API_BASE nếu dùng máy chủ riêng).")
    lines.append("  Dừng: Ctrl-C (tin đang gửi được gửi xong rồi mới dừng).")
    lines.append("=" * 64)
    out.write("\n".join(lines) + "\n")
    out.flush()
