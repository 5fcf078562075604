"""Convalescence after maternity (dưỡng sức, phục hồi sức khỏe sau thai sản).

Law 41/2024/QH15 Art. 60 from 2025-07-01; Law 58/2014/QH13 Art. 41 before. The first day of the
convalescence selects the law and the reference level (base salary before 2025-07-01). It must
start within 30 days after the maternity leave (birth or miscarriage) ended; at most 10 days
after a multiple birth, 7 after a caesarean, 5 otherwise, each at 30% of the reference level.
Not due when the mother went back to work before the end of her childbirth leave (Art. 60.4).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.formulas.sickness_common import convalescence, within_days_after
from ansinh.rules.trace import Calculation


class MaternityConvalescenceCase(Case):
    """A convalescence after maternity leave."""

    start: date = Field(description="First day of the convalescence; selects the law")
    maternity_leave_end: date = Field(description="Last day of the maternity leave")
    reason: Literal["multiple_birth", "caesarean", "other"] = Field(
        description="multiple_birth (two or more children at once), caesarean, or other"
    )
    days: int | None = Field(
        default=None, ge=1, description="Days granted by the employer; default: the maximum"
    )
    returned_early: bool = Field(
        default=False, description="She went back to work before her childbirth leave ended"
    )

    def law_date(self) -> date:
        """The convalescence follows the law in force on its first day."""
        return self.start


@benefit(
    "maternity_convalescence",
    "Convalescence allowance after maternity",
    MaternityConvalescenceCase,
)
def maternity_convalescence(case: MaternityConvalescenceCase, calc: Calculation) -> Outcome:
    """Days allowed for the reason × 30% of the reference level."""
    calc.require(
        "stayed_on_leave",
        not case.returned_early,
        "No convalescence after going back to work before the end of the childbirth leave.",
    )
    within_days_after(
        calc, "maternity/convalescence/window_days", case.start, case.maternity_leave_end
    )
    if not calc.eligible:
        return Outcome(amount=None, unit="VND", outputs={})
    outputs = convalescence(calc, "maternity", case.reason, case.days, 0)
    return Outcome(amount=outputs.get("amount"), unit="VND", outputs=outputs)
