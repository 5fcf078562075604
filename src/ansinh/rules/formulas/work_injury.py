"""Work injury and occupational disease benefits (OSH Law 84/2015/QH13 Art. 45–54).

The law of the injury date applies (the accident, or the diagnosis of the occupational disease).
The OSH law's "base salary" is the reference level (L41 Art. 141.13); the SI law changes of
2025-07-01 do not change these amounts.

Choices where the fact sheet is silent:
- Reference level month: the lump sum and the monthly allowance use the reference level of the month
  the benefit starts (`benefit_start`: the month treatment ended or the assessment month, OSH
  Art. 56 as recalled), defaulting to the injury month; the death lump sum uses the month of death.
- Years in the fund: `fund_months` is counted in whole 12-month years; up to one whole year earns
  the first-year seniority share, each further whole year the per-year share, and odd months are
  dropped (the law speaks only of "each further year").
- Convalescence: days granted above the band's maximum are cut to it (not refused); the reference
  level is the one in force on the first day of convalescence.

Rounding: the law is silent; every named amount is rounded half-up to the whole dong, and a total
is the sum of its rounded parts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.formulas.common import band_value, plain, reference_level, table_number
from ansinh.rules.history import month_start
from ansinh.rules.money import ZERO, fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation

Cause = Literal["work_accident", "occupational_disease"]
ServiceCondition = Literal[
    "spinal_paralysis", "blind_both_eyes", "two_limbs_lost_or_paralysed", "mental_illness"
]


class WorkInjuryCase(Case):
    """A work accident or occupational disease, its assessment and the worker's fund record."""

    injury_date: date = Field(description="Date of the accident or of the disease's diagnosis")
    cause: Cause
    capacity_loss_percent: int | None = Field(
        None, ge=0, le=100, description="Assessed capacity loss; may be absent if the worker died"
    )
    contribution_salary: int = Field(
        0,
        ge=0,
        description="Salary paid into the fund in the month before the injury month (that month "
        "itself if injured in the first month of contributing or on return after a gap), VND",
    )
    fund_months: int = Field(0, ge=0, description="Months contributed to the work-injury fund")
    benefit_start: date | None = Field(
        None,
        description="Month the benefit starts (end of treatment or assessment); default: injury",
    )
    service_condition: ServiceCondition | None = Field(
        None, description="Severe condition that may give the service allowance"
    )
    died: bool = Field(
        False, description="Died of it at work, during the first treatment or before assessment"
    )
    death_date: date | None = Field(None, description="Default: the injury date")

    @model_validator(mode="after")
    def _consistent(self) -> WorkInjuryCase:
        if not self.died and self.capacity_loss_percent is None:
            raise ValueError("capacity_loss_percent is required unless the worker died")
        if self.death_date and (not self.died or self.death_date < self.injury_date):
            raise ValueError("death_date needs died=true and may not precede the injury")
        if self.benefit_start and month_start(self.benefit_start) < month_start(self.injury_date):
            raise ValueError("benefit_start may not precede the injury month")
        return self

    def law_date(self) -> date:
        """The law in force on the injury (or diagnosis) date."""
        return self.injury_date

    def reference_month(self) -> date:
        """The month whose reference level the lump sum or monthly allowance uses."""
        return month_start(self.benefit_start or self.injury_date)


def _times(calc: Calculation, name: str, factor: Decimal, base: Decimal, formula: str) -> int:
    """Record factor × base under `name` and return it rounded to the dong."""
    return to_vnd(calc.amount(name, factor * base, f"{formula} × {fmt_vnd(base)}"))


def _scale(calc: Calculation, file: str, loss: int, start: Decimal) -> tuple[Decimal, str]:
    """The capacity factor at_start + per_extra_percent × (loss − start), with its formula."""
    rate = calc.table(file)
    at_start, per = table_number(rate, "at_start"), table_number(rate, "per_extra_percent")
    return at_start + per * (loss - start), f"({at_start} + {per} × ({loss} − {start}))"


