"""Issue documents as sealed PDFs, hand a person their own, verify one shown, revoke one.

Every issue and every read of a person's document is audited here; a verification is audited too
(the person sees on their audit page that a document of theirs was checked).
"""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from sqlalchemy.orm import Session

from ansinh.contributions.book.service import read_si_book
from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.security.actor import Actor
from ansinh.core.signing import SignatureInvalid
from ansinh.documents import (
    batch_sheet,
    coverage_sheet,
    decision_sheet,
    pdf,
    seal,
    service_sheet,
    sheets,
)
from ansinh.documents.exceptions import AlreadyRevoked, DocumentNotFound, NoCurrentCard
from ansinh.documents.models import Document
from ansinh.documents.schemas import (
    BatchPaper,
    CoveragePaper,
    DecisionPaper,
    Issued,
    Kind,
    ServicePaper,
    Verdict,
)
from ansinh.documents.sheet import Sheet
from ansinh.health.cards.service import read_hi_card
from ansinh.registry import service as registry

if TYPE_CHECKING:  # the registry's verbs return these; nothing here touches its tables
    from ansinh.registry.models import Person

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RESOURCE = "documents.document"
VERIFIER = Actor(kind="system", id="document-verification")
VERIFIED = "verification of a document you were issued"
MAX_UPLOAD = 2_000_000  # bytes; a document of this platform is far smaller


def _new_id() -> str:
    return "VB-" + "".join(secrets.choice(ALPHABET) for _ in range(12))


def _issue(
    *,
    db_session: Session,
    actor: Actor,
    si_number: str | None,
    kind: Kind,
    sheet: Sheet,
    purpose: str,
    unit_code: str | None = None,
    subjects: Sequence[str] = (),
) -> Issued:
    """Seal and store a document held by a person (`si_number`) or an employer (`unit_code`);
    the persons it shows (`subjects`, the holder by default) are audited."""
    issued_at = clock.now().replace(microsecond=0)
    document_id, digest = _new_id(), sheet.sha256()
    token = seal.make(
        document_id=document_id, kind=kind, content_sha256=digest, issued_at=issued_at
    )
    url = seal.verification_url(token)
    body = pdf.render(
        sheet,
        document_id=document_id,
        issued_at=issued_at,
        seal=token,
        url=url,
        verify_page=seal.verify_page(),
    )
    db_session.add(
        Document(
            document_id=document_id,
            kind=kind,
            si_number=si_number,
            unit_code=unit_code,
            issued_at=issued_at,
            content_sha256=digest,
            seal_kid=seal.key_id(),
            pdf=body,
        )
    )
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=subjects or _holder(si_number),
        action="create",
        resource=RESOURCE,
        purpose=purpose,
    )
    return Issued(document_id=document_id, kind=kind, issued_at=issued_at, pdf=body, url=url)


def _holder(si_number: str | None) -> list[str]:
    """The person a document is audited against: its holder, if a person holds it."""
    return [si_number] if si_number else []


def _issue_to_person(
    *,
    db_session: Session,
    actor: Actor,
    si_number: str,
    kind: Kind,
    sheet_of: Callable[[Person], Sheet],
    purpose: str,
) -> Issued:
    """Seal a document a person holds, its sheet drawn from their registered details."""
    person = registry.get_person(db_session=db_session, si_number=si_number)
    return _issue(
        db_session=db_session,
        actor=actor,
        si_number=si_number,
        kind=kind,
        sheet=sheet_of(person),
        purpose=purpose,
    )


def issue_si_confirmation(
    *, db_session: Session, actor: Actor, si_number: str, purpose: str
) -> Issued:
    """Seal the person's whole SI book as it stands today (the book read is audited)."""
    book = read_si_book(
        db_session=db_session, actor=actor, si_number=si_number, purpose=purpose, on=clock.today()
    )
    return _issue_to_person(
        db_session=db_session,
        actor=actor,
        si_number=si_number,
        kind="si-confirmation",
        sheet_of=lambda person: sheets.si_confirmation(person, book),
        purpose=purpose,
    )


def issue_hi_card(*, db_session: Session, actor: Actor, si_number: str, purpose: str) -> Issued:
    """Seal the person's current HI card details; NoCurrentCard if there is none."""
    card = read_hi_card(db_session=db_session, actor=actor, si_number=si_number, purpose=purpose)
    if card is None:
        raise NoCurrentCard()
    return _issue_to_person(
        db_session=db_session,
        actor=actor,
        si_number=si_number,
        kind="hi-card",
        sheet_of=lambda person: sheets.hi_card(person, card),
        purpose=purpose,
    )


def issue_claim_decision(
    *, db_session: Session, actor: Actor, si_number: str, paper: DecisionPaper, purpose: str
) -> Issued:
    """Seal a decision on a person's benefit claim as the benefits domain states it."""
    return _issue_to_person(
        db_session=db_session,
        actor=actor,
        si_number=si_number,
        kind="claim-decision",
        sheet_of=lambda person: decision_sheet.claim_decision(person, paper),
        purpose=purpose,
    )


