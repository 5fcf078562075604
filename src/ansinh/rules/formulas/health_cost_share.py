"""Health insurance cost sharing for one visit: what the fund pays and what the patient pays.

The rules, in the order applied (HI Law 25/2008 Art. 22 as amended by Law 46/2014 and Law 51/2024):

1. the card's benefit level gives the fund's share (object code → level → share);
2. commune-level primary care, or a visit costing less than the small-bill threshold (a share of the
   base salary), raise that share to 100%;
3. self-referral outside the referral rules pays that share times the off-route percentage of the
   facility and setting (Art. 22.3 pays "the level of clause 1" at that rate); an emergency is
   always on-route;
4. with enough consecutive years of HI, the patient's co-payments in the calendar year stop at a
   number of months of base salary (never for self-referral); each earlier co-payment counts in
   months of the base salary in force on the day it was paid.

Rounding: the law is silent; the fund's part is rounded half-up to the dong and the patient pays the
rest of the bill.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.formulas.common import reference_level
from ansinh.rules.formulas.health_levels import level_share, normalise_code, object_level, percent
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation

Route = Literal["on_route", "emergency", "self_referral"]
Setting = Literal["outpatient", "inpatient"]
Facility = Literal[
    "central",
    "provincial",
    "district",
    "commune",
    "specialised",
    "basic_formerly_provincial",
    "basic_formerly_district",
    "primary",
]


class CoPayment(BaseModel):
    """A co-payment the patient already made this calendar year."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    paid_on: date
    amount: int = Field(ge=0, description="VND")


class CostShareCase(Case):
    """One visit or stay: the card, the in-scope bill, where and how the patient came."""

    visit_date: date = Field(description="Day of the visit (or discharge); selects the law")
    object_code: str | None = Field(
        default=None, pattern=r"^\s*[A-Za-z]{2}\s*$", description="Two-letter object code"
    )
    benefit_level: int | None = Field(
        default=None, ge=1, description="Benefit level on the card, if no object code is given"
    )
    bill: int = Field(ge=0, description="Costs of this visit within the HI scope, VND")
    setting: Setting = "outpatient"
    route: Route = "on_route"
    facility: Facility | None = Field(
        default=None,
        description="Facility category, needed for self-referral: central / provincial / "
        "district / commune until 2025-06-30, then specialised / basic_formerly_provincial / "
        "basic_formerly_district / primary",
    )
    commune_primary_care: bool = Field(default=False, description="Primary care at commune level")
    five_years_continuous: bool = Field(
        default=False, description="Insured for the required consecutive years (5)"
    )
    co_payments_this_year: list[CoPayment] = Field(default_factory=list)

    @field_validator("object_code")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return None if value is None else normalise_code(value)

    @model_validator(mode="after")
    def _consistent(self) -> CostShareCase:
        if (self.object_code is None) == (self.benefit_level is None):
            raise ValueError("give exactly one of object_code and benefit_level")
        if self.route == "self_referral" and self.facility is None:
            raise ValueError("facility is required for self_referral")
        for payment in self.co_payments_this_year:
            if payment.paid_on.year != self.visit_date.year or payment.paid_on > self.visit_date:
                raise ValueError("co_payments_this_year must fall in the visit's year, before it")
        return self

    def law_date(self) -> date:
        """The law in force on the day of the visit."""
        return self.visit_date


def _card_share(calc: Calculation, case: CostShareCase) -> tuple[int, Decimal] | None:
    """The card's benefit level and its fund share (None if either is unknown)."""
    level = object_level(calc, case.object_code) if case.object_code else case.benefit_level
    share = level_share(calc, level) if level is not None else None
    return None if level is None or share is None else (level, share)


def _route_share(calc: Calculation, case: CostShareCase) -> Decimal | None:
    """1 on-route or in an emergency; the off-route percentage on self-referral (None if unpaid)."""
    if case.route != "self_referral":
        return Decimal(1)
    table = calc.table("health/off_route_share")
    key = f"{case.facility}.{case.setting}"
    categories = sorted({name.split(".")[0] for name in table})
    if not calc.require(
        "facility_category_in_force",
        key in table,
        f"'{case.facility}' is not a facility category of the law in force on {case.visit_date}; "
        f"use one of: {', '.join(categories)}.",
    ):
        return None
    share = Decimal(str(table[key]))
    if not calc.require(
        "self_referral_paid",
        share > 0,
        f"The fund pays nothing for self-referred {case.setting} care at a {case.facility} "
        f"facility on {case.visit_date}.",
    ):
        return None
    return calc.amount("off_route_share", share, f"self-referral, {key}")


