"""Contributions REST API: declarations, statements, payments, arrears, the SI book, self-payers.

The verbs audit every read and write of a person's data; SI numbers appear in paths as
in the registry API, personal IDs only in bodies and files.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Response, UploadFile, status

from ansinh.contributions.book import passbook
from ansinh.contributions.book.record import now
from ansinh.contributions.collection import service as collection
from ansinh.contributions.declarations import service as declarations
from ansinh.contributions.declarations.files import read_lines
from ansinh.contributions.declarations.service import Outcome
from ansinh.contributions.enrolment import service as voluntary
from ansinh.contributions.models import Enrolment
from ansinh.contributions.schemas import (
    AccountRead,
    ArrearsRead,
    BookExport,
    BookRead,
    DeclarationCreate,
    DeclarationRead,
    DeclaredLineRead,
    EnrolmentRead,
    FundShareRead,
    FundTotalRead,
    HouseholdEnrolmentCreate,
    LineErrorRead,
    MonthAccountRead,
    PaymentCreate,
    PaymentRead,
    QuoteRead,
    SelfPaymentCreate,
    SelfPaymentRead,
    StatementRead,
    VoluntaryEnrolmentCreate,
)
from ansinh.core import clock, signing
from ansinh.core.config import get_settings
from ansinh.core.db import DbSession
from ansinh.core.errors import NotFound
from ansinh.core.linecheck import MAX_LISTED_ERRORS
from ansinh.core.pagination import IdPath, Page, Paging, fetch_page
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import Purpose, require
from ansinh.core.tabular import digest_file, kind_of
from ansinh.identity.schemas import SiNumberPath
from ansinh.rules.formulas.contributions import FUNDS

router = APIRouter(prefix="/api/v1/contributions", tags=["contributions"])

Declarant = Annotated[Actor, Depends(require("contributions:declare"))]
Reader = Annotated[Actor, Depends(require("contributions:read"))]
Collector = Annotated[Actor, Depends(require("contributions:collect"))]
Enroller = Annotated[Actor, Depends(require("contributions:enrol"))]
UnitCodePath = Annotated[str, Path(pattern=r"^[A-Z0-9]{5,12}$")]
MonthPath = Annotated[str, Path(pattern=r"^[1-9]\d{3}-(0[1-9]|1[0-2])$", examples=["2026-11"])]
RecordedAt = Annotated[
    datetime | None,
    Query(description="Read the data as recorded at this instant (default: now)"),
]


def _at(db: DbSession, recorded_at: datetime | None) -> datetime:
    if recorded_at is None:
        return now(db)
    return recorded_at if recorded_at.tzinfo else recorded_at.replace(tzinfo=UTC)


def _month(text: str) -> date:
    return date.fromisoformat(f"{text}-01")


def _declaration_read(outcome: Outcome) -> DeclarationRead:
    d = outcome.declaration
    return DeclarationRead(
        declaration_id=d.declaration_id,
        month=d.month,
        source=d.source,
        allow_partial=d.allow_partial,
        lines_total=d.lines_total,
        lines_accepted=d.lines_accepted,
        lines_rejected=d.lines_total - d.lines_accepted,
        persons_registered=outcome.created_persons,
        recorded_at=d.recorded_at,
        duplicate=outcome.duplicate,
        errors=[
            LineErrorRead(line=e.line, field=e.field, reason=e.reason)
            for e in outcome.errors[:MAX_LISTED_ERRORS]
        ],
    )


def _answer(outcome: Outcome, response: Response) -> DeclarationRead:
    response.status_code = status.HTTP_200_OK if outcome.duplicate else status.HTTP_201_CREATED
    return _declaration_read(outcome)


@router.post(
    "/declarations",
    status_code=status.HTTP_201_CREATED,
    response_model=DeclarationRead,
    responses={200: {"description": "The same declaration was received before"}},
)
def declare(
    body: DeclarationCreate, db: DbSession, actor: Declarant, purpose: Purpose, response: Response
) -> DeclarationRead:
    """Declare a month's hires, leavers, salary changes, corrections and unpaid leave."""
    content = json.dumps(body.lines, sort_keys=True, default=str).encode()
    outcome = declarations.submit(
        db_session=db,
        actor=actor,
        purpose=purpose,
        month=body.month,
        allow_partial=body.allow_partial,
        source="json",
        key=declarations.content_hash(
            month=body.month, allow_partial=body.allow_partial, content=content
        ),
        raw_lines=[(number, line) for number, line in enumerate(body.lines, start=1)],
    )
    return _answer(outcome, response)


