"""Typed answers to the choices on show: numbers, words, politeness, and what must not match."""

from __future__ import annotations

import pytest

import core.conversation.features  # noqa: F401  (features register their synonyms)
from core.conversation.matching import typed_choice

NOTICE = [["✅ Tham dự", "attend"], ["🚫 Vắng (có lý do)", "absent"]]
BALLOT = [["✅ Đồng ý", "yes"], ["❌ Không đồng ý", "no"], ["⚪ Không biểu quyết", "none"]]
KINDS = [
    ["Sinh hoạt định kỳ", "dinh_ky"],
    ["Sinh hoạt chuyên đề", "chuyen_de"],
    ["Định kỳ kết hợp chuyên đề", "ket_hop"],
]


@pytest.mark.parametrize(
    ("choices", "typed", "expected"),
    [
        (NOTICE, "tham du", "attend"),
        (NOTICE, "Tham dự nhé!", "attend"),
        (NOTICE, "có", "attend"),
        (NOTICE, "co mat", "attend"),
        (NOTICE, "vắng", "absent"),
        (NOTICE, "em chọn 2 ạ", "absent"),
        (NOTICE, "3", None),
        (BALLOT, "đồng ý ạ", "yes"),
        (BALLOT, "Không đồng ý ạ.", "no"),
        (BALLOT, "không", None),  # two options say «không»: ask again rather than guess
        (KINDS, "họp chuyên đề", "chuyen_de"),
        (KINDS, "kết hợp", "ket_hop"),
        ([["Bỏ qua", "skip"]], "Bỏ qua phần báo cáo tài chính", None),  # an agenda, not «Bỏ qua»
        ([["Bỏ qua", "skip"]], "bỏ qua nhé", "skip"),
    ],
)
def test_a_typed_answer_picks_the_choice_when_its_words_match(choices, typed, expected):
    assert typed_choice(choices, typed) == expected
