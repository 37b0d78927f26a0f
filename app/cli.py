"""The `sotay` command: run the service, import the organisation, print invites, manage admins."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from core.config import Settings
from core.errors import DomainError

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sotay", description="Sổ tay đảng viên — máy chủ và công cụ quản trị"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    run = sub.add_parser("run", help="chạy trang quản trị, bộ lập lịch và bot")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    imp = sub.add_parser("import", help="nhập đơn vị và đảng viên từ tệp CSV/XLSX")
    imp.add_argument("files", nargs="*", type=Path, metavar="TỆP")
    imp.add_argument("--template", type=Path, metavar="THƯ_MỤC", help="ghi tệp mẫu vào thư mục này")
    inv = sub.add_parser("invites", help="in mã mời (CSV) cho đảng viên chưa tham gia")
    inv.add_argument("unit", nargs="?", metavar="ĐƠN_VỊ", help="mã hoặc tên đơn vị (bỏ trống: toàn bộ)")
    inv.add_argument("--sheet", type=Path, metavar="TỆP.pdf", help="thêm phiếu in có mã QR")
    inv.add_argument(
        "--member", metavar="MÃ_ĐẢNG_VIÊN", help="cấp mã mới cho một đảng viên (kể cả đã tham gia)"
    )
    inv.add_argument("-o", "--output", type=Path, metavar="TỆP.csv", help="ghi CSV ra tệp thay vì màn hình")
    admin = sub.add_parser("admin", help="tài khoản trang quản trị")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True, metavar="LỆNH")
    create = admin_sub.add_parser("create", help="tạo tài khoản quản trị")
    create.add_argument("username", metavar="TÊN")
    create.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ đầu vào chuẩn")
    db = sub.add_parser("db", help="cơ sở dữ liệu")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="LỆNH")
    db_sub.add_parser("upgrade", help="nâng cấp lược đồ lên phiên bản mới nhất")
    return parser


async def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from app.serve import serve

    await serve(settings, host=args.host, port=args.port)
    return 0


async def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from app.commands import import_org

    return await import_org(settings, args.files, args.template)


async def cmd_invites(args: argparse.Namespace, settings: Settings) -> int:
    from app.commands import print_invites

    return await print_invites(settings, args.unit, args.sheet, args.output, member=args.member)


async def cmd_admin(args: argparse.Namespace, settings: Settings) -> int:
    from app.commands import create_admin_account

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mật khẩu (ít nhất 8 ký tự): ")
        if password != getpass.getpass("Nhập lại mật khẩu: "):
            print("Hai lần nhập mật khẩu không khớp.", file=sys.stderr)  # noqa: T201
            return 2
    return await create_admin_account(settings, args.username, password)


async def cmd_db(_args: argparse.Namespace, settings: Settings) -> int:
    from core.db.migrate import upgrade_head_async

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await upgrade_head_async(settings.effective_database_url)
    print("Cơ sở dữ liệu đã ở phiên bản mới nhất.")  # noqa: T201
    return 0


COMMANDS: dict[str, Command] = {
    "run": cmd_run,
    "import": cmd_import,
    "invites": cmd_invites,
    "admin": cmd_admin,
    "db": cmd_db,
}


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("aiogram.event", "alembic", "apscheduler", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    code: int
    try:
        settings = Settings()
        code = asyncio.run(COMMANDS[args.command](args, settings))
    except DomainError as exc:
        from core.texts import label

        try:
            message = label(f"error.{exc.code}", **exc.params)
        except KeyError:
            message = exc.code
        print(f"Lỗi: {message}", file=sys.stderr)  # noqa: T201
        code = 1
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