@router.post(
    "/declarations/files",
    status_code=status.HTTP_201_CREATED,
    response_model=DeclarationRead,
    responses={
        200: {"description": "The same file was received before"},
        413: {"description": "The file is larger than ANSINH_UPLOAD_MAX_BYTES"},
    },
)
def declare_file(
    file: Annotated[UploadFile, File(description="CSV (UTF-8) or XLSX; header row first")],
    month: Annotated[str, Form(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-11"])],
    db: DbSession,
    actor: Declarant,
    purpose: Purpose,
    response: Response,
    allow_partial: Annotated[bool, Form()] = False,
) -> DeclarationRead:
    """Declare a month's changes as an uploaded file; lines are numbered as rows (header = 1)."""
    kind = kind_of(file.filename, file.content_type)
    declared = _month(month)
    # Starlette spooled the upload to a temporary file; it is read from there in chunks.
    key = digest_file(
        file.file,
        prefix=declarations.hash_prefix(month=declared, allow_partial=allow_partial),
        max_bytes=get_settings().upload_max_bytes,
    )
    outcome = declarations.submit(
        db_session=db,
        actor=actor,
        purpose=purpose,
        month=declared,
        allow_partial=allow_partial,
        source=kind,
        key=key,
        raw_lines=read_lines(file.file, kind),
    )
    return _answer(outcome, response)


@router.get("/declarations/{declaration_id}", response_model=DeclarationRead)
def get_declaration(declaration_id: IdPath, db: DbSession, _: Declarant) -> DeclarationRead:
    """A declaration's result: counts and refused lines."""
    return _declaration_read(
        declarations.get_declaration(db_session=db, declaration_id=declaration_id)
    )


@router.get("/declarations/{declaration_id}/lines", response_model=Page[DeclaredLineRead])
def list_declaration_lines(
    declaration_id: IdPath, db: DbSession, actor: Declarant, purpose: Purpose, paging: Paging
) -> Page[DeclaredLineRead]:
    """A declaration's lines with the SI numbers of the persons it registered."""
    rows, total = declarations.page_lines(
        db_session=db, declaration_id=declaration_id, params=paging, actor=actor, purpose=purpose
    )
    items = [DeclaredLineRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, size=paging.size)


@router.get("/employers/{unit_code}/statements/{month}", response_model=StatementRead)
def get_statement(
    unit_code: UnitCodePath,
    month: MonthPath,
    db: DbSession,
    _: Reader,
    recorded_at: RecordedAt = None,
) -> StatementRead:
    """An employer's bill for a month, per fund and party, with what is paid and owed."""
    at = _at(db, recorded_at)
    bill = collection.statement(db_session=db, unit_code=unit_code, month=_month(month), at=at)
    employer = sum(v for k, v in bill.shares.items() if k.endswith("_employer"))
    employee = sum(v for k, v in bill.shares.items() if k.endswith("_employee"))
    return StatementRead(
        unit_code=unit_code,
        month=bill.month,
        as_recorded_at=at,
        persons=bill.persons,
        base_total=bill.base_total,
        funds=[
            FundShareRead(
                fund=f, employer=bill.shares[f"{f}_employer"], employee=bill.shares[f"{f}_employee"]
            )
            for f in FUNDS
        ],
        employer_total=employer,
        employee_total=employee,
        total=employer + employee,
        account=MonthAccountRead.model_validate(bill.account) if bill.account else None,
    )


@router.get("/employers/{unit_code}/account", response_model=AccountRead)
def get_account(
    unit_code: UnitCodePath, db: DbSession, _: Reader, recorded_at: RecordedAt = None
) -> AccountRead:
    """An employer's months: due, paid, outstanding and late-payment interest."""
    at = _at(db, recorded_at)
    months, credit = collection.account(db_session=db, unit_code=unit_code, at=at)
    return AccountRead(
        unit_code=unit_code,
        as_recorded_at=at,
        months=[MonthAccountRead.model_validate(m) for m in months],
        outstanding=sum(m.outstanding for m in months),
        interest=sum(m.interest for m in months),
        credit=credit,
    )


@router.post(
    "/employers/{unit_code}/payments",
    status_code=status.HTTP_201_CREATED,
    response_model=PaymentRead,
    responses={200: {"description": "This reference was recorded before"}},
)
def record_payment(
    unit_code: UnitCodePath, body: PaymentCreate, db: DbSession, _: Collector, response: Response
) -> PaymentRead:
    """Record an employer's payment; it is allocated to the oldest debt first."""
    payment, created = collection.record_payment(
        db_session=db,
        unit_code=unit_code,
        amount=body.amount,
        paid_on=body.paid_on,
        reference=body.reference,
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return PaymentRead.model_validate(payment)


@router.get("/employers/{unit_code}/payments", response_model=Page[PaymentRead])
def list_payments(
    unit_code: UnitCodePath, db: DbSession, _: Reader, paging: Paging
) -> Page[PaymentRead]:
    """An employer's payments, newest first."""
    rows, total = fetch_page(db, collection.list_payments(unit_code=unit_code), paging)
    items = [PaymentRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, size=paging.size)


@router.get("/arrears", response_model=Page[ArrearsRead])
def list_arrears(
    db: DbSession,
    _: Reader,
    paging: Paging,
    on: Annotated[date | None, Query(description="Arrears as of this day (default today)")] = None,
    province_code: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
) -> Page[ArrearsRead]:
    """Employers owing contributions after the deadline, largest debt first."""
    found = collection.list_arrears(
        db_session=db, on=on or clock.today(), province_code=province_code
    )
    items = [ArrearsRead.model_validate(a) for a in found[paging.offset :][: paging.size]]
    return Page(items=items, total=len(found), page=paging.page, size=paging.size)


@router.get("/persons/{si_number}/book", response_model=BookRead)
def get_book(
    si_number: SiNumberPath,
    db: DbSession,
    actor: Reader,
    purpose: Purpose,
    recorded_at: RecordedAt = None,
) -> BookRead:
    """A person's SI book: contribution periods, paid or owed, and totals per fund."""
    return passbook.read_book(
        db_session=db, si_number=si_number, at=_at(db, recorded_at), actor=actor, purpose=purpose
    )


@router.get("/persons/{si_number}/book/totals", response_model=list[FundTotalRead])
def get_book_totals(
    si_number: SiNumberPath,
    db: DbSession,
    actor: Reader,
    purpose: Purpose,
    recorded_at: RecordedAt = None,
) -> list[FundTotalRead]:
    """Contribution time that counts, per fund, in years and months."""
    book = passbook.read_book(
        db_session=db, si_number=si_number, at=_at(db, recorded_at), actor=actor, purpose=purpose
    )
    return book.totals


@router.get("/persons/{si_number}/book/export", response_model=BookExport)
def export_book(
    si_number: SiNumberPath,
    db: DbSession,
    actor: Reader,
    purpose: Purpose,
    recorded_at: RecordedAt = None,
) -> BookExport:
    """The book signed by the platform (compact JWS, ES256) for a third party to verify."""
    return passbook.export_book(
        db_session=db, si_number=si_number, at=_at(db, recorded_at), actor=actor, purpose=purpose
    )


@router.get("/signing-keys/{kid}")
def get_signing_keys(kid: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{8,100}$")]) -> Any:
    """The public key set (JWKS) that verifies signed books carrying this key id."""
    keys = signing.public_jwks()
    if not any(k.get("kid") == kid for k in keys["keys"]):
        raise NotFound("no signing key with that id")
    return keys


def _enrolment_read(db: DbSession, enrolment: Enrolment) -> EnrolmentRead:
    quote = voluntary.quote(db_session=db, enrolment=enrolment, on=clock.today())
    return EnrolmentRead(
        enrolment_id=enrolment.enrolment_id,
        si_number=enrolment.si_number,
        scheme=enrolment.scheme,
        start_month=enrolment.start_month,
        cycle_months=enrolment.cycle_months,
        income=enrolment.income,
        support_group=enrolment.support_group,
        household_code=enrolment.household_code,
        member_number=enrolment.member_number,
        next_payment=QuoteRead(
            first_month=quote.first_month,
            months=quote.months,
            amount=quote.amount,
            monthly_contribution=quote.monthly_contribution,
            monthly_support=quote.monthly_support,
            supported_months=quote.supported_months,
        ),
    )


@router.post(
    "/persons/{si_number}/voluntary",
    status_code=status.HTTP_201_CREATED,
    response_model=EnrolmentRead,
)
def enrol_voluntary(
    si_number: SiNumberPath,
    body: VoluntaryEnrolmentCreate,
    db: DbSession,
    actor: Enroller,
    purpose: Purpose,
) -> EnrolmentRead:
    """Register a person for voluntary social insurance on a chosen income."""
    enrolment = voluntary.enrol(
        db_session=db,
        si_number=si_number,
        scheme="voluntary",
        cycle_months=body.cycle_months,
        on=clock.today(),
        income=body.income,
        support_group=body.support_group,
        actor=actor,
        purpose=purpose,
    )
    return _enrolment_read(db, enrolment)


@router.post(
    "/persons/{si_number}/household-hi",
    status_code=status.HTTP_201_CREATED,
    response_model=EnrolmentRead,
)
def enrol_household(
    si_number: SiNumberPath,
    body: HouseholdEnrolmentCreate,
    db: DbSession,
    actor: Enroller,
    purpose: Purpose,
) -> EnrolmentRead:
    """Register a person for household health insurance (members numbered as they join)."""
    enrolment = voluntary.enrol(
        db_session=db,
        si_number=si_number,
        scheme="household",
        cycle_months=body.cycle_months,
        on=clock.today(),
        household_code=body.household_code,
        actor=actor,
        purpose=purpose,
    )
    return _enrolment_read(db, enrolment)


@router.get("/enrolments/{enrolment_id}", response_model=EnrolmentRead)
def get_enrolment(
    enrolment_id: IdPath, db: DbSession, actor: Enroller, purpose: Purpose
) -> EnrolmentRead:
    """An enrolment and what its next cycle costs if paid today."""
    enrolment = voluntary.read_enrolment(
        db_session=db, enrolment_id=enrolment_id, actor=actor, purpose=purpose
    )
    return _enrolment_read(db, enrolment)


@router.post(
    "/enrolments/{enrolment_id}/payments",
    status_code=status.HTTP_201_CREATED,
    response_model=SelfPaymentRead,
    responses={200: {"description": "This reference was recorded before"}},
)
def pay_enrolment(
    enrolment_id: IdPath,
    body: SelfPaymentCreate,
    db: DbSession,
    actor: Enroller,
    purpose: Purpose,
    response: Response,
) -> SelfPaymentRead:
    """Pay the next cycle; its months enter the SI book."""
    payment, created = voluntary.pay(
        db_session=db,
        enrolment_id=enrolment_id,
        amount=body.amount,
        paid_on=body.paid_on,
        reference=body.reference,
        actor=actor,
        purpose=purpose,
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return SelfPaymentRead.model_validate(payment)