def _extra_years(calc: Calculation, fund_months: int) -> Decimal:
    """Whole years in the fund after the first one (odd months dropped)."""
    return calc.amount(
        "extra_years_in_fund",
        max(fund_months // 12 - 1, 0),
        f"max(whole years in {fund_months} months − 1, 0)",
    )


def _seniority(calc: Calculation, file: str, case: WorkInjuryCase) -> int:
    """The seniority part: (first_year + per_extra_year × extra years) × the salary."""
    share = calc.table(file)
    first, per = table_number(share, "first_year"), table_number(share, "per_extra_year")
    extra = _extra_years(calc, case.fund_months)
    return _times(
        calc,
        "seniority_part",
        first + per * extra,
        Decimal(case.contribution_salary),
        f"({first} + {per} × {extra})",
    )


def _lump_sum(calc: Calculation, case: WorkInjuryCase, loss: int, start: Decimal) -> Outcome:
    rl = reference_level(calc, case.reference_month())
    factor, formula = _scale(calc, "work_injury/lump_sum_rate", loss, start)
    capacity = _times(calc, "capacity_part", factor, rl, formula)
    seniority = _seniority(calc, "work_injury/lump_sum_seniority", case)
    total = calc.amount(
        "lump_sum", capacity + seniority, f"{fmt_vnd(capacity)} + {fmt_vnd(seniority)}"
    )
    return Outcome(
        amount=to_vnd(total),
        unit="VND",
        outputs={
            "kind": "lump_sum",
            "reference_level": to_vnd(rl),
            "capacity_part": capacity,
            "seniority_part": seniority,
        },
    )


def _service_allowance(calc: Calculation, case: WorkInjuryCase, loss: int, rl: Decimal) -> int:
    """1 × the reference level a month at 81%+ with a listed severe condition, else 0."""
    if case.service_condition is None:
        return 0
    rule = calc.table("work_injury/service_allowance")
    minimum, multiplier = table_number(rule, "min_capacity_loss"), table_number(rule, "multiplier")
    if loss < minimum:
        calc.amount("service_allowance", ZERO, f"0 (capacity loss {loss}% < {minimum}%)")
        return 0
    return _times(calc, "service_allowance", multiplier, rl, f"{multiplier}")


def _monthly(calc: Calculation, case: WorkInjuryCase, loss: int, start: Decimal) -> Outcome:
    rl = reference_level(calc, case.reference_month())
    factor, formula = _scale(calc, "work_injury/monthly_rate", loss, start)
    capacity = _times(calc, "capacity_part", factor, rl, formula)
    seniority = _seniority(calc, "work_injury/monthly_seniority", case)
    service = _service_allowance(calc, case, loss, rl)
    parts = (capacity, seniority, service)
    total = calc.amount("monthly_allowance", sum(parts), " + ".join(fmt_vnd(p) for p in parts))
    return Outcome(
        amount=to_vnd(total),
        unit="VND/month",
        outputs={
            "kind": "monthly",
            "reference_level": to_vnd(rl),
            "capacity_part": capacity,
            "seniority_part": seniority,
            "service_allowance": service,
        },
    )


def _death_lump_sum(calc: Calculation, case: WorkInjuryCase) -> Outcome:
    multiplier = calc.number("work_injury/death_lump_sum_multiplier")
    month = month_start(case.death_date or case.injury_date)
    rl = reference_level(calc, month)
    amount = _times(calc, "death_lump_sum", multiplier, rl, f"{multiplier}")
    return Outcome(
        amount=amount,
        unit="VND",
        outputs={"kind": "death_lump_sum", "reference_level": to_vnd(rl)},
    )


@benefit("work_injury", "Work injury / occupational disease benefit", WorkInjuryCase)
def work_injury(case: WorkInjuryCase, calc: Calculation) -> Outcome:
    """Lump sum (5–30%), monthly allowance (31%+) or, on death, 36 × the reference level."""
    if case.died:
        return _death_lump_sum(calc, case)
    loss = case.capacity_loss_percent or 0
    minimum = calc.number("work_injury/min_capacity_loss")
    if not calc.require(
        "capacity_loss_at_least_minimum",
        loss >= minimum,
        f"Capacity loss of {loss}% is below the {minimum}% needed for a work-injury benefit.",
    ):
        return Outcome(amount=None, unit="VND", outputs={})
    monthly_from = calc.number("work_injury/monthly_min_capacity_loss")
    if loss < monthly_from:
        return _lump_sum(calc, case, loss, minimum)
    return _monthly(calc, case, loss, monthly_from)


class ConvalescenceCase(Case):
    """Convalescence leave after treatment of a work injury or occupational disease."""

    return_to_work: date = Field(description="First day back at work after treatment")
    start_date: date = Field(description="First day of convalescence")
    days: int = Field(gt=0, description="Days granted by the employer (and union)")
    capacity_loss_percent: int | None = Field(
        None, ge=0, le=100, description="Assessed capacity loss; absent if not yet assessed"
    )

    @model_validator(mode="after")
    def _after_return(self) -> ConvalescenceCase:
        if self.start_date < self.return_to_work:
            raise ValueError("start_date may not precede return_to_work")
        return self

    def law_date(self) -> date:
        """The law and reference level in force on the first day of convalescence."""
        return self.start_date


@benefit(
    "work_injury_convalescence",
    "Convalescence after a work injury or occupational disease",
    ConvalescenceCase,
)
def work_injury_convalescence(case: ConvalescenceCase, calc: Calculation) -> Outcome:
    """30% × the reference level per day, up to the band's maximum days."""
    window = calc.number("work_injury/convalescence_start_window_days")
    day_back = (case.start_date - case.return_to_work).days + 1
    if not calc.require(
        "starts_within_window",
        day_back <= window,
        f"Convalescence starts on day {day_back} back at work; it must start within the first "
        f"{window} days.",
    ):
        return Outcome(amount=None, unit="VND", outputs={})
    loss = case.capacity_loss_percent or 0
    maximum = band_value(calc.table("work_injury/convalescence_max_days"), loss)
    days = calc.amount(
        "days_paid", min(Decimal(case.days), maximum), f"min({case.days}, {maximum})"
    )
    rate = calc.number("work_injury/convalescence_daily_rate")
    daily = _times(calc, "daily_allowance", rate, reference_level(calc), f"{rate}")
    total = calc.amount("convalescence_allowance", days * daily, f"{days} × {fmt_vnd(daily)}")
    return Outcome(
        amount=to_vnd(total),
        unit="VND",
        outputs={
            "days_paid": int(days),
            "max_days": plain(maximum),
            "daily_allowance": daily,
        },
    )
