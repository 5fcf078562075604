"""Maternity allowance of voluntary SI (trợ cấp thai sản, new in Law 41/2024/QH15).

Law 41/2024/QH15 Art. 94–95, from 2025-07-01 (before, voluntary SI paid only retirement and
survivors' benefits, L58 Art. 4.3). A mother giving birth, or a father whose wife gives birth, with
6 months of voluntary SI, or of voluntary and compulsory SI together, in the 12 months before the
birth gets 2,000,000 VND per child born and per fetus of 22 weeks or more that died in the womb or
in labour. Whoever qualifies for compulsory maternity benefits gets those instead (Art. 94.4); the
months before the birth are counted as for compulsory maternity (the 15th-day rule).
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ansinh.rules.engine import Outcome, benefit
from ansinh.rules.formulas.common import table_number
from ansinh.rules.formulas.maternity import (
    InsuredCase,
    months_before_event,
    qualifying_route,
    refused,
)
from ansinh.rules.formulas.sickness_common import compulsory_months, first_in_force, rule_in_force
from ansinh.rules.history import count, expand
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation

ALLOWANCE = "maternity/voluntary/allowance_per_child"


class VoluntaryMaternityCase(InsuredCase):
    """A birth to a voluntary-SI participant (mother, or father whose wife gave birth)."""

    birth_date: date = Field(description="Date of birth; selects the law")
    children: int = Field(
        default=1,
        ge=1,
        description="Children born, plus fetuses of 22 weeks or more that died in the womb or in "
        "labour",
    )

    def law_date(self) -> date:
        """The law in force on the day of the birth applies."""
        return self.birth_date


@benefit("maternity_voluntary", "Voluntary-SI maternity allowance", VoluntaryMaternityCase)
def maternity_voluntary(case: VoluntaryMaternityCase, calc: Calculation) -> Outcome:
    """A fixed amount per child when the voluntary (or mixed) months suffice."""
    if not calc.require(
        "allowance_exists",
        rule_in_force(calc, ALLOWANCE),
        f"Voluntary SI paid no maternity allowance for a birth on {case.birth_date}: the "
        f"allowance exists only from {first_in_force(ALLOWANCE)}.",
    ):
        return refused()
    rule = calc.table("maternity/voluntary/eligibility")
    need, span = int(table_number(rule, "months")), int(table_number(rule, "window_months"))
    months = months_before_event(
        calc, "all_months_in_window", expand(case.history), case.birth_date, span
    )
    calc.require(
        "qualifying_contributions",
        count(months, "voluntary") > 0 and len(months) >= need,
        f"Needs {need} months of voluntary SI (or voluntary and compulsory together) in the "
        f"{span} months before the birth; {len(months)} found, "
        f"{count(months, 'voluntary')} of them voluntary.",
    )
    compulsory, _ = qualifying_route(
        calc, compulsory_months(case.history), case.birth_date, "standard"
    )
    calc.require(
        "not_compulsory",
        not compulsory,
        "The claimant qualifies for compulsory-SI maternity benefits, which replace this "
        "allowance (Law 41/2024/QH15 Art. 94.4).",
    )
    if not calc.eligible:
        return refused()
    per_child = calc.number(ALLOWANCE)
    amount = calc.amount(
        "amount", per_child * case.children, f"{case.children} × {fmt_vnd(per_child)}"
    )
    return Outcome(
        amount=to_vnd(amount),
        unit="VND",
        outputs={"per_child": to_vnd(per_child), "months_in_window": len(months)},
    )
