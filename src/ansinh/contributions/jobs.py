"""Batch work: closing months (every employer's bill) and the demo's contribution history."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import Engine, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.contributions import policy
from ansinh.contributions.book.carry import carry_over
from ansinh.contributions.book.record import BookChange, now, recompute
from ansinh.contributions.charges import AMOUNTS
from ansinh.contributions.models import BookEntry, ClosedMonth
from ansinh.contributions.schemas import ContributionMonthSettled
from ansinh.core import clock
from ansinh.core.events import service as events
from ansinh.core.temp import temp_table
from ansinh.rules.history import add_months, month_start, months_between

DEMO_MONTHS = 24
# Demo arrears: the first 8 % of employers in a hashed order stop paying for their last four
# months, the next 4 % pay half of their last month, and a few months of others are paid late.
_DEMO_PAYMENTS = """
WITH bills AS (
  SELECT b.unit_code, b.month, d.deadline, sum({amounts}) AS due,
         abs(hashtext(b.unit_code || b.month)) % 100 AS month_luck
  FROM contribution_book b JOIN demo_deadlines d USING (month)
  WHERE b.recorded_to IS NULL AND b.scheme = 'compulsory' AND NOT b.carried_over
  GROUP BY b.unit_code, b.month, d.deadline
), units AS (
  SELECT unit_code, percent_rank() OVER (ORDER BY hashtext(unit_code), unit_code) AS luck
  FROM (SELECT DISTINCT unit_code FROM bills) u
)
INSERT INTO contribution_payments (unit_code, amount, paid_on, reference)
SELECT unit_code,
       CASE WHEN luck < 0.12 AND month = :through THEN due / 2 ELSE due END,
       least(deadline + CASE WHEN month_luck < 15 THEN 3 * month_luck + 1
                             ELSE -(month_luck % 20) END, current_date),
       'DEMO-' || to_char(month, 'YYYYMM')
FROM bills JOIN units USING (unit_code)
WHERE NOT (luck < 0.08 AND month > :through - interval '4 months')
"""


def close_months(*, db_session: Session, first: date, through: date) -> BookChange:
    """Compute every employer's bills from `first` through `through` and mark the months closed."""
    at = now(db_session)
    change = recompute(db_session=db_session, first=first, through=through, recorded_at=at)
    months = [add_months(first, n) for n in range(months_between(first, through))]
    db_session.execute(
        insert(ClosedMonth)
        .values([{"month": m, "closed_at": at} for m in months])
        .on_conflict_do_update(index_elements=["month"], set_={"closed_at": at})
    )
    for month in months:
        settled = ContributionMonthSettled(month=month, closed_at=at)
        events.record(db_session=db_session, event=settled)
    return change


def close_previous_month(*, db_session: Session) -> BookChange:
    """Close last month (the scheduled monthly close)."""
    month = add_months(month_start(clock.today()), -1)
    return close_months(db_session=db_session, first=month, through=month)


def seed_history(*, db_session: Session, through: date) -> tuple[BookChange, int]:
    """Close the DEMO_MONTHS months ending with `through` and record the employers' payments."""
    first = add_months(through, 1 - DEMO_MONTHS)
    change = close_months(db_session=db_session, first=first, through=through)
    temp_table(db_session, "demo_deadlines", "(month date PRIMARY KEY, deadline date)")
    db_session.execute(
        text("INSERT INTO demo_deadlines VALUES (:month, :deadline)"),
        [
            {"month": m, "deadline": policy.payment_deadline(m)}
            for m in (add_months(first, n) for n in range(DEMO_MONTHS))
        ],
    )
    paid = db_session.execute(
        text(_DEMO_PAYMENTS.format(amounts=" + ".join(f"b.{a}" for a in AMOUNTS))),
        {"through": through},
    ).rowcount  # type: ignore[attr-defined]
    return change, int(paid)


def seed_demo_history(engine: Engine) -> str:
    """Give the demo two years of contribution history up to last month, once."""
    started = time.perf_counter()
    with Session(engine) as db_session, db_session.begin():
        if db_session.scalar(select(BookEntry.entry_id).limit(1)) is not None:
            return "contribution history already seeded; skipping"
        through = add_months(month_start(clock.today()), -1)
        change, paid = seed_history(db_session=db_session, through=through)
    return (
        f"seeded {change.inserted:,} contribution months of {DEMO_MONTHS} months to "
        f"{through:%Y-%m} and {paid:,} employer payments in {time.perf_counter() - started:.1f} s"
    )


def carry_demo_history(engine: Engine) -> str:
    """Carry the registry's careers into the book before its first month (a no-op once done)."""
    started = time.perf_counter()
    with Session(engine) as db_session, db_session.begin():
        done = select(BookEntry.entry_id).where(BookEntry.carried_over).limit(1)
        if db_session.scalar(done) is not None:
            return "earlier careers already carried over; skipping"
        added = carry_over(db_session=db_session)
    return (
        f"carried over {added:,} months of earlier careers in {time.perf_counter() - started:.1f} s"
    )
