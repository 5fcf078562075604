"""Store certificates and look them up by serial (one, or a set at once for batches)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session

from ansinh.health.evidence.models import MedicalCertificate
from ansinh.health.evidence.schemas import Certificate


def store_certificate(
    db_session: Session, *, certificate: Certificate, raw_xml: bytes | None = None
) -> None:
    """Keep a certificate (a second copy of the same serial replaces the first)."""
    values = certificate.model_dump() | {"raw_xml": raw_xml}
    db_session.execute(
        insert(MedicalCertificate)
        .values(values)
        .on_conflict_do_update(index_elements=["serial"], set_=values)
    )


def certificate_by_serial(db_session: Session, *, serial: str) -> Certificate | None:
    """The certificate with `serial`, or None."""
    row = db_session.get(MedicalCertificate, serial)
    return None if row is None else Certificate.model_validate(row)


def certificates_by_serial(
    db_session: Session, *, serials: Collection[str]
) -> dict[str, Certificate]:
    """The certificates among `serials` that exist, by serial (one query)."""
    rows = db_session.scalars(
        select(MedicalCertificate).where(
            MedicalCertificate.serial
            == any_(bindparam("serials", list(serials), type_=ARRAY(String)))
        )
    )
    return {row.serial: Certificate.model_validate(row) for row in rows}
