"""Normal retirement age by birth month, earlier ages on grounds, and the `retirement_age` benefit.

Labour Code 45/2019/QH14 Art. 169 and Decree 135/2020/NĐ-CP Annex I from 2021-01-01 (60 / 55
before). The schedule is stored per sex as data (start age, start birth month, step per band, band
length, final age); the Annex I rows follow from it. The age is reached on the birthday in the month
of that age (the last day of a shorter month); the pension starts on the first day of the next
month (D135/2020 Art. 4).

Law date: the case's `reference_date`; by default the date the age is reached under the schedule
in force on that date (found by trying the newest schedule, then the one in force on its answer).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import Field

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.formulas.old_age_history import month_index, stored_table, whole, years_text
from ansinh.rules.history import add_months, month_text
from ansinh.rules.store import Scalar, parameter
from ansinh.rules.trace import Calculation

Sex = Literal["male", "female"]


class PersonCase(Case):
    """The person whose retirement age matters."""

    date_of_birth: date
    sex: Sex


class EarlyGroundsCase(PersonCase):
    """A person with the work history that may lower the retirement age."""

    heavy_or_difficult_years: int = Field(
        default=0,
        ge=0,
        description="Years of heavy, hazardous or dangerous work, or in especially difficult areas",
    )
    underground_coal_mining_years: int = Field(
        default=0, ge=0, description="Years of underground coal mining (also count as heavy work)"
    )


def schedule_name(sex: Sex) -> str:
    """The parameter holding the retirement-age schedule of `sex`."""
    return f"old_age/retirement_age/{'men' if sex == 'male' else 'women'}"


def age_for_birth_month(schedule: dict[str, Scalar], born: date) -> int:
    """Normal retirement age in months for someone born in `born`'s month."""
    start = date.fromisoformat(f"{schedule['start_birth_month']}-01")
    if born < start:
        return whole(schedule, "before_start_age_months")
    band = (month_index(born) - month_index(start)) // whole(schedule, "band_length_months")
    rising = whole(schedule, "start_age_months") + band * whole(schedule, "step_months")
    return min(rising, whole(schedule, "final_age_months"))


def reached_on(born: date, age_months: int) -> date:
    """The date a person born on `born` reaches `age_months` of age."""
    month = add_months(born, age_months)
    return month.replace(day=min(born.day, calendar.monthrange(month.year, month.month)[1]))


def default_law_date(born: date, sex: Sex) -> date:
    """The date the normal retirement age is reached under the schedule in force on that date."""
    schedule = parameter(schedule_name(sex))
    on = date.max
    for _ in schedule.enacted():
        entry = schedule.in_force(on)
        on = reached_on(born, age_for_birth_month(_mapping(entry.value), born))
        if schedule.in_force(on).effective_from == entry.effective_from:
            break
    return on


def _mapping(value: Any) -> dict[str, Scalar]:
    if not isinstance(value, dict):
        raise TypeError("a retirement-age schedule must be a mapping")
    return value


@dataclass(frozen=True)
class RetirementAge:
    """An age in months, the date it is reached and the first day of the month after."""

    age_months: int
    reached_on: date

    @property
    def pension_start(self) -> date:
        """The first day of the month after the age is reached."""
        return add_months(self.reached_on, 1)

    def outputs(self, prefix: str) -> dict[str, Any]:
        """The age, its dates and the pension start as named outputs."""
        return {
            f"{prefix}age": {"years": self.age_months // 12, "months": self.age_months % 12},
            f"{prefix}reached_on": self.reached_on.isoformat(),
            f"{prefix}pension_start": self.pension_start.isoformat(),
        }


def normal_retirement(calc: Calculation, case: PersonCase) -> RetirementAge:
    """The normal retirement age of the case's person under the law in force."""
    months = age_for_birth_month(calc.table(schedule_name(case.sex)), case.date_of_birth)
    calc.amount(
        "normal_retirement_age_months",
        months,
        f"{years_text(months)} for a {case.sex} born in {month_text(case.date_of_birth)}",
    )
    return RetirementAge(months, reached_on(case.date_of_birth, months))


def years_earlier_on_grounds(calc: Calculation, case: EarlyGroundsCase) -> int:
    """How many years below the normal age the work history allows (0 without grounds)."""
    heavy = case.heavy_or_difficult_years + case.underground_coal_mining_years
    if heavy == 0:
        return 0
    grounds = stored_table(
        calc,
        "old_age/retirement_age/early_grounds",
        f"The early-retirement grounds in force on {calc.law_date.isoformat()} are not stored.",
    )
    if grounds is None:
        return 0
    minimum = whole(grounds, "minimum_years")
    if case.underground_coal_mining_years >= minimum:
        earlier = whole(grounds, "underground_coal_mining_years_earlier")
        why = f"{case.underground_coal_mining_years} years of underground coal mining ≥ {minimum}"
    elif heavy >= minimum:
        earlier = whole(grounds, "heavy_or_difficult_area_years_earlier")
        why = f"{heavy} years of heavy work or especially difficult areas ≥ {minimum}"
    else:
        earlier = 0
        why = f"{heavy} years of heavy work or especially difficult areas < {minimum}"
    return int(calc.amount("years_earlier_on_grounds", earlier, why))


def earliest_retirement(
    calc: Calculation, case: EarlyGroundsCase, normal: RetirementAge
) -> RetirementAge:
    """The lowest age meeting a full pension's age condition (normal age lowered on grounds)."""
    earlier = years_earlier_on_grounds(calc, case)
    if earlier == 0:
        return normal
    months = int(
        calc.amount(
            "earliest_retirement_age_months",
            normal.age_months - earlier * 12,
            f"{years_text(normal.age_months)} − {earlier} years",
        )
    )
    return RetirementAge(months, reached_on(case.date_of_birth, months))


class RetirementAgeCase(EarlyGroundsCase):
    """A person's birth date and sex, and optionally the date whose law applies."""

    reference_date: date | None = Field(
        default=None, description="Date whose law applies (default: the date the age is reached)"
    )

    def law_date(self) -> date:
        """The given reference date, or the date the normal retirement age is reached."""
        return self.reference_date or default_law_date(self.date_of_birth, self.sex)


@benefit("retirement_age", "Normal and earliest retirement age", RetirementAgeCase)
def retirement_age(case: RetirementAgeCase, calc: Calculation) -> Outcome:
    """The normal retirement age, the date it is reached and the pension start date."""
    normal = normal_retirement(calc, case)
    earliest = earliest_retirement(calc, case, normal)
    return Outcome(
        amount=None,
        unit="age",
        outputs=normal.outputs("retirement_") | earliest.outputs("earliest_retirement_"),
    )
