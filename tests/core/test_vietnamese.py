"""One key for every spelling of a Vietnamese word; the variants legacy data holds."""

import unicodedata

import pytest

from ansinh.core.vietnamese import bare_key, has_marks, move_tone, swap_y_i, word_key


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["Hòa", "Hoà", "HÒA", unicodedata.normalize("NFD", "hoà")], "hoa2"),
        (["Thủy", "Thuỷ", "THUỶ"], "thui3"),
        (["Lý", "Lí"], "li1"),
        (["Quý", "Quí"], "qui1"),
        (["Đức", "đức"], "dưc1"),
    ],
)
def test_spellings_of_one_word_share_a_key(spellings: list[str], key: str) -> None:
    assert {word_key(s) for s in spellings} == {key}


def test_different_tones_keep_different_keys_but_one_bare_key() -> None:
    assert word_key("Hùng") != word_key("Hưng")
    assert bare_key("Hùng") == bare_key("Hưng") == bare_key("HUNG") == "hung"
    assert bare_key("Đặng") == "dang"


@pytest.mark.parametrize(
    ("old", "new"), [("Hòa", "Hoà"), ("Thủy", "Thuỷ"), ("Khỏe", "Khoẻ"), ("HÒA", "HOÀ")]
)
def test_move_tone_switches_between_old_and_new_placement(old: str, new: str) -> None:
    assert move_tone(old) == new
    assert move_tone(new) == old


@pytest.mark.parametrize("word", ["Quý", "Hoàng", "Toàn", "Nguyễn", "A", "Huy"])
def test_move_tone_leaves_other_words_alone(word: str) -> None:
    assert move_tone(word) == word


@pytest.mark.parametrize(
    ("word", "variant"), [("Lý", "Lí"), ("Mỹ", "Mĩ"), ("Kỳ", "Kì"), ("Quý", "Quí"), ("VY", "VI")]
)
def test_swap_y_i_after_a_consonant(word: str, variant: str) -> None:
    assert swap_y_i(word) == variant
    assert swap_y_i(variant) == word


@pytest.mark.parametrize("word", ["Huy", "Duy", "Gi", "Thủy", "An"])
def test_swap_y_i_leaves_other_words_alone(word: str) -> None:
    assert swap_y_i(word) == word


def test_has_marks() -> None:
    assert has_marks("Nguyễn") and has_marks("Đinh")
    assert not has_marks("Nguyen Van A")
