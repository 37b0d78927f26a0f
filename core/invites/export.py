"""Invite lists as CSV for Excel: one row per member waiting to join."""

from __future__ import annotations

import csv
import io

from core.invites.rules import telegram_link
from core.invites.service import InviteRow
from core.texts import label

HEADER = ("Họ và tên", "Đơn vị", "Mã mời", "Liên kết")


def invites_csv(rows: list[InviteRow], bot_username: str | None, zalo_name: str | None = None) -> bytes:
    """UTF-8 with BOM so Excel shows the diacritics; the link opens the Telegram bot with the code.

    Without the bot's @name the «Liên kết» column stays empty: a link to a guessed bot would mislead.
    With a Zalo bot (which has no links that carry a code) a column says whom to send the code to.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    zalo = (label("invite.csv.zalo_column"),) if zalo_name else ()
    writer.writerow((*HEADER, *zalo))
    for r in rows:
        how = (label("invite.csv.zalo_how", name=zalo_name, code=r.code),) if zalo_name else ()
        writer.writerow((r.full_name, r.unit_name, r.code, telegram_link(bot_username, r.code), *how))
    return out.getvalue().encode("utf-8-sig")
