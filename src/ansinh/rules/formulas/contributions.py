"""Monthly contributions per fund and party, with the floor and ceilings in force that month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field, field_validator

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.formulas.common import (
    PayType,
    WageRegion,
    named_basis,
    si_salary_ceiling,
)
from ansinh.rules.money import ZERO, fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation

FUNDS = ("pension_survivors", "sickness_maternity", "work_injury", "unemployment", "health")


class ContributionCase(Case):
    """One employee's contribution salary for one month."""

    month: date = Field(description="Any day of the month; the first day is used")
    salary: int = Field(gt=0, description="Contribution salary, whole VND per month")
    wage_region: WageRegion = "I"
    pay_type: PayType = "employer_set"
    reduced_work_injury_rate: bool = False

    @field_validator("month")
    @classmethod
    def _first_of_month(cls, value: date) -> date:
        return value.replace(day=1)

    def law_date(self) -> date:
        """Contributions follow the law in force in the month they are due for."""
        return self.month


def _floor(calc: Calculation, case: ContributionCase) -> Decimal:
    floor_basis = str(calc.law("contributions/salary_floor_basis"))
    return named_basis(calc, floor_basis, case.wage_region)


def _bounded_base(calc: Calculation, case: ContributionCase, floor: Decimal) -> Decimal:
    ceiling = si_salary_ceiling(calc)
    base = min(max(Decimal(case.salary), floor), ceiling)
    return calc.amount(
        "si_contribution_base",
        base,
        f"min(max({fmt_vnd(case.salary)}, floor {fmt_vnd(floor)}), ceiling {fmt_vnd(ceiling)})",
    )


def _unemployment_base(calc: Calculation, case: ContributionCase, floor: Decimal) -> Decimal:
    # The Employment Law caps the UI salary on its own (20 × the regional minimum wage), not at
    # the SI ceiling (20 × the reference level): the UI base starts from the salary itself.
    cap = calc.table("contributions/unemployment_ceiling")
    multiplier = Decimal(str(cap["multiplier"]))
    basis = named_basis(calc, str(cap[case.pay_type]), case.wage_region)
    ceiling = calc.amount(
        "ui_salary_ceiling", multiplier * basis, f"{multiplier} × {fmt_vnd(basis)}"
    )
    return calc.amount(
        "ui_contribution_base",
        min(max(Decimal(case.salary), floor), ceiling),
        f"min(max({fmt_vnd(case.salary)}, floor {fmt_vnd(floor)}), {fmt_vnd(ceiling)})",
    )


@benefit("contributions", "Monthly SI, HI and UI contributions", ContributionCase)
def contributions(case: ContributionCase, calc: Calculation) -> Outcome:
    """Employer and employee shares per fund for one month."""
    floor = _floor(calc, case)
    si_base = _bounded_base(calc, case, floor)
    ui_base = _unemployment_base(calc, case, floor)
    shares: dict[str, dict[str, int]] = {}
    totals = {"employer": ZERO, "employee": ZERO}
    for fund in FUNDS:
        rate_file = (
            "work_injury_reduced"
            if (fund == "work_injury" and case.reduced_work_injury_rate)
            else fund
        )
        rates = calc.table(f"contributions/rates/{rate_file}")
        base = ui_base if fund == "unemployment" else si_base
        shares[fund] = {}
        for party in ("employer", "employee"):
            rate = Decimal(str(rates[party]))
            share = to_vnd(calc.amount(f"{fund}.{party}", base * rate, f"{fmt_vnd(base)} × {rate}"))
            shares[fund][party] = share
            totals[party] += share
    total = totals["employer"] + totals["employee"]
    return Outcome(
        amount=to_vnd(calc.amount("total", total, "sum of all shares")),
        unit="VND/month",
        outputs={
            "funds": shares,
            "employer_total": to_vnd(totals["employer"]),
            "employee_total": to_vnd(totals["employee"]),
            "si_contribution_base": to_vnd(si_base),
            "ui_contribution_base": to_vnd(ui_base),
        },
    )
