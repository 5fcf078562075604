"""Survivors' benefits: funeral grant, monthly survivor allowance, lump-sum survivor allowance.

Law 41/2024/QH15 Art. 84–93, 109–110 for deaths from 2025-07-01; Law 58/2014/QH13 Art. 66–71,
80–81 before. The law of the date of death applies (L41 Art. 5.7); the reference level (base
salary before) is read for the month that each amount names: the month of death for the funeral
grant, the month paid for the monthly allowance.

Rounding: the law is silent; every named amount is rounded half-up to the whole dong.

Inputs the rules take as given rather than derive:
- the contribution months before 2014 and from 2014 for the lump sum, and its average monthly
  contribution salary (or voluntary income), already revalued, as `average_monthly_salary`; without
  it, the average is computed from the deceased's `history` as for a pension (employer-set
  compulsory months before the month of death, each year revalued with the table of the year of
  death: `old_age_history`);
- "at pension age" of a spouse, parent or other dependant, as a boolean (L58 fixed it at 55 for
  women and 60 for men; L41 refers to the pension age);
- each child's birth date: a child born after the death is a posthumous child, paid from the month
  of birth (L41 Art. 87.3); ages are whole years on the first day of the month paid.

Monthly allowance: every dependant test (age, income below the reference level) is made for the
month paid, at that month's reference level. The law caps the dependants at 4 without saying who is
chosen: the first 4 qualifying dependants in the order given are paid (a posthumous child not yet
born in the month paid keeps its place). Two or more deaths (double rate, Art. 87) are not modelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.formulas.common import band_value, plain, reference_level, table_number
from ansinh.rules.formulas.old_age_history import revaluation, revalued_average, supported_months
from ansinh.rules.history import (
    Period,
    add_months,
    age_on,
    month_start,
    month_text,
    months_between,
)
from ansinh.rules.money import ZERO, fmt_vnd, to_vnd
from ansinh.rules.store import Scalar
from ansinh.rules.trace import Calculation

Relation = Literal["child", "spouse", "parent", "other"]
LumpSumStatus = Literal["insured", "pensioner"]


# --- funeral grant -------------------------------------------------------------------------------


class FuneralCase(Case):
    """A death, with the deceased's SI record as far as the funeral grant needs it."""

    death_date: date
    compulsory_si_months: int = Field(
        0, ge=0, description="Compulsory SI months, paying or reserved"
    )
    voluntary_si_months: int = Field(0, ge=0, description="Voluntary SI months")
    pensioner: bool = Field(False, description="Was receiving a pension")
    monthly_work_injury_beneficiary: bool = Field(
        False,
        description="Was receiving a monthly work-injury/occupational-disease allowance and had "
        "stopped working",
    )
    death_from_work_injury: bool = Field(
        False,
        description="Died of a work accident or occupational disease, or during its treatment",
    )

    def law_date(self) -> date:
        """The law in force on the date of death."""
        return self.death_date


def _funeral_qualifies(calc: Calculation, case: FuneralCase) -> bool:
    compulsory = calc.number("survivors/funeral_min_compulsory_months")
    voluntary = calc.number("survivors/funeral_min_voluntary_months")
    return calc.require(
        "deceased_qualifies_for_funeral_grant",
        case.compulsory_si_months >= compulsory
        or case.voluntary_si_months >= voluntary
        or case.pensioner
        or case.monthly_work_injury_beneficiary
        or case.death_from_work_injury,
        f"The deceased had {case.compulsory_si_months} months of compulsory SI (at least "
        f"{compulsory} needed) and {case.voluntary_si_months} months of voluntary SI (at least "
        f"{voluntary} needed), was neither a pensioner nor a monthly work-injury beneficiary, "
        "and did not die of a work accident or occupational disease.",
    )


