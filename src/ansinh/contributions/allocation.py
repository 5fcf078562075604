"""Allocate employer payments to bills, oldest month first, as recorded at any instant.

A bill is one employer's due for one fund and month (employer and employee shares together),
read from the SI book as recorded at that instant. Payments recorded by then are matched to the
bills in order (month, then contributions/allocation/fund_order) by their running totals, so the
allocation is a pure function of what was recorded: recomputed, never stored, never applied twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.contributions import policy
from ansinh.rules.formulas.contributions import FUNDS
from ansinh.rules.money import to_vnd

AS_RECORDED = "b.recorded_from <= :at AND (b.recorded_to IS NULL OR b.recorded_to > :at)"
_MONTH_DUES = ", ".join(f"sum(b.{f}_employer + b.{f}_employee) AS {f}" for f in FUNDS)
_FUND_DUES = ", ".join(f"('{f}', m.{f})" for f in FUNDS)

# Summed per employer and month first, then split by fund: one row per book line, not five.
_ALLOCATION = f"""
WITH months AS (
  SELECT b.unit_code, b.month, {_MONTH_DUES}
  FROM contribution_book b
  WHERE b.scheme = 'compulsory' AND NOT b.carried_over AND b.unit_code = ANY(:units)
    AND {AS_RECORDED}
  GROUP BY b.unit_code, b.month
), bills AS (
  SELECT m.unit_code, m.month, f.fund, f.due
  FROM months m CROSS JOIN LATERAL (VALUES {_FUND_DUES}) AS f(fund, due)
  WHERE f.due > 0
), billed AS (
  SELECT *, sum(due) OVER (PARTITION BY unit_code ORDER BY month,
    array_position(CAST(:order AS text[]), fund) ROWS UNBOUNDED PRECEDING) AS upto
  FROM bills
), paid AS (
  SELECT unit_code, paid_on, amount, sum(amount) OVER (PARTITION BY unit_code
    ORDER BY paid_on, payment_id ROWS UNBOUNDED PRECEDING) AS upto
  FROM contribution_payments
  WHERE unit_code = ANY(:units) AND recorded_at <= :at AND paid_on <= :on
)
SELECT b.unit_code, b.month, b.fund, b.due, p.paid_on,
  least(b.upto, p.upto) - greatest(b.upto - b.due, p.upto - p.amount) AS amount
FROM billed b LEFT JOIN paid p ON p.unit_code = b.unit_code
  AND p.upto - p.amount < b.upto AND p.upto > b.upto - b.due
ORDER BY b.unit_code, b.month, b.upto, p.upto
"""


@dataclass
class Bill:
    """What one employer owes one fund for one month, and the dated payments covering it."""

    unit_code: str
    month: date
    fund: str
    due: int
    covered: list[tuple[date, int]] = field(default_factory=list)

    @property
    def paid(self) -> int:
        """Amount allocated to this bill."""
        return sum(amount for _, amount in self.covered)

    def counts(self, share: Decimal) -> bool:
        """True if enough is paid for the month to count in the employees' books."""
        return self.paid >= share * self.due

    def interest(self, on: date) -> Decimal:
        """Late-payment interest accrued up to `on` (paid parts up to their payment day)."""
        deadline = policy.payment_deadline(self.month)
        late = sum(
            (
                policy.late_interest(amount, deadline=deadline, until=min(day, on))
                for day, amount in self.covered
            ),
            Decimal(0),
        )
        return late + policy.late_interest(self.due - self.paid, deadline=deadline, until=on)


def allocate(
    *, db_session: Session, unit_codes: Sequence[str], at: datetime, on: date | None = None
) -> list[Bill]:
    """Every bill of the employers as recorded at `at`, oldest first, with the payments recorded
    by then and paid by `on` (default: the day of `at`)."""
    day = on or at.date()
    rows = db_session.execute(
        text(_ALLOCATION),
        {"units": list(unit_codes), "at": at, "on": day, "order": policy.fund_order(day)},
    )
    bills: dict[tuple[str, date, str], Bill] = {}
    for unit_code, month, fund, due, paid_on, amount in rows:
        bill = bills.setdefault(
            (unit_code, month, fund), Bill(unit_code=unit_code, month=month, fund=fund, due=due)
        )
        if paid_on is not None:
            bill.covered.append((paid_on, int(amount)))
    return list(bills.values())


def counted(bills: Sequence[Bill], on: date) -> set[tuple[str, date, str]]:
    """The (employer, month, fund) triples paid enough to count, under the policy in force."""
    share = policy.counted_paid_share(on)
    return {(b.unit_code, b.month, b.fund) for b in bills if b.counts(share)}


def interest_vnd(bills: Sequence[Bill], on: date) -> int:
    """Interest of several bills, rounded to the dong once."""
    return to_vnd(sum((b.interest(on) for b in bills), Decimal(0)))
