"""The agreement's limits on their own: months counted, chains, the count date."""

from __future__ import annotations

from datetime import date

from ansinh.coverage.agreements import agreement_with, first_in_force
from ansinh.coverage.limits import Posting, chain, check, months_between

KOREA = agreement_with("KR", date(2024, 1, 1))


def test_the_korean_agreement_is_read_from_its_file() -> None:
    assert KOREA is not None
    assert (KOREA.posting_months, KOREA.extension_months, KOREA.longest_months) == (60, 36, 96)
    assert KOREA.signed_on == date(2021, 12, 14) and KOREA.count_from == date(2024, 1, 1)
    assert first_in_force("KR") == date(2024, 1, 1)
    assert agreement_with("KR", date(2023, 12, 31)) is None
    assert agreement_with("JP", date(2026, 1, 1)) is None and first_in_force("JP") is None


def test_months_count_a_started_month_whole() -> None:
    assert months_between(date(2024, 1, 1), date(2028, 12, 31)) == 60
    assert months_between(date(2024, 1, 15), date(2029, 1, 14)) == 60
    assert months_between(date(2024, 1, 15), date(2029, 1, 15)) == 61
    assert months_between(date(2024, 3, 1), date(2024, 3, 1)) == 1


def test_a_posting_with_another_employer_restarts_the_chain() -> None:
    a1 = Posting("A", date(2024, 1, 1), date(2025, 12, 31))
    b1 = Posting("B", date(2026, 1, 1), date(2026, 12, 31))
    new = Posting("A", date(2027, 1, 1), date(2027, 12, 31))
    assert chain([a1, b1], new) == []
    assert chain([a1], new) == [a1]


def test_a_pre_2024_posting_counts_from_the_agreement() -> None:
    assert KOREA is not None
    long_ago = Posting("A", date(2021, 1, 1), date(2028, 12, 31))
    ruling = check(KOREA, [], long_ago, extension=False)
    assert ruling == type(ruling)(60, None)