@benefit("funeral_grant", "Funeral grant (trợ cấp mai táng)", FuneralCase)
def funeral_grant(case: FuneralCase, calc: Calculation) -> Outcome:
    """10 × the reference level of the month of death, to whoever arranges the funeral."""
    if not _funeral_qualifies(calc, case):
        return Outcome(amount=None, unit="VND", outputs={})
    multiplier = calc.number("survivors/funeral_multiplier")
    month = month_start(case.death_date)
    rl = reference_level(calc, month)
    grant = calc.amount(
        "funeral_grant",
        multiplier * rl,
        f"{multiplier} × {fmt_vnd(rl)} (reference level in {month_text(month)})",
    )
    return Outcome(amount=to_vnd(grant), unit="VND", outputs={"reference_level": to_vnd(rl)})


# --- monthly survivor allowance ------------------------------------------------------------------


class Dependant(BaseModel):
    """A relative of the deceased, as the monthly survivor allowance looks at them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="A label for the output")
    relation: Relation = Field(
        description="child; spouse; parent (own or in-law); other family member the deceased "
        "was obliged to support"
    )
    birth_date: date | None = Field(None, description="Required for a child")
    capacity_loss_percent: int = Field(0, ge=0, le=100)
    at_pension_age: bool = Field(
        False, description="Spouse, parent, other: has reached pension age"
    )
    monthly_income: int = Field(0, ge=0, description="Own monthly income, VND")
    has_direct_carer: bool = Field(True, description="False: nobody directly cares for them")

    @model_validator(mode="after")
    def _child_has_birth_date(self) -> Dependant:
        if self.relation == "child" and self.birth_date is None:
            raise ValueError("a child needs a birth_date")
        return self


class SurvivorMonthlyCase(Case):
    """A death and the relatives who may receive the monthly survivor allowance, in order."""

    death_date: date
    compulsory_si_months: int = Field(
        0, ge=0, description="Compulsory SI months not taken as a one-time withdrawal"
    )
    pensioner: bool = False
    death_from_work_injury: bool = False
    work_injury_capacity_loss_percent: int | None = Field(
        None, ge=0, le=100, description="Capacity loss of a monthly work-injury allowance received"
    )
    dependants: list[Dependant] = Field(min_length=1)
    payment_month: date | None = Field(
        None, description="Month to compute (any day of it); default: the month after death"
    )

    @model_validator(mode="after")
    def _paid_after_death(self) -> SurvivorMonthlyCase:
        if self.payment_month and month_start(self.payment_month) <= month_start(self.death_date):
            raise ValueError("payment_month must be after the month of death")
        return self

    def law_date(self) -> date:
        """The law in force on the date of death."""
        return self.death_date

    def month_paid(self) -> date:
        """The first day of the month computed."""
        return month_start(self.payment_month or add_months(self.death_date, 1))


def _deceased_qualifies(calc: Calculation, case: SurvivorMonthlyCase) -> bool:
    years = calc.number("survivors/monthly_min_contribution_years")
    loss = calc.number("survivors/monthly_min_work_injury_capacity_loss")
    injury_loss = case.work_injury_capacity_loss_percent
    return calc.require(
        "deceased_qualifies_for_monthly_allowance",
        case.compulsory_si_months >= years * 12
        or case.pensioner
        or case.death_from_work_injury
        or (injury_loss is not None and injury_loss >= loss),
        f"The deceased had {case.compulsory_si_months} months of compulsory SI (at least "
        f"{years} whole years needed), was not a pensioner, did not die of a work accident or "
        f"occupational disease and did not receive a monthly work-injury allowance at {loss}% "
        "capacity loss or more.",
    )


@dataclass(frozen=True)
class _DependantRules:
    """The limits a dependant is measured against, read once per calculation."""

    child_age_limit: Decimal
    severe_capacity_loss: Decimal
    income_limit: Decimal


@dataclass(frozen=True)
class _DependantLine:
    """One dependant's result for the month paid."""

    name: str
    qualifies: bool
    basis: str
    paid_from: date
    rate: Decimal
    amount: int

    def output(self) -> dict[str, object]:
        """The line as the outputs show it."""
        return {
            "name": self.name,
            "qualifies": self.qualifies,
            "basis": self.basis,
            "paid_from": self.paid_from.isoformat(),
            "rate": plain(self.rate),
            "monthly_amount": self.amount,
        }


