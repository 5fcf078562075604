from datetime import date

from ansinh.identity import old_id_card_valid_until, parse_old_id_card


def test_cmnd_was_usable_until_the_end_of_2024() -> None:
    card = parse_old_id_card("012345678")
    assert old_id_card_valid_until() == date(2024, 12, 31)
    assert card.is_still_valid(date(2024, 12, 31))
    assert not card.is_still_valid(date(2025, 1, 1))
