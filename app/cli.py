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

from app.argparse_vi import speak_vietnamese
from core.config import Settings
from core.errors import DomainError
from core.texts import label

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def _parser() -> argparse.ArgumentParser:
    speak_vietnamese()
    parser = argparse.ArgumentParser(prog="sotay", description=label("cli.description"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    run = sub.add_parser("run", help=label("cli.help.run"))
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    imp = sub.add_parser("import", help=label("cli.help.import"))
    imp.add_argument("files", nargs="*", type=Path, metavar="TỆP")
    imp.add_argument("--template", type=Path, metavar="THƯ_MỤC", help=label("cli.help.template"))
    inv = sub.add_parser("invites", help=label("cli.help.invites"))
    inv.add_argument("unit", nargs="?", metavar="ĐƠN_VỊ", help=label("cli.help.unit"))
    inv.add_argument("--sheet", type=Path, metavar="TỆP.pdf", help=label("cli.help.sheet"))
    inv.add_argument("--member", metavar="MÃ_ĐẢNG_VIÊN", help=label("cli.help.member"))
    inv.add_argument("-o", "--output", type=Path, metavar="TỆP.csv", help=label("cli.help.output"))
    admin = sub.add_parser("admin", help=label("cli.help.admin"))
    admin_sub = admin.add_subparsers(dest="admin_command", required=True, metavar="LỆNH")
    create = admin_sub.add_parser("create", help=label("cli.help.admin_create"))
    create.add_argument("username", metavar="TÊN")
    create.add_argument("--password-stdin", action="store_true", help=label("cli.help.password_stdin"))
    db = sub.add_parser("db", help=label("cli.help.db"))
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="LỆNH")
    db_sub.add_parser("upgrade", help=label("cli.help.db_upgrade"))
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

    if not args.password_stdin and not sys.stdin.isatty():
        print(label("cli.password.no_terminal", username=args.username), file=sys.stderr)  # noqa: T201
        return 2
    try:
        password = _read_password(from_stdin=args.password_stdin)
    except (EOFError, UnicodeDecodeError):
        print(label("cli.password.unreadable"), file=sys.stderr)  # noqa: T201
        return 2
    if password is None:
        print(label("cli.password.mismatch"), file=sys.stderr)  # noqa: T201
        return 2
    return await create_admin_account(settings, args.username, password)


def _read_password(*, from_stdin: bool) -> str | None:
    """The password from standard input, or typed twice at the terminal (None when the two differ)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(label("cli.password.ask"))
    return password if password == getpass.getpass(label("cli.password.again")) else None


async def cmd_db(_args: argparse.Namespace, settings: Settings) -> int:
    from core.db.migrate import upgrade_head_async

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await upgrade_head_async(settings.effective_database_url)
    print(label("cli.db.ready"))  # noqa: T201
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
    for noisy in ("aiogram.event", "alembic", "apscheduler", "fontTools", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    code: int
    settings: Settings | None = None
    try:
        settings = Settings()
        code = asyncio.run(COMMANDS[args.command](args, settings))
    except DomainError as exc:
        try:
            message = label(f"error.{exc.code}", **exc.params)
        except KeyError:
            message = exc.code
        print(label("cli.error", message=message), file=sys.stderr)  # noqa: T201
        if settings is not None:
            from app.startup import database_location

            print(label("cli.database", where=database_location(settings)), file=sys.stderr)  # noqa: T201
        code = 1
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