def _raised_share(
    calc: Calculation, case: CostShareCase, level: int, share: Decimal
) -> tuple[Decimal, str]:
    """The level share, raised to 100% for commune primary care or a small bill, and why."""
    if case.commune_primary_care:
        return Decimal(1), "commune-level primary care: fund pays 100%"
    factor = calc.number("health/small_bill_threshold")
    base_salary = reference_level(calc)
    threshold = calc.amount(
        "small_bill_threshold", factor * base_salary, f"{factor} × {fmt_vnd(base_salary)}"
    )
    if case.bill < threshold:
        return Decimal(1), f"small bill: {fmt_vnd(case.bill)} < {fmt_vnd(threshold)}, 100%"
    return share, f"benefit level {level}: fund pays {percent(share)}%"


def _co_payment_room(calc: Calculation, case: CostShareCase) -> Decimal:
    """How much more the patient may co-pay this year before the fund pays everything."""
    rule = calc.table("health/five_year_co_payment_cap")
    cap_months = Decimal(str(rule["base_salary_months"]))
    paid = [(p.amount, reference_level(calc, p.paid_on)) for p in case.co_payments_this_year]
    used = calc.amount(
        "co_payments_in_base_salaries",
        sum((Decimal(amount) / salary for amount, salary in paid), Decimal(0)),
        " + ".join(f"{fmt_vnd(amount)} / {fmt_vnd(salary)}" for amount, salary in paid)
        or "no co-payment yet this year",
    )
    base_salary = reference_level(calc)
    return calc.amount(
        "co_payment_room",
        max(cap_months - used, Decimal(0)) * base_salary,
        f"max({cap_months} - {used}, 0) × {fmt_vnd(base_salary)}",
    )


def _capped_co_payment(
    calc: Calculation, case: CostShareCase, co_payment: int, rules: list[str]
) -> int:
    """Apply the consecutive-years cap to the patient's co-payment, noting what was done."""
    if not case.five_years_continuous:
        return co_payment
    if case.route == "self_referral":
        rules.append("consecutive-years co-payment cap not applied to self-referral")
        return co_payment
    room = to_vnd(_co_payment_room(calc, case))
    if co_payment <= room:
        return co_payment
    rules.append(f"consecutive-years cap: co-payment limited to {fmt_vnd(room)}")
    return room


@benefit("hi_cost_share", "Health insurance cost sharing for one visit", CostShareCase)
def hi_cost_share(case: CostShareCase, calc: Calculation) -> Outcome:
    """The fund's and the patient's parts of one in-scope bill, with the rules applied."""
    card = _card_share(calc, case)
    route = _route_share(calc, case)
    if card is None or route is None:
        return Outcome(amount=None, unit="VND", outputs={})
    level, share = card
    applied, reason = _raised_share(calc, case, level, share)
    rules = [reason] if route == 1 else [reason, f"self-referral: × {percent(route)}%"]
    before_cap = to_vnd(
        calc.amount(
            "fund_pays_before_cap",
            case.bill * applied * route,
            f"{fmt_vnd(case.bill)} × {applied} × {route}, rounded half-up",
        )
    )
    co_payment = _capped_co_payment(calc, case, case.bill - before_cap, rules)
    patient = to_vnd(calc.amount("patient_pays", co_payment, "; ".join(rules)))
    fund = to_vnd(
        calc.amount("fund_pays", case.bill - patient, f"{fmt_vnd(case.bill)} - {fmt_vnd(patient)}")
    )
    return Outcome(
        amount=fund,
        unit="VND",
        outputs={
            "fund_pays": fund,
            "patient_pays": patient,
            "level": level,
            "level_share_percent": percent(share),
            "route_share_percent": percent(route),
            "rules_applied": rules,
        },
    )