def _dependant_rules(calc: Calculation, rl: Decimal) -> _DependantRules:
    return _DependantRules(
        child_age_limit=calc.number("survivors/child_age_limit"),
        severe_capacity_loss=calc.number("survivors/dependant_min_capacity_loss"),
        income_limit=rl,
    )


def _child_status(rules: _DependantRules, dependant: Dependant, month: date) -> tuple[bool, str]:
    birth = dependant.birth_date or month
    if birth > month:
        return True, f"posthumous child born {birth.isoformat()}"
    age = age_on(birth, month)
    loss, severe, limit = (
        dependant.capacity_loss_percent,
        rules.severe_capacity_loss,
        rules.child_age_limit,
    )
    if age < limit:
        return True, f"child aged {age}, under {limit}"
    if loss >= severe:
        return True, f"child aged {age} with {loss}% capacity loss (at least {severe}%)"
    return False, f"child aged {age} (not under {limit}) with {loss}% capacity loss (< {severe}%)"


def _adult_status(rules: _DependantRules, dependant: Dependant) -> tuple[bool, str]:
    loss, severe, income = (
        dependant.capacity_loss_percent,
        rules.severe_capacity_loss,
        dependant.monthly_income,
    )
    if not (dependant.at_pension_age or loss >= severe):
        return (
            False,
            f"{dependant.relation} below pension age with {loss}% capacity loss (< {severe}%)",
        )
    if income >= rules.income_limit:
        return False, (
            f"{dependant.relation} with monthly income {fmt_vnd(income)}, not below the "
            f"reference level {fmt_vnd(rules.income_limit)}"
        )
    basis = "at pension age" if dependant.at_pension_age else f"with {loss}% capacity loss"
    return True, f"{dependant.relation} {basis}, income below {fmt_vnd(rules.income_limit)}"


def _paid_from(dependant: Dependant, death_date: date) -> date:
    """Month after death, or a posthumous child's month of birth."""
    birth = dependant.birth_date
    return month_start(birth) if birth and birth > death_date else add_months(death_date, 1)


def _dependant_lines(
    calc: Calculation, case: SurvivorMonthlyCase, rl: Decimal
) -> list[_DependantLine]:
    """Each dependant's status and amount for the month paid; the first qualifying ones count."""
    month = case.month_paid()
    rules = _dependant_rules(calc, rl)
    rates = calc.table("survivors/monthly_rate")
    cap = calc.number("survivors/monthly_max_dependants")
    lines: list[_DependantLine] = []
    for index, dependant in enumerate(case.dependants, start=1):
        qualifies, basis = (
            _child_status(rules, dependant, month)
            if dependant.relation == "child"
            else _adult_status(rules, dependant)
        )
        if qualifies and sum(line.qualifies for line in lines) >= cap:
            qualifies, basis = False, f"{basis}; beyond the first {cap} qualifying dependants"
        paid_from = _paid_from(dependant, case.death_date)
        if qualifies and paid_from > month:
            basis = f"{basis}; paid from {month_text(paid_from)}"
        paid = qualifies and paid_from <= month
        rate = table_number(rates, "with_carer" if dependant.has_direct_carer else "without_carer")
        amount = calc.amount(
            f"dependant_{index}_{dependant.name}",
            rate * rl if paid else ZERO,
            f"{rate} × {fmt_vnd(rl)} ({basis})" if paid else f"0 ({basis})",
        )
        lines.append(
            _DependantLine(
                dependant.name,
                qualifies,
                basis,
                paid_from,
                rate if qualifies else ZERO,
                to_vnd(amount),
            )
        )
    return lines


