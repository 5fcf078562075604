"""Voluntary-group health insurance premiums: households and pupils or students.

Both are a rate of the reference level (the base salary until it is abolished) in force on the
payment date, quoted per year (12 months). Rounding: the law is silent; each yearly amount is
rounded half-up to the dong, and the student's own part is the premium minus the State support.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pydantic import Field, model_validator

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.formulas.common import reference_level
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation

MONTHS_PER_YEAR = 12


def _monthly_premium(calc: Calculation, group: str) -> Decimal:
    """The full monthly premium of `group`: its rate × the reference level."""
    rate = calc.number("health/premium_rate", key=group)
    rl = reference_level(calc)
    return calc.amount(f"{group}_monthly_premium", rate * rl, f"{rate} × {fmt_vnd(rl)}")


class HouseholdPremiumCase(Case):
    """A household joining health insurance together."""

    payment_date: date = Field(description="Day the premium is paid; selects the reference level")
    members: int = Field(ge=1, description="Number of household members joining")
    member: int | None = Field(
        default=None, ge=1, description="One member's number (1 = first); omit for the total"
    )

    @model_validator(mode="after")
    def _member_in_household(self) -> HouseholdPremiumCase:
        if self.member is not None and self.member > self.members:
            raise ValueError("member is larger than members")
        return self

    def law_date(self) -> date:
        """Premiums follow the reference level on the payment date."""
        return self.payment_date


def _member_key(keys: Iterable[str], number: int) -> str:
    """The share-table key of member `number` (the highest key covers every later member)."""
    return str(min(number, max(int(key) for key in keys)))


@benefit("hi_household_premium", "Household health insurance premium", HouseholdPremiumCase)
def hi_household_premium(case: HouseholdPremiumCase, calc: Calculation) -> Outcome:
    """Yearly premium of one member (or the household), reduced from the second member on."""
    first = _monthly_premium(calc, "household")
    shares = calc.table("health/household_member_shares")
    yearly: list[int] = []
    for number in range(1, case.members + 1):
        share = Decimal(str(shares[_member_key(shares, number)]))
        yearly.append(
            to_vnd(
                calc.amount(
                    f"member_{number}_yearly",
                    first * share * MONTHS_PER_YEAR,
                    f"{fmt_vnd(first)} × {share} × {MONTHS_PER_YEAR}",
                )
            )
        )
    total = to_vnd(calc.amount("household_yearly", sum(yearly), "sum of the members' premiums"))
    return Outcome(
        amount=yearly[case.member - 1] if case.member else total,
        unit="VND/year",
        outputs={
            "first_member_monthly": to_vnd(first),
            "member_yearly": yearly,
            "household_yearly": total,
        },
    )


class StudentPremiumCase(Case):
    """A pupil or student's yearly health insurance premium."""

    payment_date: date = Field(description="Day the premium is paid; selects the reference level")

    def law_date(self) -> date:
        """Premiums follow the reference level and the support rate on the payment date."""
        return self.payment_date


@benefit("hi_student_premium", "Pupil and student health insurance premium", StudentPremiumCase)
def hi_student_premium(_case: StudentPremiumCase, calc: Calculation) -> Outcome:
    """Yearly premium, the State budget's minimum support, and what the student pays."""
    monthly = _monthly_premium(calc, "student")
    yearly = to_vnd(
        calc.amount(
            "yearly_premium",
            monthly * MONTHS_PER_YEAR,
            f"{fmt_vnd(monthly)} × {MONTHS_PER_YEAR}",
        )
    )
    support_rate = calc.number("health/student_state_support")
    support = to_vnd(
        calc.amount("state_support", support_rate * yearly, f"{support_rate} × {fmt_vnd(yearly)}")
    )
    own = to_vnd(
        calc.amount("student_pays", yearly - support, f"{fmt_vnd(yearly)} - {fmt_vnd(support)}")
    )
    return Outcome(
        amount=own,
        unit="VND/year",
        outputs={
            "monthly_premium": to_vnd(monthly),
            "yearly_premium": yearly,
            "state_support_yearly": support,
            "student_pays_yearly": own,
        },
    )
