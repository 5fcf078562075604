"""Reconciliation: each payment's state follows the bank's reports; rejects and returns acted on.

States only move forward (computed → instructed → accepted → booked; rejected before booking;
returned after it), so a duplicate or late report changes nothing. A rejected or returned month
is paid again by a later run once the schedule is active (`arrears_from`), under the one-live-
payment index; the reason code decides what happens to the schedule meanwhile.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.events import service as events
from ansinh.payments import channels, pain001, schedules
from ansinh.payments.models import FAILED
from ansinh.payments.reports import Line, Report
from ansinh.payments.schemas import DeathReportedByBank, Totals

FROM_STATES = {
    "accepted": ("computed", "instructed"),
    "booked": ("computed", "instructed", "accepted"),
    "rejected": ("computed", "instructed", "accepted"),
    "returned": ("accepted", "booked"),
    "paid_cash": ("computed", "instructed"),
    "unpaid_cash": ("computed", "instructed"),
}
ACTIONS: dict[str, tuple[str, str | None, str]] = {
    # reason: (officer's action, schedule status meanwhile, schedule status reason)
    "AC01": ("ask_new_account", "held", "new_account_needed"),
    "AC03": ("ask_new_account", "held", "new_account_needed"),
    "BE01": ("ask_new_account", "held", "new_account_needed"),
    "AC04": ("suspended", "suspended", "account_closed"),
    "AC06": ("hold", "held", "account_blocked"),
    "MD07": ("death_check", "held", "death_reported_by_bank"),
}
OTHER: tuple[str, str | None, str] = ("review", None, "")
UPDATE = """
    UPDATE payments p SET status = v.outcome, reason = v.reason, updated_at = now()
    FROM unnest(CAST(:payment_id AS bigint[]), CAST(:outcome AS text[]), CAST(:reason AS text[]))
         AS v(payment_id, outcome, reason)
    WHERE p.payment_id = v.payment_id AND p.status = ANY(
        CASE v.outcome
            WHEN 'accepted' THEN ARRAY{accepted}
            WHEN 'booked' THEN ARRAY{booked}
            WHEN 'rejected' THEN ARRAY{rejected}
            WHEN 'returned' THEN ARRAY{returned}
            WHEN 'paid_cash' THEN ARRAY{paid_cash}
            WHEN 'unpaid_cash' THEN ARRAY{unpaid_cash}
        END::text[])
    RETURNING p.payment_id, p.schedule_id, p.si_number, p.month, p.status, p.reason,
              p.end_to_end_id
