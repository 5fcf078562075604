"""The bank's reports: fetched after a cursor, stored before they are acted on, applied once."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.payments.bank_client import Report as Message
from ansinh.payments.models import MESSAGE_KINDS, BankMessage
from ansinh.payments.reconcile import apply_report
from ansinh.payments.reports import UnreadableReport, parse


def store(*, db_session: Session, messages: list[Message]) -> int:
    """Keep the messages not seen before (by sequence or MsgId); how many were new."""
    stored = 0
    for message in messages:
        try:
            report = parse(message.xml)
        except UnreadableReport:
            continue
        if report.kind not in MESSAGE_KINDS:
            continue
        # Counted by RETURNING: an ORM-enabled INSERT reports no row count (-1).
        new = db_session.scalar(
            insert(BankMessage)
            .values(seq=message.seq, msg_id=report.msg_id, kind=report.kind, xml=message.xml)
            .on_conflict_do_nothing()
            .returning(BankMessage.seq)
        )
        stored += new is not None
    return stored


def apply_pending(*, db_session: Session) -> int:
    """Apply every stored message not yet applied, in the bank's order; payments changed."""
    changed = 0
    pending = db_session.scalars(
        select(BankMessage)
        .where(BankMessage.applied_at.is_(None))
        .order_by(BankMessage.seq)
        .with_for_update(skip_locked=True)
    ).all()
    for message in pending:
        changed += apply_report(db_session=db_session, report=parse(message.xml))
        db_session.execute(
            update(BankMessage).where(BankMessage.seq == message.seq).values(applied_at=clock.now())
        )
    return changed


def cursor(*, db_session: Session) -> int:
    """The last sequence number stored (0 before the first)."""
    return int(db_session.scalar(select(func.coalesce(func.max(BankMessage.seq), 0))) or 0)
