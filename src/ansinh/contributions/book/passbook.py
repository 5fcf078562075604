"""A person's SI book as a document: periods and totals, and its export signed by the platform."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ansinh.contributions.book.reads import Period, book_months, periods, totals
from ansinh.contributions.schemas import (
    BookExport,
    BookFundRead,
    BookPeriodRead,
    BookRead,
    FundTotalRead,
)
from ansinh.core import clock, signing
from ansinh.core.audit import service as audit
from ansinh.core.security.actor import Actor
from ansinh.registry.service import get_person

KEYS_URL = "/api/v1/contributions/signing-keys/{kid}"


def read_book(
    *, db_session: Session, si_number: str, at: datetime, actor: Actor, purpose: str
) -> BookRead:
    """The person's book as recorded at `at`; the read is audited."""
    book = book_document(db_session=db_session, si_number=si_number, at=at)
    _audit_read(db_session, si_number, actor, purpose)
    return book


def book_document(*, db_session: Session, si_number: str, at: datetime) -> BookRead:
    """The person's book as recorded at `at` (unaudited: for verbs that audit their read)."""
    get_person(db_session=db_session, si_number=si_number)
    months = book_months(db_session=db_session, si_number=si_number, at=at)
    return BookRead(
        si_number=si_number,
        as_recorded_at=at,
        periods=[_period(p) for p in periods(months)],
        totals=[
            FundTotalRead(
                fund=t.fund,
                months=t.months,
                years=t.years,
                remaining_months=t.remaining_months,
                owed_months=t.owed_months,
            )
            for t in totals(months)
        ],
    )


def _audit_read(db_session: Session, si_number: str, actor: Actor, purpose: str) -> None:
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[si_number],
        action="read",
        resource="contributions.book",
        purpose=purpose,
    )


def _period(period: Period) -> BookPeriodRead:
    first = period.first
    return BookPeriodRead(
        from_month=first.month,
        to_month=period.last_month,
        months=period.months,
        scheme=first.scheme,
        unit_code=first.unit_code,
        employer_name=first.employer_name,
        salary=first.salary,
        base=first.base,
        funds=[
            BookFundRead(fund=fund, employer=er, employee=ee, paid=fund in first.paid_funds)
            for fund, (er, ee) in first.shares.items()
            if er + ee > 0
        ],
        state_support=first.state_support,
    )


def export_book(
    *, db_session: Session, si_number: str, at: datetime, actor: Actor, purpose: str
) -> BookExport:
    """The book with the holder's name, signed as a JWS a third party can verify; audited."""
    person = get_person(db_session=db_session, si_number=si_number)
    book = book_document(db_session=db_session, si_number=si_number, at=at)
    _audit_read(db_session, si_number, actor, purpose)
    claims = {
        "iss": "ansinh",
        "typ": "si-book",
        "sub": si_number,
        "name": person.full_name,
        "date_of_birth": person.date_of_birth.isoformat(),
        "iat": int(clock.now().timestamp()),
        "book": book.model_dump(mode="json"),
    }
    kid = str(signing.platform_key().kid)
    return BookExport(token=signing.sign(claims), kid=kid, keys_url=KEYS_URL.format(kid=kid))