@benefit(
    "survivor_monthly", "Monthly survivor allowance (trợ cấp tuất hằng tháng)", SurvivorMonthlyCase
)
def survivor_monthly(case: SurvivorMonthlyCase, calc: Calculation) -> Outcome:
    """50% (70% with no direct carer) × the reference level per dependant, at most 4 dependants."""
    if not _deceased_qualifies(calc, case):
        return Outcome(amount=None, unit="VND/month", outputs={})
    month = case.month_paid()
    rl = reference_level(calc, month)
    lines = _dependant_lines(calc, case, rl)
    reasons = "; ".join(f"{line.name}: {line.basis}" for line in lines)
    if not calc.require(
        "a_dependant_qualifies",
        any(line.qualifies for line in lines),
        f"No relative qualifies as a dependant: {reasons}.",
    ):
        return Outcome(amount=None, unit="VND/month", outputs={})
    amounts = [line.amount for line in lines]
    total = calc.amount("total_monthly", sum(amounts), " + ".join(fmt_vnd(a) for a in amounts))
    return Outcome(
        amount=to_vnd(total),
        unit="VND/month",
        outputs={
            "payment_month": month.isoformat(),
            "starts": add_months(case.death_date, 1).isoformat(),
            "reference_level": to_vnd(rl),
            "dependant_amounts": amounts,
            "dependants": [line.output() for line in lines],
        },
    )


# --- lump-sum survivor allowance -----------------------------------------------------------------


class SurvivorLumpSumCase(Case):
    """A death and what the lump-sum survivor allowance is computed from."""

    death_date: date
    status: LumpSumStatus = Field(
        "insured", description="insured: paying or reserved SI; pensioner: receiving a pension"
    )
    average_monthly_salary: int | None = Field(
        None, ge=0, description="Insured: average monthly contribution salary (or income), VND"
    )
    history: list[Period] = Field(
        default_factory=list,
        description="Insured: the deceased's contribution history, averaged (revalued) when "
        "`average_monthly_salary` is not given",
    )
    months_before_2014: int = Field(0, ge=0, description="Insured: contribution months before 2014")
    months_from_2014: int = Field(0, ge=0, description="Insured: contribution months from 2014")
    voluntary_only: bool = Field(False, description="Insured: only ever paid voluntary SI")
    amount_contributed: int | None = Field(
        None, ge=0, description="Voluntary only: total amount contributed, VND"
    )
    monthly_pension: int | None = Field(
        None, ge=0, description="Pensioner: pension being paid, VND"
    )
    pension_start: date | None = Field(None, description="Pensioner: first month of the pension")

    @model_validator(mode="after")
    def _inputs_for_status(self) -> SurvivorLumpSumCase:
        if self.status == "pensioner":
            if self.monthly_pension is None or self.pension_start is None:
                raise ValueError("a pensioner needs monthly_pension and pension_start")
            if month_start(self.pension_start) > month_start(self.death_date):
                raise ValueError("pension_start is after the death")
        elif self.average_monthly_salary is None and not self.history:
            raise ValueError("an insured person needs average_monthly_salary or a history")
        if self.voluntary_only and self.amount_contributed is None:
            raise ValueError("voluntary_only needs amount_contributed")
        return self

    def law_date(self) -> date:
        """The law in force on the date of death."""
        return self.death_date


def _years_for_amount(
    calc: Calculation, name: str, months: int, odd_table: dict[str, Scalar]
) -> Decimal:
    """Whole years plus the odd months' share of a year (L41 Art. 5.6)."""
    whole, odd = divmod(months, 12)
    odd_years = band_value(odd_table, odd, below=ZERO)
    return calc.amount(
        name,
        whole + odd_years,
        f"{months} months = {whole} years + {odd} odd months counted as {plain(odd_years)}",
    )


def _year_blocks(calc: Calculation, case: SurvivorLumpSumCase) -> tuple[Decimal, Decimal]:
    """Years before 2014 and from 2014, after moving odd pre-2014 months forward if the law does."""
    before, after = case.months_before_2014, case.months_from_2014
    if calc.law("survivors/lump_sum_odd_months_before_2014_move_forward") is True:
        odd = before % 12
        calc.amount("odd_months_moved_to_2014", odd, f"{before} months before 2014 modulo 12")
        before, after = before - odd, after + odd
    odd_table = calc.table("general/odd_months_as_years")
    return (
        _years_for_amount(calc, "years_before_2014", before, odd_table),
        _years_for_amount(calc, "years_from_2014", after, odd_table),
    )


