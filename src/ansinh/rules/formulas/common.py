"""Amounts several branches read: reference level, regional minimum wage, ceilings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from ansinh.rules.money import dec, fmt_vnd
from ansinh.rules.store import Scalar
from ansinh.rules.trace import Calculation

WageRegion = Literal["I", "II", "III", "IV"]
PayType = Literal["employer_set", "state_scale"]


def reference_level(calc: Calculation, on: date | None = None) -> Decimal:
    """The reference level (base salary until abolished) in force."""
    return calc.number("general/reference_level", on)


def regional_minimum_wage(calc: Calculation, region: WageRegion, on: date | None = None) -> Decimal:
    """The regional minimum monthly wage of `region` in force."""
    return calc.number("wages/regional_minimum_wage", on, key=region)


def named_basis(
    calc: Calculation, basis: str, region: WageRegion, on: date | None = None
) -> Decimal:
    """Resolve a basis named in a parameter ('reference_level' or 'regional_minimum_wage')."""
    if basis == "reference_level":
        return reference_level(calc, on)
    if basis == "regional_minimum_wage":
        return regional_minimum_wage(calc, region, on)
    raise ValueError(f"unknown basis {basis!r} in a parameter file")


def si_salary_ceiling(calc: Calculation, on: date | None = None) -> Decimal:
    """The SI/HI contribution-salary ceiling: multiplier × reference level."""
    multiplier = calc.number("contributions/salary_ceiling_multiplier", on)
    rl = reference_level(calc, on)
    return calc.amount("si_salary_ceiling", multiplier * rl, f"{multiplier} × {fmt_vnd(rl)}")


def table_number(table: dict[str, Scalar], key: str) -> Decimal:
    """One numeric entry of a mapping parameter, as a Decimal."""
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"table entry {key!r} is not a number")
    return dec(value)


def band_value(
    table: dict[str, Scalar], measure: Decimal | int, *, below: Decimal | None = None
) -> Decimal:
    """The entry of a table keyed by band lower bounds that covers `measure`.

    Below every band: `below` if given, else a ValueError.
    """
    covering = [key for key in table if dec(key) <= measure]
    if covering:
        return table_number(table, max(covering, key=dec))
    if below is None:
        raise ValueError(f"no band of the table covers {measure}")
    return below


def plain(value: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros, e.g. 47.5 or 3."""
    return f"{value.normalize():f}"
