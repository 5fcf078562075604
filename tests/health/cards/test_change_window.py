"""The days of each quarter on which the HI rules accept a primary-care change."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.health.cards.service import primary_care_window


@pytest.mark.parametrize(
    ("on", "opens", "closes", "open_today"),
    [
        (date(2026, 10, 1), date(2026, 10, 1), date(2026, 10, 15), True),
        (date(2026, 10, 15), date(2026, 10, 1), date(2026, 10, 15), True),
        (date(2026, 10, 16), date(2027, 1, 1), date(2027, 1, 15), False),
        (date(2026, 12, 5), date(2027, 1, 1), date(2027, 1, 15), False),
        (date(2025, 3, 20), date(2025, 4, 1), date(2025, 4, 10), False),  # 10 days before L51
        (date(2025, 6, 20), date(2025, 7, 1), date(2025, 7, 15), False),  # 15 days from L51
    ],
)
def test_the_window_is_the_first_days_of_a_quarter(
    on: date, opens: date, closes: date, open_today: bool
) -> None:
    window = primary_care_window(on)
    assert (window.opens, window.closes) == (opens, closes)
    assert window.open_on(on) is open_today
