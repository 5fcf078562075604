"""A payment's change of state never blocks the rows that point at it (no deadlock with deaths)."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

SI_NUMBER = "7999000001"


@pytest.fixture
def committed_payment(owner_engine: Engine) -> Iterator[int]:
    """A payment committed for other connections to see, removed afterwards."""
    with owner_engine.begin() as connection:
        payment_id = connection.scalar(
            text(
                "INSERT INTO payments (run_id, schedule_id, si_number, month, amount, purpose, "
                "channel) VALUES (0, gen_random_uuid(), :si, DATE '2026-12-01', 5000000, 'PENS', "
                "'account') RETURNING payment_id"
            ),
            {"si": SI_NUMBER},
        )
    assert payment_id is not None
    try:
        yield int(payment_id)
    finally:
        with owner_engine.begin() as connection:
            delete = text("DELETE FROM payments WHERE si_number = :si")
            connection.execute(delete, {"si": SI_NUMBER})


def test_a_reject_being_applied_does_not_block_an_overpayment_of_the_same_payment(
    engine: Engine, committed_payment: int
) -> None:
    # The bank's reject changes the payment's state (and so whether it is live); a death recorded
    # at the same moment points an overpayment at that payment. The reject must not lock the row
    # against the overpayment's foreign-key check: the two transactions then take the schedules
    # in opposite order, and waited for each other.
    with engine.connect() as report, engine.connect() as death:
        report.execute(
            text("UPDATE payments SET status = 'rejected', reason = 'AC04' WHERE payment_id = :p"),
            {"p": committed_payment},
        )
        death.execute(text("SET LOCAL lock_timeout = '2s'"))
        death.execute(
            text(
                "INSERT INTO payment_overpayments (payment_id, si_number, amount) "
                "VALUES (:p, :si, 5000000)"
            ),
            {"p": committed_payment, "si": SI_NUMBER},
        )
        death.rollback()
        report.rollback()
