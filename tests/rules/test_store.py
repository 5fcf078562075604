"""Legal parameter files: strict loading, clear failures, the value in force on a date."""

from datetime import date
from decimal import Decimal

import pytest

from ansinh.rules.store import ParameterError, all_parameters, parameter, parse_parameter

GOOD = """
description: A legal quantity used only by this test.
unit: VND/month
confidence: H
last_checked: 2026-11-24
values:
  2024-07-01:
    value: 2340000
    source: {instrument: Decree 73/2024/NĐ-CP, article: Art. 3}
  2026-07-01:
    value: 2530000
    source: {instrument: Decree 161/2026/NĐ-CP}
"""


def test_every_shipped_parameter_file_loads() -> None:
    assert {"general/reference_level", "wages/regional_minimum_wage"} <= set(all_parameters())


def test_the_value_in_force_changes_on_the_day_of_the_change() -> None:
    rl = parameter("general/reference_level")
    assert rl.value_at(date(2026, 6, 30)) == 2_340_000
    in_force = rl.in_force(date(2026, 7, 1))
    assert (in_force.value, in_force.effective_from) == (2_530_000, date(2026, 7, 1))
    assert in_force.source.instrument == "Decree 161/2026/NĐ-CP"
    assert in_force.confidence == "M"


def test_regional_minimum_wage_for_2025_is_the_2024_decree() -> None:
    wages = parameter("wages/regional_minimum_wage").value_at(date(2025, 12, 31))
    assert wages == {"I": 4_960_000, "II": 4_410_000, "III": 3_860_000, "IV": 3_450_000}


def test_nothing_is_in_force_before_the_first_date() -> None:
    with pytest.raises(ParameterError, match="no value in force on 2024-06-30"):
        parse_parameter("t", GOOD).value_at(date(2024, 6, 30))


def test_a_repealed_value_is_not_in_force() -> None:
    repealed = GOOD + "  2027-01-01:\n    value: null\n    source: {instrument: Law 99/2026}\n"
    with pytest.raises(ParameterError, match="repealed on 2027-01-01"):
        parse_parameter("t", repealed).value_at(date(2027, 2, 1))


def test_an_expected_value_is_not_applied() -> None:
    expected = GOOD + (
        "  2027-07-01:\n    value: 2800000\n    expected: true\n"
        "    source: {instrument: announced}\n"
    )
    assert parse_parameter("t", expected).value_at(date(2027, 8, 1)) == 2_530_000


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (GOOD.replace("unit: VND/month", "unit: VND/month\nunits: VND"), "units: Extra inputs"),
        (GOOD.replace("2026-07-01:", "2026-13-01:"), "month must be in 1..12"),
        (
            GOOD.replace("    source: {instrument: Decree 161/2026/NĐ-CP}\n", ""),
            "source: Field required",
        ),
        (GOOD.replace("2026-07-01:", "2024-01-01:"), "ascending order"),
        (GOOD.replace("2026-07-01:", "2024-07-01:"), "duplicate key"),
        (GOOD.replace("confidence: H", "confidence: X"), "confidence"),
        (GOOD.replace("article: Art. 3", "artcle: Art. 3"), "artcle: Extra inputs"),
    ],
)
def test_a_malformed_file_fails_loading_with_a_clear_message(broken: str, message: str) -> None:
    with pytest.raises(ParameterError, match=message) as failure:
        parse_parameter("area/quantity", broken)
    assert str(failure.value).startswith("area/quantity: ")


WITH_EXPECTED = """
description: A daily interest rate used only by this test.
unit: /1 per day
confidence: M
last_checked: 2026-11-24
values:
  2016-01-01:
    value: 0.0003
    source: {instrument: Law 58/2014/QH13}
  2026-01-01:
    value: 0.001
    expected: true
    source: {instrument: A draft decree, note: announced but not enacted}
  2026-07-01:
    value: 0.0002
    source: {instrument: Law 41/2024/QH15}
"""


def test_enacted_periods_skip_expected_values_and_end_the_day_before_the_next() -> None:
    periods = parse_parameter("test/rate", WITH_EXPECTED).enacted()
    assert [(p.start, p.end, p.value) for p in periods] == [
        (date(2016, 1, 1), date(2026, 6, 30), 0.0003),
        (date(2026, 7, 1), None, 0.0002),
    ]


def test_late_payment_interest_never_charges_an_expected_rate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ansinh.contributions import policy

    monkeypatch.setattr(policy, "parameter", lambda _: parse_parameter("test/rate", WITH_EXPECTED))
    interest = policy.late_interest(1_000_000, deadline=date(2025, 12, 31), until=date(2026, 1, 10))
    assert interest == 1_000_000 * Decimal("0.0003") * 10
