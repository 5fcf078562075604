"""Old-law pension rates by retirement year (no 2016–2024 revaluation tables are stored).

Pensions settled before 2025 are refused for lack of revaluation coefficients, so the dated L58
rate tables are checked on the rate helper directly, at the law date of each year.
"""

from datetime import date
from decimal import Decimal

import pytest

from ansinh.rules.formulas.old_age_rate import full_rate
from ansinh.rules.formulas.old_age_retirement_age import Sex
from ansinh.rules.service import get_benefit
from ansinh.rules.trace import Calculation


def _rate(sex: Sex, on: date, months: int) -> Decimal:
    calc = Calculation(benefit="pension", law_date=on)
    return full_rate(calc, sex, months).rate


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        # L58 Art. 56.2.a: men 45% at 16 (2018) … 20 (2022) years, +2% a year; 20 years here.
        (date(2018, 3, 1), "0.53"),  # 45% + 4 × 2%
        (date(2019, 3, 1), "0.51"),  # 45% + 3 × 2%
        (date(2020, 3, 1), "0.49"),  # 45% + 2 × 2%
        (date(2021, 3, 1), "0.47"),  # 45% + 1 × 2%
        (date(2022, 3, 1), "0.45"),  # 45% at 20 years
        (date(2025, 7, 1), "0.45"),  # L41 Art. 66: 45% at 20 years
    ],
)
def test_old_law_men_reach_45_percent_one_year_later_each_year(on: date, expected: str) -> None:
    assert _rate("male", on, 20 * 12) == Decimal(expected)


def test_before_2018_women_gained_3_percent_a_year() -> None:
    # L58 Art. 56.1 (2016-2017): 45% at 15 years + 3% per year; 20 years → 45% + 15% = 60%.
    assert _rate("female", date(2017, 3, 1), 20 * 12) == Decimal("0.60")


def test_the_rate_stops_at_75_percent() -> None:
    # Women from 2018: 45% + 2% × (40 − 15) = 95% → capped at 75%.
    assert _rate("female", date(2026, 1, 1), 40 * 12) == Decimal("0.75")


def test_a_pension_settled_in_2019_is_refused_for_lack_of_coefficients() -> None:
    result = get_benefit("pension").calculate_raw(
        {
            "date_of_birth": "1957-06-10",
            "sex": "male",
            "retirement_date": "2019-03-01",
            "history": [{"start": "1998-03-01", "end": "2019-02-28", "salary": 5_000_000}],
        }
    )
    assert not result.eligible
    assert result.reasons == ["No revaluation coefficients are stored for settlements in 2019."]


def test_retirement_age_of_someone_born_in_1950_uses_the_old_flat_age() -> None:
    result = get_benefit("retirement_age").calculate_raw(
        {"date_of_birth": "1950-03-02", "sex": "female"}
    )
    assert str(result.law_date) == "2005-03-02"
    assert result.outputs["retirement_age"] == {"years": 55, "months": 0}
