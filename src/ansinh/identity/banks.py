"""The banks a benefit can be paid into: dated reference data keyed by NAPAS BIN."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from ansinh.core.clock import today


@dataclass(frozen=True, slots=True)
class Bank:
    """One bank under one name, for the days the row holds (valid_to None: still in force)."""

    bin: str
    short_name: str
    name: str
    account_min_digits: int
    account_max_digits: int
    valid_from: date
    valid_to: date | None

    def in_force_on(self, day: date) -> bool:
        """Tell whether the row holds on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def accepts(self, account_number: str) -> bool:
        """Tell whether `account_number` has this bank's form (digits, within its bounds)."""
        size = len(account_number)
        return account_number.isdigit() and (
            self.account_min_digits <= size <= self.account_max_digits
        )


@cache
def _rows() -> tuple[Bank, ...]:
    text = files("ansinh.identity").joinpath("data", "banks.csv").read_text(encoding="utf-8")
    return tuple(
        Bank(
            bin=r["bin"],
            short_name=r["short_name"],
            name=r["name"],
            account_min_digits=int(r["account_min_digits"]),
            account_max_digits=int(r["account_max_digits"]),
            valid_from=date.fromisoformat(r["valid_from"]),
            valid_to=date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
        )
        for r in csv.DictReader(io.StringIO(text))
    )


def banks_in_force(on: date | None = None) -> list[Bank]:
    """The banks in force on `on` (default today), by short name."""
    day = on or today()
    return sorted((b for b in _rows() if b.in_force_on(day)), key=lambda b: b.short_name.lower())


def find_bank(bin_code: str, on: date | None = None) -> Bank | None:
    """The bank with `bin_code` in force on `on` (default today), or None."""
    return next((b for b in banks_in_force(on) if b.bin == bin_code), None)
