"""Maternity leave for prenatal visits, miscarriage or stillbirth, and contraception.

Law 41/2024/QH15 Art. 51, 52, 57, 59 from 2025-07-01; Law 58/2014/QH13 Art. 32, 33, 37, 39
before. The date of the visit, the miscarriage or the procedure selects the law.

- Prenatal visit: at most 5 paid visits; L41 up to 2 working days each; L58 1 day, 2 if far from
  the clinic or the pregnancy is abnormal. Pay = days × monthly allowance / 24.
- Miscarriage, abortion, stillbirth: calendar days as prescribed, at most 10 / 20 / 40 / 50 by
  weeks of pregnancy (cut-offs 5, 13, 22 weeks under L41; 5, 13, 25 under L58). Pay = days ×
  monthly allowance / 30. Under L41 (Art. 52.2) a loss at 22 weeks or more is treated as a birth
  when the mother meets the childbirth conditions: the childbirth leave months are paid instead
  (the lump sum of Art. 58 is for a child born, so it is not added).
- Contraception: IUD up to 7, sterilisation up to 15 calendar days × monthly allowance / 30.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from ansinh.rules.engine import Outcome, benefit
from ansinh.rules.formulas.common import band_value, table_number
from ansinh.rules.formulas.maternity import (
    BirthCase,
    DayKind,
    InsuredCase,
    birth_leave_months,
    birth_routes,
    day_pay,
    monthly_allowance,
    refused,
)
from ansinh.rules.formulas.sickness_common import rule_in_force
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation

AS_BIRTH = "maternity/stillbirth_as_birth_weeks"


def _prescribed(calc: Calculation, maximum: Decimal, requested: int | None) -> int:
    """The days prescribed, at most the legal maximum (the maximum when none is given)."""
    if requested is None:
        return int(calc.amount("leave_days", maximum, f"the maximum, {maximum} days"))
    days = min(requested, int(maximum))
    return int(calc.amount("leave_days", days, f"min(prescribed {requested}, maximum {maximum})"))


def _day_outcome(calc: Calculation, monthly: Decimal, days: int, kind: DayKind) -> Outcome:
    pay = day_pay(calc, "amount", monthly, days, kind)
    return Outcome(
        amount=pay,
        unit="VND",
        outputs={"monthly_allowance": to_vnd(monthly), "leave_days": days},
    )


class PrenatalVisitCase(InsuredCase):
    """Leave for one prenatal visit."""

    visit_date: date = Field(description="Day of the visit; selects the law")
    days: int = Field(ge=1, description="Working days off for this visit")
    visits_taken: int = Field(default=0, ge=0, description="Paid visits already taken")
    far_or_abnormal: bool = Field(
        default=False, description="Far from the clinic, or a pathological/abnormal pregnancy"
    )

    def law_date(self) -> date:
        """The law in force on the day of the visit applies."""
        return self.visit_date


@benefit("maternity_prenatal_visit", "Maternity leave for a prenatal visit", PrenatalVisitCase)
def maternity_prenatal_visit(case: PrenatalVisitCase, calc: Calculation) -> Outcome:
    """Days off (up to the per-visit maximum) × monthly allowance / 24."""
    rule = calc.table("maternity/prenatal_visits")
    visits = int(table_number(rule, "visits"))
    calc.require(
        "visits_left",
        case.visits_taken < visits,
        f"All {visits} paid prenatal visits have been taken.",
    )
    if not calc.eligible:
        return refused()
    key = "days_per_visit_far_or_abnormal" if case.far_or_abnormal else "days_per_visit"
    days = _prescribed(calc, table_number(rule, key), case.days)
    monthly = monthly_allowance(calc, case.history, case.visit_date)
    return refused() if monthly is None else _day_outcome(calc, monthly, days, "working_day")


class MiscarriageCase(BirthCase):
    """A miscarriage, abortion, stillbirth or ectopic pregnancy."""

    event_date: date = Field(description="Day of the miscarriage; selects the law")
    gestation_weeks: int = Field(ge=0, description="Completed weeks of pregnancy")
    days: int | None = Field(default=None, ge=1, description="Days prescribed; default: maximum")

    def law_date(self) -> date:
        """The law in force on the day of the event applies."""
        return self.event_date


def _as_birth(calc: Calculation, case: MiscarriageCase) -> bool:
    """L41 Art. 52.2: 22 weeks or more, with the childbirth conditions met."""
    if not rule_in_force(calc, AS_BIRTH) or case.gestation_weeks < calc.number(AS_BIRTH):
        return False
    return birth_routes(calc, case, case.event_date)[0]


@benefit(
    "maternity_miscarriage", "Maternity leave after a miscarriage or stillbirth", MiscarriageCase
)
def maternity_miscarriage(case: MiscarriageCase, calc: Calculation) -> Outcome:
    """Prescribed days (maximum by weeks) × monthly / 30, or the birth leave under Art. 52.2."""
    monthly = monthly_allowance(calc, case.history, case.event_date)
    if monthly is None:
        return refused()
    if _as_birth(calc, case):
        table = calc.table("maternity/childbirth_leave_months")
        months = birth_leave_months(calc, table, 1, False)
        leave = calc.amount("amount", to_vnd(monthly * months), f"{months} × {fmt_vnd(monthly)}")
        return Outcome(
            amount=to_vnd(leave),
            unit="VND",
            outputs={
                "monthly_allowance": to_vnd(monthly),
                "treated_as_birth": True,
                "leave_months": months,
            },
        )
    maximum = band_value(
        calc.table("maternity/miscarriage_leave_days"), Decimal(case.gestation_weeks)
    )
    days = _prescribed(calc, maximum, case.days)
    return _day_outcome(calc, monthly, days, "calendar_day")


class ContraceptionCase(InsuredCase):
    """Leave after a contraceptive procedure at a medical facility."""

    procedure_date: date = Field(description="Day of the procedure; selects the law")
    method: Literal["iud", "sterilisation"]
    days: int | None = Field(default=None, ge=1, description="Days prescribed; default: maximum")

    def law_date(self) -> date:
        """The law in force on the day of the procedure applies."""
        return self.procedure_date


@benefit("maternity_contraception", "Maternity leave after contraception", ContraceptionCase)
def maternity_contraception(case: ContraceptionCase, calc: Calculation) -> Outcome:
    """Prescribed days (IUD ≤ 7, sterilisation ≤ 15) × monthly allowance / 30."""
    maximum = table_number(calc.table("maternity/contraception_leave_days"), case.method)
    days = _prescribed(calc, maximum, case.days)
    monthly = monthly_allowance(calc, case.history, case.procedure_date)
    return refused() if monthly is None else _day_outcome(calc, monthly, days, "calendar_day")
