"""Apply for a certificate of coverage, read one, and tell whether a worker is exempt abroad.

Every ruling is kept, issued or refused; every read and write of a worker's certificate is
audited here.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.audit.service import AuditAction
from ansinh.core.errors import NotFound
from ansinh.core.events.service import record
from ansinh.core.security.actor import Actor
from ansinh.coverage import limits
from ansinh.coverage.agreements import Agreement, agreement_with, first_in_force
from ansinh.coverage.limits import Posting, Ruling
from ansinh.coverage.models import Certificate
from ansinh.coverage.schemas import CoverageCertified, Exemption, PostingCreate
from ansinh.documents import service as documents
from ansinh.documents.schemas import CoveragePaper
from ansinh.registry import service as registry

RESOURCE = "coverage.certificate"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class Applied:
    """The ruling on an application, and whether the same posting had been certified before."""

    certificate: Certificate
    duplicate: bool


def _audit(
    db_session: Session, actor: Actor, si_number: str, action: AuditAction, why: str
) -> None:
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[si_number],
        action=action,
        resource=RESOURCE,
        purpose=why,
    )


def _issued(db_session: Session, si_number: str, country: str) -> list[Certificate]:
    return list(
        db_session.scalars(
            select(Certificate)
            .where(
                Certificate.si_number == si_number,
                Certificate.country == country,
                Certificate.status == "issued",
            )
            .order_by(Certificate.starts_on)
        )
    )


def _agreement(posting: PostingCreate) -> Agreement | None:
    since = first_in_force(posting.country)
    if since is None:
        return None
    return agreement_with(posting.country, max(posting.starts_on, since))


def _rule(
    agreement: Agreement | None, earlier: list[Certificate], posting: PostingCreate
) -> Ruling:
    if agreement is None:
        return Ruling(0, limits.NO_AGREEMENT)
    return limits.check(
        agreement,
        [Posting(c.unit_code, c.starts_on, c.ends_on) for c in earlier],
        Posting(posting.unit_code, posting.starts_on, posting.ends_on),
        extension=posting.extension,
    )


def _paper(certificate: Certificate, agreement: Agreement, employer: str) -> CoveragePaper:
    return CoveragePaper(
        reference=certificate.reference,
        country_vi=agreement.name_vi,
        country_en=agreement.name_en,
        agreement=f"{agreement.source}; hiệu lực từ {agreement.in_force_from:%d/%m/%Y}",
        scope_vi=agreement.scope_vi,
        scope_en=agreement.scope_en,
        host_scheme=agreement.host_scheme,
        employer=employer,
        unit_code=certificate.unit_code,
        period=f"{certificate.starts_on:%d/%m/%Y} – {certificate.ends_on:%d/%m/%Y}",
        months_counted=certificate.months_counted,
        extension=certificate.extension,
        form=agreement.form,
    )


def _certify(
    db_session: Session, actor: Actor, certificate: Certificate, agreement: Agreement, why: str
) -> None:
    employer = registry.get_employer(db_session=db_session, unit_code=certificate.unit_code)
    issued = documents.issue_coverage_certificate(
        db_session=db_session,
        actor=actor,
        si_number=certificate.si_number,
        paper=_paper(certificate, agreement, employer.name),
        purpose=why,
    )
    certificate.document_id, certificate.verification_url = issued.document_id, issued.url
    record(
        db_session=db_session,
        event=CoverageCertified(
            reference=certificate.reference,
            si_number=certificate.si_number,
            country=certificate.country,
            unit_code=certificate.unit_code,
            starts_on=certificate.starts_on,
            ends_on=certificate.ends_on,
            document_id=issued.document_id,
        ),
    )


def apply(*, db_session: Session, actor: Actor, purpose: str, posting: PostingCreate) -> Applied:
    """Rule on an employer's application: issue the certificate or refuse it with the reason."""
    registry.get_person(db_session=db_session, si_number=posting.si_number)
    registry.get_employer(db_session=db_session, unit_code=posting.unit_code)
    # one ruling at a time per worker: two postings checked at once could both fit the limits
    db_session.execute(select(func.pg_advisory_xact_lock(func.hashtext(posting.si_number))))
    earlier = _issued(db_session, posting.si_number, posting.country)
    for before in earlier:
        key = (before.unit_code, before.starts_on, before.ends_on)
        if key == (posting.unit_code, posting.starts_on, posting.ends_on):
            _audit(db_session, actor, posting.si_number, "read", purpose)
            return Applied(before, duplicate=True)
    agreement = _agreement(posting)
    ruling = _rule(agreement, earlier, posting)
    refusal = ruling.refusal
    certificate = Certificate(
        reference="CC-" + "".join(secrets.choice(ALPHABET) for _ in range(12)),
        **posting.model_dump(),
        months_counted=ruling.months,
        status="refused" if refusal else "issued",
        refusal_code=refusal.code if refusal else None,
        reason_vi=refusal.vi if refusal else None,
        reason_en=refusal.en if refusal else None,
        applied_by=actor.id,
        applied_at=clock.now(),
    )
    if agreement is not None and refusal is None:
        _certify(db_session, actor, certificate, agreement, purpose)
    db_session.add(certificate)
    db_session.flush()
    _audit(db_session, actor, posting.si_number, "create", purpose)
    return Applied(certificate, duplicate=False)


def read(*, db_session: Session, actor: Actor, purpose: str, reference: str) -> Certificate:
    """A certificate the caller applied for; NotFound for anyone else's (the read is audited)."""
    certificate = db_session.get(Certificate, reference)
    if certificate is None or certificate.applied_by != actor.id:
        raise NotFound("no certificate of coverage with that reference / không có giấy chứng nhận")
    _audit(db_session, actor, certificate.si_number, "read", purpose)
    return certificate


def read_pdf(*, db_session: Session, actor: Actor, purpose: str, reference: str) -> bytes:
    """The sealed PDF of an issued certificate the caller applied for."""
    certificate = read(db_session=db_session, actor=actor, purpose=purpose, reference=reference)
    if certificate.document_id is None:
        raise NotFound("the application was refused: no certificate / hồ sơ bị từ chối")
    return documents.read_pdf(
        db_session=db_session,
        actor=actor,
        si_number=certificate.si_number,
        document_id=certificate.document_id,
        purpose=purpose,
    )


def exemptions(
    *, db_session: Session, actor: Actor, purpose: str, si_number: str, on: date | None = None
) -> list[Exemption]:
    """A worker's exemptions from host schemes (those covering `on` if given); audited."""
    statement = select(Certificate).where(
        Certificate.si_number == si_number, Certificate.status == "issued"
    )
    if on is not None:
        statement = statement.where(Certificate.starts_on <= on, Certificate.ends_on >= on)
    rows = db_session.scalars(statement.order_by(Certificate.starts_on)).all()
    _audit(db_session, actor, si_number, "read", purpose)
    return [Exemption.model_validate(row) for row in rows]
