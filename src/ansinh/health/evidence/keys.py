"""Facilities' signing certificates: register one (PEM), list them, load the active ones."""

from __future__ import annotations

from collections.abc import Sequence

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import Conflict, NotFound, Unprocessable
from ansinh.health.evidence.models import SigningCertificate
from ansinh.health.models import Facility


def register(*, db_session: Session, facility_code: str, pem: bytes) -> SigningCertificate:
    """Register an RSA certificate (PEM) that verifies the documents `facility_code` signs."""
    if db_session.get(Facility, facility_code) is None:
        raise NotFound(f"no facility {facility_code!r}")
    try:
        certificate = x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise Unprocessable("not a PEM-encoded X.509 certificate") from None
    if not isinstance(certificate.public_key(), rsa.RSAPublicKey):
        raise Unprocessable("only RSA certificates are accepted (XMLDSig rsa-sha256)")
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    if db_session.scalar(select(SigningCertificate).filter_by(fingerprint=fingerprint)):
        raise Conflict("this certificate is already registered")
    row = SigningCertificate(
        facility_code=facility_code,
        fingerprint=fingerprint,
        subject=certificate.subject.rfc4514_string()[:500],
        not_after=certificate.not_valid_after_utc,
        pem=pem.decode("ascii"),
    )
    db_session.add(row)
    db_session.flush()
    return row


def deactivate(*, db_session: Session, certificate_id: int) -> SigningCertificate:
    """Stop a certificate verifying anything from now on (a leaked or replaced key)."""
    row = db_session.get(SigningCertificate, certificate_id)
    if row is None:
        raise NotFound(f"no signing certificate {certificate_id}")
    row.active = False
    db_session.flush()
    return row


def listed(*, db_session: Session, facility_code: str) -> Sequence[SigningCertificate]:
    """A facility's registered certificates, newest first."""
    return db_session.scalars(
        select(SigningCertificate)
        .filter_by(facility_code=facility_code)
        .order_by(SigningCertificate.certificate_id.desc())
    ).all()


def active(*, db_session: Session, facility_code: str) -> list[x509.Certificate]:
    """The certificates that may verify the facility's documents now (active, not expired)."""
    return [
        x509.load_pem_x509_certificate(row.pem.encode("ascii"))
        for row in listed(db_session=db_session, facility_code=facility_code)
        if row.active and row.not_after > clock.now()
    ]
