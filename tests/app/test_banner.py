"""The start-up banner tells how to join on the messengers configured."""

from __future__ import annotations

from pydantic import SecretStr

from app.startup import FirstRunFacts, banner
from core.config import Settings
from core.demo.service import DemoHighlights, DemoPerson

DEMO = DemoHighlights(
    cell_code="VD-CB01",
    cell_name="Chi bộ Văn phòng",
    secretary=DemoPerson(1, "VD0001", "Trần Thị Bí Thư"),
    member=DemoPerson(2, "VD0002", "Nguyễn Văn An"),
    members_total=5,
)
FACTS = FirstRunFacts(seeded_units=1, seeded_members=5, admin=None, demo=DEMO)


def _lines(**settings: object) -> str:
    return "\n".join(
        banner(Settings.model_construct(**settings), "127.0.0.1", 8000, FACTS, ["Zalo «x»"], "Sổ tay VP")
    )


def test_the_banner_names_the_zalo_bot_when_zalo_alone_is_configured():
    text = _lines(zalo_bot_token=SecretStr("z"), telegram_bot_token=None, zalo_bot_name=None)
    assert "tìm bot «Sổ tay VP» trên Zalo và gửi MÃ" in text and "/start" not in text
    assert "bấm" not in text


def test_the_banner_names_both_ways_when_both_are_configured():
    text = _lines(zalo_bot_token=SecretStr("z"), telegram_bot_token=SecretStr("t"), zalo_bot_name="Sổ tay HG")
    assert "gửi /start MÃ cho bot Telegram, hoặc tìm bot «Sổ tay HG» trên Zalo" in text
