"""First start on an empty database: demo organisation, an admin account, and what to try."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from app.runtime import Runtime
from core.accounts.service import ensure_demo_admin
from core.config import Settings
from core.demo import DemoHighlights, demo_highlights, seed_demo


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


def banner(
    settings: Settings, host: str, port: int, facts: FirstRunFacts, bots: list[str | None]
) -> list[str]:
    url = f"http://{host}:{port}"
    lines = ["", "=" * 68, "  Sổ tay đảng viên đang chạy", "=" * 68]
    lines.append(f"  Trang quản trị: {url}   (kiểm tra: {url}/healthz)")
    if facts.admin:
        lines.append(f"  Tài khoản quản trị: {facts.admin[0]}   Mật khẩu: {facts.admin[1]}")
        lines.append("  (mật khẩu chỉ hiện lần này — hãy ghi lại; thêm tài khoản: sotay admin create TÊN)")
    if facts.seeded_units:
        lines.append(
            f"  Đã nạp dữ liệu mẫu: {facts.seeded_units} đơn vị, "
            f"{facts.seeded_members} đảng viên (tên tự sinh)."
        )
    lines.append(f"  Cơ sở dữ liệu: {settings.effective_database_url.split('@')[-1]}")
    named = [f"@{b}" for b in bots if b]
    lines.append("  Bot Telegram: " + (", ".join(named) if named else "chưa bật — đặt TELEGRAM_BOT_TOKEN"))
    if facts.demo:
        demo = facts.demo
        lines.append(f"  Thử ngay với {demo.cell_name} (mã {demo.cell_code}):")
        lines.append(f"    ./sotay invites {demo.cell_code} -o ma-moi.csv   → mã mời của từng đảng viên")
        lines.append(
            f"    Bí thư: {demo.secretary.full_name} — gửi /start MÃ cho bot, rồi /hop để triệu tập họp"
        )
        lines.append(
            f"    Đảng viên: {demo.member.full_name} — gửi /start MÃ, chờ thông báo họp, bấm «Tham dự»"
        )
    lines.append("  Dừng: Ctrl-C (tin đang gửi dở được gửi xong rồi mới dừng).")
    lines.append("=" * 68)
    return lines


def print_banner(
    settings: Settings, host: str, port: int, facts: FirstRunFacts, bots: list[str | None]
) -> None:
    sys.stdout.write("\n".join(banner(settings, host, port, facts, bots)) + "\n")
    sys.stdout.flush()
