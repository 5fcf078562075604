"""Contribution amounts of the SI book: the rules formula's terms, applied by SQL.

The formula `contributions` (rules) is the one definition. For each month and wage region it is
run at a salary of 1 and of 10^12 to read its terms: the floor and the SI/HI ceiling (the bases it
gives), the UI ceiling, and the rate of each fund and party (its parameter steps). Before use the
terms are checked against the formula itself on salaries at and around each bound, so a change
to the formula that the terms no longer describe stops the work instead of billing wrongly.
SQL then bills every person-month as the formula does: base = min(max(salary, floor), ceiling),
the unemployment base min(max(salary, floor), UI ceiling) (the UI salary has its own cap, not the
SI one), each share = base × rate rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.temp import analyze, temp_table
from ansinh.rules.engine import Result
from ansinh.rules.formulas.contributions import FUNDS
from ansinh.rules.money import dec, to_vnd
from ansinh.rules.service import get_benefit

PARTIES = ("employer", "employee")
AMOUNTS = tuple(f"{fund}_{party}" for fund in FUNDS for party in PARTIES)
REGIONS = ("I", "II", "III", "IV")
_HIGH = 10**12


class FormulaChanged(RuntimeError):
    """The contributions formula no longer matches the terms read from it."""


@dataclass(frozen=True)
class Terms:
    """What the formula applies in one month and region."""

    floor: int
    ceiling: int
    ui_ceiling: int
    rates: dict[str, Decimal]

    def shares(self, salary: int) -> tuple[int, ...]:
        """The base and every share for `salary`, computed from the terms alone."""
        base = min(max(salary, self.floor), self.ceiling)
        ui_base = min(max(salary, self.floor), self.ui_ceiling)
        return (
            base,
            *(
                to_vnd((ui_base if a.startswith("unemployment") else base) * self.rates[a])
                for a in AMOUNTS
            ),
        )


def _run(month: date, region: str, salary: int) -> Result:
    formula = get_benefit("contributions")
    return formula.calculate(formula.case_model(month=month, salary=salary, wage_region=region))


def charge(month: date, region: str, salary: int) -> tuple[int, ...]:
    """The formula's base and shares (employer, employee per fund) for one month's salary."""
    outputs = _run(month, region, salary).outputs
    return (
        int(outputs["si_contribution_base"]),
        *(int(outputs["funds"][a.rsplit("_", 1)[0]][a.rsplit("_", 1)[1]]) for a in AMOUNTS),
    )


@cache
def terms(month: date, region: str) -> Terms:
    """Read the formula's terms for `month` and `region`, and check them against it."""
    low, high = _run(month, region, 1), _run(month, region, _HIGH)
    rates = {
        f"{step.name.rsplit('/', 1)[1]}_{party}": dec(step.value[party])
        for step in high.trace
        if step.kind == "parameter" and step.name.startswith("contributions/rates/")
        for party in PARTIES
    }
    found = Terms(
        floor=int(low.outputs["si_contribution_base"]),
        ceiling=int(high.outputs["si_contribution_base"]),
        ui_ceiling=int(high.outputs["ui_contribution_base"]),
        rates=rates,
    )
    bounds = (found.floor, found.ui_ceiling, found.ceiling, 12_345_678)
    for salary in {max(b + d, 1) for b in bounds for d in (-1, 0, 1)}:
        if found.shares(salary) != charge(month, region, salary):
            raise FormulaChanged(f"contributions for {month:%Y-%m}, region {region}, {salary}")
    return found


def load_terms(db_session: Session, *, months: list[date], table: str) -> None:
    """Put the terms of every month and region into a new temporary `table`."""
    temp_table(
        db_session,
        table,
        "(month date, region text, floor bigint, ceiling bigint, ui_ceiling bigint, "
        + ", ".join(f"{a} numeric" for a in AMOUNTS)
        + ", PRIMARY KEY (month, region))",
    )
    rows = []
    for month in months:
        for region in REGIONS:
            found = terms(month, region)
            rows.append(
                {"month": month, "region": region, "floor": found.floor}
                | {"ceiling": found.ceiling, "ui": found.ui_ceiling}
                | found.rates
            )
    db_session.execute(
        text(
            f"INSERT INTO {table} VALUES (:month, :region, :floor, :ceiling, :ui, "
            + ", ".join(f":{a}" for a in AMOUNTS)
            + ")"
        ),
        rows,
    )
    analyze(db_session, table)


def billed_columns(target: str, terms_table: str) -> str:
    """SQL select list billing `target` rows (salary) with the joined `terms_table` row."""
    base = f"least(greatest({target}.salary, {terms_table}.floor), {terms_table}.ceiling)"
    ui_base = f"least(greatest({target}.salary, {terms_table}.floor), {terms_table}.ui_ceiling)"
    return f"{base} AS base, " + ", ".join(
        f"round({ui_base if a.startswith('unemployment') else base} * {terms_table}.{a})::bigint"
        f" AS {a}"
        for a in AMOUNTS
    )