def issue_coverage_certificate(
    *, db_session: Session, actor: Actor, si_number: str, paper: CoveragePaper, purpose: str
) -> Issued:
    """Seal a certificate of coverage for a posted worker as the coverage domain states it."""
    return _issue_to_person(
        db_session=db_session,
        actor=actor,
        si_number=si_number,
        kind="coverage-certificate",
        sheet_of=lambda person: coverage_sheet.certificate(person, paper),
        purpose=purpose,
    )


def issue_batch_result(
    *, db_session: Session, actor: Actor, paper: BatchPaper, si_numbers: Sequence[str], purpose: str
) -> Issued:
    """Seal an employer's claim list result (the persons on its lines are audited)."""
    return _issue(
        db_session=db_session,
        actor=actor,
        si_number=None,
        unit_code=paper.unit_code,
        kind="claim-batch-result",
        sheet=batch_sheet.claim_batch_result(paper),
        purpose=purpose,
        subjects=si_numbers,
    )


def issue_service_result(
    *, db_session: Session, actor: Actor, si_number: str, paper: ServicePaper, purpose: str
) -> Issued:
    """Seal the result of an online-service application as the services domain states it."""
    return _issue_to_person(
        db_session=db_session,
        actor=actor,
        si_number=si_number,
        kind="service-result",
        sheet_of=lambda person: service_sheet.service_result(person, paper),
        purpose=purpose,
    )


def read_pdf(
    *, db_session: Session, actor: Actor, si_number: str, document_id: str, purpose: str
) -> bytes:
    """A person's own document as issued; DocumentNotFound if it is not theirs."""
    document = db_session.get(Document, document_id)
    if document is None or document.si_number != si_number:
        raise DocumentNotFound()
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[si_number],
        action="read",
        resource=RESOURCE,
        purpose=purpose,
    )
    return document.pdf


def _verdict(db_session: Session, document: Document, genuine: bool) -> Verdict:
    audit.record(
        db_session=db_session,
        actor=VERIFIER,
        subjects=_holder(document.si_number),
        action="read",
        resource=RESOURCE,
        purpose=VERIFIED,
    )
    if not genuine:
        return Verdict(status="tampered")
    revoked = document.revoked_at
    return Verdict(
        status="revoked" if revoked else "genuine",
        kind=document.kind,
        issued_on=document.issued_at.astimezone(clock.VIETNAM).date(),
        si_number_ending=document.si_number[-3:] if document.si_number else None,
        unit_code=document.unit_code,
        revoked_on=revoked.astimezone(clock.VIETNAM).date() if revoked else None,
    )


def _sealed(db_session: Session, token: str) -> tuple[Document | None, bool]:
    """The document a seal names, and whether the seal matches it; (None, False) if forged."""
    try:
        claims = seal.read(token)
    except SignatureInvalid:
        return None, False
    document = db_session.get(Document, claims.document_id)
    if document is None:
        return None, True
    matches = (
        claims.kind == document.kind
        and claims.content_sha256 == document.content_sha256
        and claims.issued_at == document.issued_at
    )
    return document, matches


def verify_seal(*, db_session: Session, token: str) -> Verdict:
    """Check a seal read from a QR: genuine, revoked, unknown (not ours) or tampered."""
    document, matches = _sealed(db_session, token)
    if document is None:
        return Verdict(status="unknown" if matches else "tampered")
    return _verdict(db_session, document, matches)


def _seal_in(data: bytes) -> str | None:
    try:
        metadata = PdfReader(io.BytesIO(data)).metadata
    except (PyPdfError, ValueError, OSError):
        return None
    token = metadata.get("/Keywords") if metadata else None
    return str(token) if token else None


def verify_pdf(*, db_session: Session, data: bytes) -> Verdict:
    """Check an uploaded file: its seal, then that it is byte for byte the file issued."""
    if len(data) > MAX_UPLOAD or not data.startswith(b"%PDF-"):
        return Verdict(status="unknown")
    token = _seal_in(data)
    if token is None:
        return Verdict(status="unknown")
    document, matches = _sealed(db_session, token)
    if document is None:
        return Verdict(status="unknown" if matches else "tampered")
    same_file = hashlib.sha256(data).digest() == hashlib.sha256(document.pdf).digest()
    return _verdict(db_session, document, matches and same_file)


def revoke(*, db_session: Session, actor: Actor, document_id: str, reason: str) -> Document:
    """Withdraw a document: verification answers "revoked" from now on (the change is audited)."""
    document = db_session.get(Document, document_id)
    if document is None:
        raise DocumentNotFound()
    if document.revoked_at is not None:
        raise AlreadyRevoked()
    document.revoked_at = clock.now()
    document.revoke_reason = reason
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=_holder(document.si_number),
        action="update",
        resource=RESOURCE,
        purpose=f"revocation of document {document_id}",
    )
    return document
