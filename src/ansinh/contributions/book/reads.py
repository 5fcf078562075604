"""Read a person's SI book as recorded at any instant: periods, paid status and totals.

A compulsory month counts for a fund when the employer's bill for that fund and month is paid
(see allocation and contributions/allocation/counted_paid_share); voluntary and household months
are recorded only once paid, and months carried over from before the platform count as paid
(book/carry.py). Totals count each month once per fund, whatever the number of
employers that month, in whole years and months as eligibility is counted (Law 41/2024 Art. 5.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.contributions.allocation import AS_RECORDED, allocate, counted
from ansinh.contributions.charges import AMOUNTS
from ansinh.rules.formulas.contributions import FUNDS
from ansinh.rules.history import add_months

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class BookMonth:
    """One recorded month of one scheme (and employer) with its per-fund shares."""

    month: date
    scheme: str
    unit_code: str | None
    employer_name: str | None
    salary: int
    base: int
    shares: dict[str, tuple[int, int]]
    state_support: int
    paid_funds: frozenset[str]


@dataclass(frozen=True)
class Period:
    """Consecutive months with the same scheme, employer, salary, shares and paid status."""

    first: BookMonth
    last_month: date
    months: int


@dataclass(frozen=True)
class FundTotal:
    """Months that count for one fund, as years and remaining months."""

    fund: str
    months: int
    owed_months: int

    @property
    def years(self) -> int:
        """Whole years."""
        return self.months // MONTHS_PER_YEAR

    @property
    def remaining_months(self) -> int:
        """Months beyond the whole years."""
        return self.months % MONTHS_PER_YEAR


def book_months(*, db_session: Session, si_number: str, at: datetime) -> list[BookMonth]:
    """Every month of the person's book as recorded at `at`, oldest first."""
    rows = db_session.execute(
        text(
            "SELECT b.month, b.scheme, b.unit_code, e.name, b.salary, b.base, "
            f"{', '.join(f'b.{a}' for a in AMOUNTS)}, b.state_support, b.carried_over "
            "FROM contribution_book b LEFT JOIN employers e USING (unit_code) "
            f"WHERE b.si_number = :si AND {AS_RECORDED} "
            "ORDER BY b.month, b.scheme, b.unit_code"
        ),
        {"si": si_number, "at": at},
    )
    months = list(rows)
    # Carried-over months count without a bill: only the employers billed on the platform are asked.
    units = sorted({row[2] for row in months if row[2] is not None and not row[-1]})
    paid = counted(allocate(db_session=db_session, unit_codes=units, at=at), at.date())
    result = []
    for row in months:
        month, scheme, unit_code, name, salary, base = row[:6]
        amounts = dict(zip(AMOUNTS, row[6:-2], strict=True))
        shares = {f: (amounts[f"{f}_employer"], amounts[f"{f}_employee"]) for f in FUNDS}
        contributed = {f for f, (er, ee) in shares.items() if er + ee > 0}
        paid_funds = (
            {f for f in contributed if (unit_code, month, f) in paid}
            if scheme == "compulsory" and not row[-1]
            else contributed
        )
        result.append(
            BookMonth(
                month=month,
                scheme=scheme,
                unit_code=unit_code,
                employer_name=name,
                salary=salary,
                base=base,
                shares=shares,
                state_support=row[-2],
                paid_funds=frozenset(paid_funds),
            )
        )
    return result


def periods(months: list[BookMonth]) -> list[Period]:
    """Merge consecutive equal months into periods."""
    found: list[Period] = []
    for month in sorted(months, key=lambda m: (m.scheme, m.unit_code or "", m.month)):
        last = found[-1] if found else None
        if (
            last is not None
            and _same_period(last.first) == _same_period(month)
            and add_months(last.last_month, 1) == month.month
        ):
            found[-1] = Period(first=last.first, last_month=month.month, months=last.months + 1)
        else:
            found.append(Period(first=month, last_month=month.month, months=1))
    return sorted(found, key=lambda p: (p.first.month, p.first.scheme, p.first.unit_code or ""))


def _same_period(month: BookMonth) -> tuple[object, ...]:
    return (
        month.scheme,
        month.unit_code,
        month.salary,
        month.base,
        tuple(sorted(month.shares.items())),
        month.paid_funds,
    )


def totals(months: list[BookMonth]) -> list[FundTotal]:
    """Per fund, the distinct months that count and those still owed."""
    result = []
    for fund in FUNDS:
        contributed = {m.month for m in months if sum(m.shares[fund]) > 0}
        paid = {m.month for m in months if fund in m.paid_funds}
        result.append(FundTotal(fund=fund, months=len(paid), owed_months=len(contributed - paid)))
    return result
