"""The text catalogue and the Vietnamese input parsers."""

from __future__ import annotations

import pathlib
import re
import unicodedata
from datetime import date, time

import pytest

from core.meetings.timeparse import ambiguous_hour, parse_date, parse_minutes, parse_time
from core.text import fold
from core.texts import Seg, plain_text, t
from core.texts.split import split_rich
from core.texts.vi import VI

TODAY = date(2026, 6, 10)


def test_every_text_key_used_in_code_exists_in_the_catalogue():
    source = " ".join(p.read_text(encoding="utf-8") for p in pathlib.Path("core").rglob("*.py"))
    used = set(re.findall(r"\b(?:t|label)\(\s*\"([a-z_][a-z_.0-9]+)\"", source))
    assert used, "the scan found no keys"
    assert sorted(used - set(VI)) == []


def test_catalogue_is_nfc_vietnamese_when_read_back():
    assert all(unicodedata.normalize("NFC", v) == v for v in VI.values())
    assert "Đồng chí chưa liên kết" in VI["join.how"]


def test_user_values_never_become_markup_when_inserted():
    rich = t("menu.hello", name="**<b>Kẻ gian</b>**")
    assert plain_text(rich) == "Chào đồng chí **<b>Kẻ gian</b>**."
    assert [s.bold for s in rich] == [False, True, False]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15/6", date(2026, 6, 15)),
        ("15/06", date(2026, 6, 15)),
        ("15/6/2027", date(2027, 6, 15)),
        ("15-6-26", date(2026, 6, 15)),
        ("15.6.2026", date(2026, 6, 15)),
        ("ngày 15/6", date(2026, 6, 15)),
        ("Ngày 1/2", date(2026, 2, 1)),  # this year's date even if past: the flow asks back
        ("10/6", date(2026, 6, 10)),
        ("29/2/2028", date(2028, 2, 29)),
        ("31/4", None),
        ("29/2/2027", None),
        ("32/1", None),
        ("mai", date(2026, 6, 11)),  # today is Wednesday 10/06/2026
        ("ngày mai", date(2026, 6, 11)),
        ("hôm nay", date(2026, 6, 10)),
        ("ngày kia", date(2026, 6, 12)),
        ("thứ hai", date(2026, 6, 15)),
        ("thu 2", date(2026, 6, 15)),
        ("Thứ Tư", date(2026, 6, 17)),  # today's weekday: the next one
        ("thứ sáu tuần sau", date(2026, 6, 19)),
        ("chủ nhật", date(2026, 6, 14)),
        ("cn", date(2026, 6, 14)),
        ("", None),
    ],
)
def test_dates_typed_the_vietnamese_way_when_scheduling(typed: str, expected: date | None):
    assert parse_date(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14h", time(14, 0)),
        ("14H", time(14, 0)),
        ("14h30", time(14, 30)),
        ("14 h 30", time(14, 30)),
        ("14:30", time(14, 30)),
        ("14.30", time(14, 30)),
        ("7 giờ 30", time(7, 30)),
        ("7 gio 30", time(7, 30)),
        ("7g30", time(7, 30)),
        ("7 giờ 30 phút", time(7, 30)),
        ("2 giờ chiều", time(14, 0)),
        ("7 giờ tối", time(19, 0)),
        ("12h trưa", time(12, 0)),
        ("1 giờ trưa", time(13, 0)),
        ("8 giờ sáng", time(8, 0)),
        ("8", time(8, 0)),
        ("0h", time(0, 0)),
        ("25h", None),
        ("14:75", None),
        ("chiều", None),
    ],
)
def test_times_typed_the_vietnamese_way_when_scheduling(typed: str, expected: time | None):
    assert parse_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "ambiguous"),
    [
        ("1 giờ 20", True),
        ("5h", True),
        ("01:20", False),
        ("1 giờ chiều", False),
        ("7h", False),
        ("14:00", False),
    ],
)
def test_small_hours_without_part_of_day_are_flagged_as_ambiguous(typed: str, ambiguous: bool):
    assert ambiguous_hour(typed) is ambiguous


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("90", 90), ("90 phút", 90), ("2 giờ", 120), ("1 tiếng rưỡi", 90), ("1h30", 90), ("abc", None)],
)
def test_meeting_length_typed_in_words_or_minutes(typed: str, expected: int | None):
    assert parse_minutes(typed) == expected


def test_fold_matches_text_typed_without_diacritics():
    assert fold("Nghị quyết Đại hội") == "nghi quyet dai hoi"


def test_long_text_is_split_in_order_and_nothing_dropped():
    paragraphs = [f"Đoạn {i}: " + "chữ có dấu " * 60 for i in range(20)]
    rich = (Seg("Tiêu đề", bold=True), Seg("\n\n" + "\n\n".join(paragraphs)))
    parts = split_rich(rich, 4096)
    assert len(parts) > 1
    assert all(len(plain_text(p)) <= 4096 for p in parts)
    assert "".join(plain_text(p) for p in parts) == plain_text(rich)
    assert parts[0][0] == Seg("Tiêu đề", bold=True)


def test_text_without_spaces_is_still_split_when_too_long():
    rich = (Seg("x" * 10_000),)
    parts = split_rich(rich, 4096)
    assert [len(plain_text(p)) for p in parts] == [4096, 4096, 1808]


def test_every_stored_code_has_a_vietnamese_label():
    from core.labels import MEETING_KIND_LABELS, MEMBER_STATUS_LABELS, ROLE_LABELS, UNIT_KIND_LABELS
    from core.meetings.rules import MEETING_KINDS
    from core.org.rules import MEMBER_STATUSES, ROLES, UNIT_KINDS

    assert set(UNIT_KIND_LABELS) == set(UNIT_KINDS)
    assert set(ROLE_LABELS) == set(ROLES)
    assert set(MEETING_KIND_LABELS) == set(MEETING_KINDS)
    assert set(MEMBER_STATUS_LABELS) == set(MEMBER_STATUSES)
