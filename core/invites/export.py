"""Invite lists as CSV for Excel: one row per member waiting to join."""

from __future__ import annotations

import csv
import io

from core.invites.rules import telegram_link
from core.invites.service import InviteRow

HEADER = ("Họ và tên", "Đơn vị", "Mã mời", "Liên kết")


def invites_csv(rows: list[InviteRow], bot_username: str | None) -> bytes:
    """UTF-8 with BOM so Excel shows the diacritics; the link opens the bot with the code.

    Without the bot's @name the «Liên kết» column stays empty: a link to a guessed bot would mislead.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows((r.full_name, r.unit_name, r.code, telegram_link(bot_username, r.code)) for r in rows)
    return out.getvalue().encode("utf-8-sig")