def _insured_lump_sum(calc: Calculation, case: SurvivorLumpSumCase) -> tuple[Decimal, Decimal]:
    """Months of average salary and the lump sum of an insured person."""
    per_year = calc.table("survivors/lump_sum_months_per_year")
    early, late = table_number(per_year, "before_2014"), table_number(per_year, "from_2014")
    minimum = calc.number("survivors/lump_sum_minimum_months")
    years_before, years_from = _year_blocks(calc, case)
    months = calc.amount(
        "salary_months",
        max(years_before * early + years_from * late, minimum),
        f"max({years_before} × {early} + {years_from} × {late}, {minimum})",
    )
    average = _average(calc, case)
    if average is None:
        return months, ZERO
    return months, calc.amount(
        "lump_sum", months * average, f"{plain(months)} × {fmt_vnd(average)}"
    )


def _average(calc: Calculation, case: SurvivorLumpSumCase) -> Decimal | None:
    """The average salary given, or the history's revalued as for a pension (None if refused)."""
    if case.average_monthly_salary is not None:
        return Decimal(case.average_monthly_salary)
    months = supported_months(calc, case.history, case.death_date)
    coefficients = revaluation(calc, case.death_date)
    if not calc.require(
        "contributions_before_death", bool(months), "No contribution month before the death."
    ):
        return None
    if coefficients is None or not calc.eligible:
        return None
    return revalued_average(calc, months, coefficients)


def _pensioner_lump_sum(calc: Calculation, case: SurvivorLumpSumCase) -> tuple[Decimal, Decimal]:
    """Months of pension and the lump sum of a deceased pensioner."""
    rule = calc.table("survivors/pensioner_lump_sum")
    full, within = table_number(rule, "full_months"), table_number(rule, "full_within_months")
    cut, minimum = table_number(rule, "reduction_per_month"), table_number(rule, "minimum_months")
    received = months_between(case.pension_start or case.death_date, case.death_date)
    later = max(received - within, ZERO)
    months = calc.amount(
        "pension_months",
        max(full - cut * later, minimum),
        f"max({full} − {cut} × {later} months after the first {within}, {minimum}); "
        f"{received} months of pension received",
    )
    pension = Decimal(case.monthly_pension or 0)
    return months, calc.amount(
        "lump_sum", months * pension, f"{plain(months)} × {fmt_vnd(pension)}"
    )


def _contributed_rule_applies(calc: Calculation, case: SurvivorLumpSumCase) -> bool:
    if not case.voluntary_only:
        return False
    below = calc.number("survivors/voluntary_contributed_below_months")
    return case.months_before_2014 + case.months_from_2014 < below


@benefit(
    "survivor_lump_sum", "Lump-sum survivor allowance (trợ cấp tuất một lần)", SurvivorLumpSumCase
)
def survivor_lump_sum(case: SurvivorLumpSumCase, calc: Calculation) -> Outcome:
    """Per-year months of average salary (insured), months of pension, or the amount contributed."""
    if case.status == "pensioner":
        rule, (months, amount) = "pension_months", _pensioner_lump_sum(calc, case)
    elif _contributed_rule_applies(calc, case):
        contributed = Decimal(case.amount_contributed or 0)
        rule, months = "amount_contributed", ZERO
        amount = calc.amount(
            "lump_sum",
            contributed,
            f"amount contributed {fmt_vnd(contributed)} (voluntary SI only, "
            f"{case.months_before_2014 + case.months_from_2014} months)",
        )
    else:
        rule, (months, amount) = "salary_months", _insured_lump_sum(calc, case)
    return Outcome(
        amount=to_vnd(amount), unit="VND", outputs={"rule": rule, "months": plain(months)}
    )
