"""Cash through the post office: the run's list of cash payments, and its paid/unpaid answers."""

from __future__ import annotations

import csv
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.errors import Unprocessable
from ansinh.payments.models import Payment
from ansinh.payments.reconcile import apply_lines
from ansinh.payments.reports import Line, Outcome

COLUMNS = ("end_to_end_id", "si_number", "month", "amount", "place")
ANSWERS: dict[str, Outcome] = {"paid": "paid_cash", "unpaid": "unpaid_cash"}


def write_list(*, db_session: Session, run_id: int, out: TextIO) -> int:
    """Write the run's cash payments as CSV for the post office; how many lines."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    lines = 0
    for payment in db_session.scalars(
        select(Payment)
        .where(Payment.run_id == run_id, Payment.channel == "cash")
        .order_by(Payment.place, Payment.payment_id)
    ):
        writer.writerow([getattr(payment, column) for column in COLUMNS])
        lines += 1
    return lines


def read_answers(*, db_session: Session, answers: TextIO) -> int:
    """Apply the post office's CSV (`end_to_end_id`, `outcome` paid|unpaid); payments changed."""
    lines = []
    for number, row in enumerate(csv.DictReader(answers), start=2):
        outcome = ANSWERS.get((row.get("outcome") or "").strip())
        if outcome is None or not row.get("end_to_end_id"):
            raise Unprocessable(f"line {number}: end_to_end_id and outcome (paid or unpaid)")
        reason = None if outcome == "paid_cash" else "NARR"
        lines.append(Line(row["end_to_end_id"].strip(), outcome, reason))
    return apply_lines(db_session=db_session, lines=lines) if lines else 0