"""


def apply_report(*, db_session: Session, report: Report) -> int:
    """Apply a parsed report to the payments it names; how many changed state."""
    lines = list(report.lines)
    if report.group_outcome == "rejected" and not lines and report.original_msg_id:
        lines = _whole_file(db_session, report.original_msg_id, report.group_reason or "NARR")
    if not lines:
        return 0
    return apply_lines(db_session=db_session, lines=lines)


def _whole_file(db_session: Session, msg_id: str, reason: str) -> list[Line]:
    rows = db_session.execute(
        text(
            "SELECT p.end_to_end_id FROM payments p JOIN payroll_runs r USING (run_id) "
            "WHERE r.msg_id = :msg_id AND p.channel = 'account'"
        ),
        {"msg_id": msg_id},
    ).scalars()
    return [Line(e2e, "rejected", reason) for e2e in rows]


def apply_lines(*, db_session: Session, lines: list[Line]) -> int:
    """Move each named payment to its reported state where the move is allowed; act on failures."""
    states = {k: "[" + ", ".join(f"'{s}'" for s in v) + "]" for k, v in FROM_STATES.items()}
    named = [
        (payment_id, line)
        for line in lines
        if (payment_id := pain001.payment_id_of(line.end_to_end_id)) is not None
    ]
    changed = db_session.execute(
        text(UPDATE.format(**states)),
        {
            "payment_id": [payment_id for payment_id, _ in named],
            "outcome": [line.outcome for _, line in named],
            "reason": [line.reason for _, line in named],
        },
    ).all()
    failed = [row for row in changed if row.status in FAILED]
    for row in failed:
        _act_on(db_session, row)
    return len(changed)


def _act_on(db_session: Session, row: Row[Any]) -> None:
    reason = str(row.reason or "NARR")
    action, status, why = ACTIONS.get(reason, OTHER)
    province = db_session.scalar(
        text("SELECT province_code FROM payment_schedules WHERE schedule_id = :schedule_id"),
        {"schedule_id": row.schedule_id},
    )
    if channels.reroute_to_cash(
        db_session=db_session,
        si_number=row.si_number,
        province_code=str(province),
        month=row.month,
        reason=reason,
    ):
        status = None  # paid in cash meanwhile: the schedule stays active
    db_session.execute(
        text(
            "UPDATE payment_schedules SET arrears_from = least(coalesce(arrears_from, :month), "
            ":month) WHERE schedule_id = :schedule_id AND kind = 'monthly'"
        ),
        {"schedule_id": row.schedule_id, "month": row.month},
    )
    db_session.execute(
        text(
            "UPDATE payment_overpayments SET recovered = amount, status = 'recovered', "
            "recovery = 'bank_return', updated_at = now() "
            "WHERE payment_id = :payment_id AND status = 'open'"
        ),
        {"payment_id": row.payment_id},
    )
    if status is not None:
        schedules.hold(
            db_session=db_session,
            schedule_id=row.schedule_id,
            status=status,
            reason=why,
            since=row.month,
        )
    db_session.execute(
        text(
            "INSERT INTO payment_exceptions (payment_id, si_number, action, reason) "
            "VALUES (:payment_id, :si_number, :action, :reason) ON CONFLICT DO NOTHING"
        ),
        {
            "payment_id": row.payment_id,
            "si_number": row.si_number,
            "action": action,
            "reason": reason,
        },
    )
    if reason == "MD07":
        events.record(
            db_session=db_session,
            event=DeathReportedByBank(
                si_number=row.si_number,
                end_to_end_id=row.end_to_end_id,
                reported_on=clock.today(),
            ),
        )


def totals(*, db_session: Session, run_id: int) -> Totals:
    """The run's money by state, and whether it adds up to what was frozen, to the đồng."""
    row = db_session.execute(
        text(
            "SELECT r.total AS frozen, count(p.*) AS n, coalesce(sum(p.amount), 0) AS lines, "
            "coalesce(sum(p.amount) FILTER (WHERE p.status = 'booked'), 0) AS booked, "
            "coalesce(sum(p.amount) FILTER (WHERE p.status = 'paid_cash'), 0) AS paid_cash, "
            "coalesce(sum(p.amount) FILTER (WHERE p.status IN ('rejected', 'unpaid_cash')), 0) "
            "  AS rejected, "
            "coalesce(sum(p.amount) FILTER (WHERE p.status = 'returned'), 0) AS returned, "
            "coalesce(sum(p.amount) FILTER (WHERE p.status IN "
            "  ('computed', 'instructed', 'accepted')), 0) AS in_flight "
            "FROM payroll_runs r LEFT JOIN payments p USING (run_id) "
            "WHERE r.run_id = :run_id GROUP BY r.total"
        ),
        {"run_id": run_id},
    ).one()
    parts = row.booked + row.paid_cash + row.rejected + row.returned + row.in_flight
    return Totals(
        run_id=run_id,
        instructed=int(row.frozen),
        booked=int(row.booked),
        paid_cash=int(row.paid_cash),
        rejected=int(row.rejected),
        returned=int(row.returned),
        in_flight=int(row.in_flight),
        count=int(row.n),
        balanced=int(row.frozen) == int(parts) == int(row.lines),
    )
