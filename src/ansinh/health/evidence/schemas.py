"""The certificate other domains read, and the events a birth or death certificate announces."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from ansinh.core.events.schemas import DomainEvent

CertificateKind = Literal["sick_leave", "birth", "death", "discharge", "pregnancy_rest"]


class Certificate(BaseModel):
    """A medical certificate as claims use it: who, which days or which event, from where.

    For a birth certificate the person is the mother and `event_date` the day of birth; for a
    death notice, the deceased and the day of death; for a sick-leave, discharge or pregnancy-rest
    certificate, the patient, the leave's first and last day (`from_date`, `to_date`) and the day
    the certificate was issued (`event_date`).
    """

    model_config = ConfigDict(frozen=True)

    serial: str
    kind: CertificateKind
    personal_id: str | None
    si_number: str | None
    from_date: date | None
    to_date: date | None
    event_date: date | None
    facility_code: str
    caesarean: bool | None
    under_32_weeks: bool | None


class MedicalBirthCertified(DomainEvent):
    """A hospital's medical birth certificate arrived (Circular 22/2025; PL02 loaiHs 61).

    Medical evidence, not a registration: the civil registry's `BirthRegistered` gives the child
    a personal ID; this lets the birth be matched to it and a father's leave be decided.
    """

    name: ClassVar[str] = "MedicalBirthCertified"
    serial: str
    facility_code: str
    mother_personal_id: str | None
    mother_si_number: str | None
    date_of_birth: date
    caesarean: bool | None
    under_32_weeks: bool | None


class MedicalDeathNotified(DomainEvent):
    """A hospital's death notice arrived (PL02 loaiHs 60).

    A report, not a registration: consumers may open a case or hold it for the civil registry's
    confirmation, but a hospital-only death report must NEVER stop a payment by itself.
    """

    name: ClassVar[str] = "MedicalDeathNotified"
    serial: str
    facility_code: str
    personal_id: str | None
    si_number: str | None
    date_of_death: date
