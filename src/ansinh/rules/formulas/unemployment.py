"""Unemployment benefit (trợ cấp thất nghiệp): eligibility, amount, duration and waiting days.

The termination date selects the law: Law 38/2013/QH13 up to 2025-12-31, Law 74/2025/QH15 from
2026-01-01. Month counting: the qualifying window and the salary average end with the month of
termination (its contribution counts when it was paid). `contributions` holds the UI months not
yet used by an earlier benefit; months reserved from earlier claims go in `carried_forward_months`.

Working days are the weekdays of `unemployment/working_weekdays` minus the dates the caller lists in
`public_holidays`; no holiday calendar is built in. A filing deadline that falls on a day off moves
to the next working day (Civil Code 2015 Art. 148.5).

Rounding: the law is silent; the monthly benefit and its health insurance premium are rounded
half-up to the whole dong, the salary average is kept exact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.formulas.common import PayType, WageRegion, named_basis
from ansinh.rules.history import (
    Month,
    Period,
    add_months,
    average_salary,
    expand,
    month_start,
    same_day_months_later,
    window,
)
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.store import Scalar
from ansinh.rules.trace import Calculation

ContractType = Literal["indefinite", "definite", "seasonal"]
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class UnemploymentCase(Case):
    """A worker whose labour contract ended and who claims the unemployment benefit."""

    termination_date: date = Field(description="Day the labour contract ended; selects the law")
    filing_date: date = Field(description="Day the complete claim was lodged")
    contract_type: ContractType = Field(
        default="indefinite", description="indefinite, definite (fixed term) or seasonal"
    )
    contract_months: int | None = Field(
        default=None, ge=0, description="Term of a definite or seasonal contract, in months"
    )
    termination_lawful: bool = Field(
        default=True, description="False if the employee quit unilaterally and unlawfully"
    )
    receiving_pension: bool = Field(
        default=False, description="Drawing a pension or monthly loss-of-capacity allowance"
    )
    pension_eligible: bool = Field(
        default=False, description="Meets the pension conditions (a bar under Law 74/2025)"
    )
    contributions: list[Period] = Field(description="UI contribution history, unused months")
    pay_type: PayType = "employer_set"
    wage_region: WageRegion = Field(default="I", description="Region of the last workplace")
    carried_forward_months: int = Field(
        default=0, ge=0, description="UI months reserved from earlier periods or claims"
    )
    public_holidays: list[date] = Field(
        default_factory=list, description="Public holidays to skip when counting working days"
    )
    new_job_start: date | None = Field(default=None, description="Start of a new job, if any")

    @model_validator(mode="after")
    def _consistent(self) -> UnemploymentCase:
        if self.filing_date < self.termination_date:
            raise ValueError("filing_date is before termination_date")
        if self.contract_type != "indefinite" and self.contract_months is None:
            raise ValueError("contract_months is required for a definite or seasonal contract")
        return self

    def law_date(self) -> date:
        """The entitlement arises when the contract ends."""
        return self.termination_date


@dataclass(frozen=True)
class WorkingCalendar:
    """Working weekdays minus listed public holidays."""

    weekdays: frozenset[str]
    holidays: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        """True if `day` is a working weekday and not a listed holiday."""
        return WEEKDAY_NAMES[day.weekday()] in self.weekdays and day not in self.holidays

    def working_days(self, start: date, count: int) -> list[date]:
        """The first `count` working days on or after `start`."""
        days: list[date] = []
        day = start
        while len(days) < count:
            if self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days


def _working_calendar(calc: Calculation, case: UnemploymentCase) -> WorkingCalendar:
    weekdays = calc.law("unemployment/working_weekdays")
    if not isinstance(weekdays, list):
        raise TypeError("unemployment/working_weekdays is not a list")
    return WorkingCalendar(frozenset(str(d) for d in weekdays), frozenset(case.public_holidays))


def _whole(table: dict[str, Scalar], key: str) -> int:
    """An integer entry of a table parameter."""
    return int(table[key])


EXCLUSIONS: dict[str, tuple[Callable[[UnemploymentCase], bool], str]] = {
    "unlawful_termination": (
        lambda case: not case.termination_lawful,
        "The employee ended the contract unilaterally and unlawfully, which bars the benefit.",
    ),
    "receiving_pension": (
        lambda case: case.receiving_pension,
        "The claimant already draws a pension or a monthly loss-of-working-capacity allowance, "
        "which bars the benefit.",
    ),
    "eligible_for_pension": (
        lambda case: case.pension_eligible,
        "The claimant already meets the conditions for a pension, which bars the benefit under "
        "the law in force at termination.",
    ),
}


def _check_exclusions(calc: Calculation, case: UnemploymentCase) -> None:
    names = calc.law("unemployment/exclusions")
    if not isinstance(names, list):
        raise TypeError("unemployment/exclusions is not a list")
    for name in map(str, names):
        if name not in EXCLUSIONS:
            raise ValueError(f"unknown exclusion {name!r} in unemployment/exclusions")
        applies, reason = EXCLUSIONS[name]
        calc.require(f"not_{name}", not applies(case), reason)


def _is_short_contract(calc: Calculation, case: UnemploymentCase) -> bool:
    """Check the contract is covered; return True if it is a short (or seasonal) contract."""
    if case.contract_type == "indefinite" or case.contract_months is None:
        return False
    rule = calc.table("unemployment/covered_contracts")
    minimum = _whole(rule, "minimum_months")
    calc.require(
        "contract_covered",
        case.contract_months >= minimum,
        f"A {case.contract_months}-month contract is not covered by unemployment insurance: "
        f"the law in force on {case.termination_date} covers contracts of {minimum} months or "
        "more.",
    )
    return case.contract_type == "seasonal" or case.contract_months < _whole(
        rule, "short_contract_below_months"
    )


def _check_qualifying(
    calc: Calculation, case: UnemploymentCase, months: Sequence[Month], short: bool
) -> None:
    rule = calc.table("unemployment/qualifying_contributions")
    required = _whole(rule, "required_months")
    span = _whole(rule, "short_contract_window_months" if short else "window_months")
    after_termination = add_months(case.termination_date, 1)
    counted = calc.amount(
        "ui_months_in_window",
        len(window(months, before=after_termination, count=span)),
        f"UI months from {add_months(after_termination, -span):%Y-%m} "
        f"to {month_start(case.termination_date):%Y-%m}",
    )
    calc.require(
        "qualifying_contributions",
        counted >= required,
        f"Only {counted} months of UI contributions in the {span} months up to termination; "
        f"{required} are needed.",
    )


def _filing_deadline(calc: Calculation, case: UnemploymentCase, working: WorkingCalendar) -> date:
    months = int(calc.number("unemployment/filing_deadline_months"))
    deadline = working.working_days(same_day_months_later(case.termination_date, months), 1)[0]
    calc.require(
        "filed_in_time",
        case.filing_date <= deadline,
        f"The claim was filed on {case.filing_date}, after the deadline of {deadline} "
        f"({months} months after termination).",
    )
    return deadline


@dataclass(frozen=True)
class Waiting:
    """The working days of waiting after filing, and the first day the benefit is paid for."""

    days: list[date]
    first_paid_day: date


def _waiting_period(calc: Calculation, case: UnemploymentCase, working: WorkingCalendar) -> Waiting:
    waiting = int(calc.number("unemployment/waiting_working_days"))
    counts_filing_day = calc.law("unemployment/waiting_count_starts_on_filing_day") is True
    start = case.filing_date if counts_filing_day else case.filing_date + timedelta(days=1)
    *days, first_paid_day = working.working_days(start, waiting + 1)
    if case.new_job_start is not None:
        calc.require(
            "still_unemployed",
            case.new_job_start > days[-1],
            f"A new job started on {case.new_job_start}, within the {waiting} working days "
            f"of waiting that end on {days[-1]}.",
        )
    return Waiting(days, first_paid_day)


def _monthly_benefit(
    calc: Calculation, case: UnemploymentCase, months: Sequence[Month]
) -> tuple[Decimal, Decimal, int]:
    """The average salary, the cap and the monthly benefit."""
    recent = list(months[-int(calc.number("unemployment/average_salary_months")) :])
    average = calc.amount(
        "average_ui_salary",
        average_salary(recent),
        "average of " + ", ".join(f"{m.month:%Y-%m} {fmt_vnd(m.salary)}" for m in recent),
    )
    rate = calc.number("unemployment/benefit_rate")
    salaries = sum((m.salary for m in recent), Decimal(0))
    uncapped = calc.amount(
        "benefit_before_cap",
        rate * salaries / max(len(recent), 1),
        f"{rate} × {fmt_vnd(salaries)} / {len(recent)} (multiplied before dividing)",
    )
    cap_rule = calc.table("unemployment/benefit_cap")
    multiplier = Decimal(str(cap_rule["multiplier"]))
    basis_name = str(cap_rule[case.pay_type])
    basis = named_basis(calc, basis_name, case.wage_region)
    cap = calc.amount(
        "benefit_cap", multiplier * basis, f"{multiplier} × {basis_name} {fmt_vnd(basis)}"
    )
    monthly = to_vnd(
        calc.amount(
            "monthly_benefit",
            to_vnd(min(uncapped, cap)),
            f"min({fmt_vnd(uncapped)}, {fmt_vnd(cap)}), rounded half-up",
        )
    )
    return average, cap, monthly


@dataclass(frozen=True)
class Duration:
    """Benefit months earned, and contribution months used and carried forward."""

    contribution_months: int
    benefit_months: int
    used: int
    carried_forward: int


def _duration(calc: Calculation, total: int) -> Duration:
    rule = calc.table("unemployment/benefit_duration")
    base = _whole(rule, "base_contribution_months")
    base_months = _whole(rule, "base_benefit_months")
    per_month = _whole(rule, "contribution_months_per_extra_month")
    extra = max(total - base, 0) // per_month
    months = min(base_months + extra, _whole(rule, "max_benefit_months"))
    calc.amount(
        "benefit_months",
        months,
        f"min({base_months} + ({total} - {base}) // {per_month}, maximum)"
        if total > base
        else f"{base_months} for up to {base} contribution months",
    )
    used = calc.amount(
        "contribution_months_used",
        min(total, base + (months - base_months) * per_month),
        f"min({total}, {base} + ({months} - {base_months}) × {per_month})",
    )
    return Duration(total, months, int(used), total - int(used))


def _insured_months(case: UnemploymentCase) -> list[Month]:
    """UI-insured months up to and including the month of termination, oldest first."""
    last = month_start(case.termination_date)
    return [m for m in expand(case.contributions) if m.unemployment_insured and m.month <= last]


@benefit("unemployment", "Unemployment benefit (trợ cấp thất nghiệp)", UnemploymentCase)
def unemployment(case: UnemploymentCase, calc: Calculation) -> Outcome:
    """Monthly benefit, months of benefit, waiting days and first paid day."""
    _check_exclusions(calc, case)
    short = _is_short_contract(calc, case)
    months = _insured_months(case)
    _check_qualifying(calc, case, months, short)
    working = _working_calendar(calc, case)
    deadline = _filing_deadline(calc, case, working)
    waiting = _waiting_period(calc, case, working)
    average, cap, monthly = _monthly_benefit(calc, case, months)
    total = calc.amount(
        "contribution_months",
        len(months) + case.carried_forward_months,
        f"{len(months)} UI months + {case.carried_forward_months} carried forward",
    )
    duration = _duration(calc, int(total))
    hi_rate = calc.number("health/premium_rate", key="ui_beneficiary")
    hi = to_vnd(calc.amount("hi_premium", hi_rate * monthly, f"{hi_rate} × {fmt_vnd(monthly)}"))
    return Outcome(
        amount=monthly,
        unit="VND/month",
        outputs={
            "monthly_benefit": monthly,
            "average_salary": to_vnd(average),
            "benefit_cap": to_vnd(cap),
            "benefit_months": duration.benefit_months,
            "total_benefit": monthly * duration.benefit_months,
            "contribution_months": duration.contribution_months,
            "contribution_months_used": duration.used,
            "months_carried_forward": duration.carried_forward,
            "short_contract": short,
            "filing_deadline": deadline.isoformat(),
            "waiting_working_days": len(waiting.days),
            "waiting_period": [waiting.days[0].isoformat(), waiting.days[-1].isoformat()],
            "first_paid_day": waiting.first_paid_day.isoformat(),
            "public_holidays_skipped": sorted(
                d.isoformat()
                for d in case.public_holidays
                if waiting.days[0] <= d <= waiting.first_paid_day
            ),
            "hi_premium_paid_by_ui_fund": hi,
            "note": "Working days are Monday to Friday; only the public holidays listed in the "
            "case are skipped.",
        },
    )
