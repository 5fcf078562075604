"""Convalescence after sickness (dưỡng sức, phục hồi sức khỏe sau ốm đau).

Law 41/2024/QH15 Art. 46 from 2025-07-01; Law 58/2014/QH13 Art. 29 and Circular
59/2015/TT-BLĐTBXH Art. 7 before. The first day of the convalescence selects the law and the
reference level (base salary before 2025-07-01). Conditions: at least 30 sick-leave days in the
calendar year, and a start within 30 days after the sick leave ended. Days: at most 10 (long-term
disease), 7 (surgery) or 5 (other) in the year, less convalescence days already taken this year;
pay = 30% × reference level per calendar day.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.formulas.common import plain
from ansinh.rules.formulas.sickness_common import convalescence, within_days_after
from ansinh.rules.trace import Calculation


class SicknessConvalescenceCase(Case):
    """A convalescence after sick leave."""

    start: date = Field(description="First day of the convalescence; selects the law")
    sickness_leave_end: date = Field(description="Last day of the sick leave")
    sick_days_this_year: Decimal = Field(ge=0, description="Sick-leave days paid this year")
    reason: Literal["long_term", "surgery", "other"] = Field(
        description="long_term (disease on the long-term list), surgery, or other"
    )
    days: int | None = Field(
        default=None, ge=1, description="Days granted by the employer; default: the maximum"
    )
    days_taken_this_year: int = Field(
        default=0, ge=0, description="Convalescence days already taken this year"
    )

    def law_date(self) -> date:
        """The convalescence follows the law in force on its first day."""
        return self.start


@benefit(
    "sickness_convalescence", "Convalescence allowance after sickness", SicknessConvalescenceCase
)
def sickness_convalescence(case: SicknessConvalescenceCase, calc: Calculation) -> Outcome:
    """Days allowed for the reason × 30% of the reference level."""
    minimum = calc.number("sickness/convalescence/min_sick_days")
    sick_enough = calc.require(
        "sick_days",
        case.sick_days_this_year >= minimum,
        f"Convalescence needs at least {plain(minimum)} sick-leave days this year; "
        f"{plain(case.sick_days_this_year)} were taken.",
    )
    in_window = within_days_after(
        calc, "sickness/convalescence/window_days", case.start, case.sickness_leave_end
    )
    if not (sick_enough and in_window):
        return Outcome(amount=None, unit="VND", outputs={})
    outputs = convalescence(calc, "sickness", case.reason, case.days, case.days_taken_this_year)
    return Outcome(amount=outputs.get("amount"), unit="VND", outputs=outputs)
