"""The demo's synthetic hospital: a registered key and a month of signed certificates, once."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as day_time
from typing import TYPE_CHECKING

from lxml import etree
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.health.evidence import keys, pl02
from ansinh.health.evidence.models import MedicalCertificate
from ansinh.health.evidence.receipts import accept_signed
from ansinh.registry import service as registry
from ansinh.synth import hospital

if TYPE_CHECKING:
    from ansinh.registry.models import Person

SOURCE = "demo:synthetic-hospital"
PEOPLE_DRAWN = 3000
SICK_LEAVES, BIRTHS, DEATHS = 120, 15, 2
_MOTHERS_BORN = (date(1986, 1, 1), date(2006, 1, 1))


def _patient(person: Person) -> hospital.Patient:
    return hospital.Patient(
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        sex="2" if person.sex == "F" else "1",
        personal_id=person.personal_id or "",
        si_number=person.si_number,
    )


def _documents(
    rng: random.Random, facility: str, people: list[hospital.Patient], today: date
) -> list[tuple[str, etree._Element]]:
    """(loaiHs, unsigned document) for a month of sick leaves, births and a few deaths."""
    documents: list[tuple[str, etree._Element]] = []
    for n, patient in enumerate(rng.sample(people, min(SICK_LEAVES, len(people)))):
        first = today - timedelta(days=rng.randint(3, 30))
        leave = hospital.sick_leave(
            facility,
            f"{n + 1:07d}",
            patient,
            first_day=first,
            last_day=first + timedelta(days=rng.randint(0, 6)),
            issued=first,
        )
        documents.append((pl02.CERTIFICATES, leave))
    mothers = [
        p for p in people if p.sex == "2" and _MOTHERS_BORN[0] <= p.date_of_birth < _MOTHERS_BORN[1]
    ]
    for n, mother in enumerate(rng.sample(mothers, min(BIRTHS, len(mothers)))):
        born = datetime.combine(
            today - timedelta(days=rng.randint(1, 30)),
            day_time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)),
        )
        birth = hospital.birth_certificate(
            facility,
            f"{n + 1:06d}",
            mother,
            born_at=born,
            child_name=f"Con của {mother.full_name}",
            child_sex=rng.choice("12"),
            caesarean=rng.random() < 0.4,
            under_32_weeks=rng.random() < 0.05,
            book=f"{today:%Y}",
        )
        documents.append((pl02.BIRTH_CERTIFICATE, birth))
    for n, person in enumerate(rng.sample(people, min(DEATHS, len(people)))):
        died = datetime.combine(today - timedelta(days=rng.randint(1, 10)), day_time(4, 30))
        notice = hospital.death_notice(
            facility, f"GBT{today:%Y}{n + 1:05d}", person, died_at=died, cause="I21"
        )
        documents.append((pl02.DEATH_NOTICE, notice))
    return documents


def seed(*, db_session: Session, province: str, today: date) -> Counter[str]:
    """Register a synthetic key for the province's hospital and send it a month of documents."""
    facility = f"{province}001"
    key = hospital.facility_key(facility)
    keys.register(db_session=db_session, facility_code=facility, pem=key.certificate_pem)
    drawn = db_session.scalars(registry.list_persons(province_code=province).limit(PEOPLE_DRAWN))
    people = [_patient(p) for p in drawn if p.personal_id]
    outcomes: Counter[str] = Counter()
    for document_type, document in _documents(random.Random(2026), facility, people, today):
        outcome = accept_signed(
            db_session,
            facility_code=facility,
            document_type=document_type,
            raw=hospital.signed(document, key),
            source=SOURCE,
        )
        outcomes[outcome.result] += 1
    return outcomes


def seed_demo_evidence(engine: Engine) -> str:
    """Seed the demo's hospital certificates once (`seed`), and say what was done."""
    started = time.perf_counter()
    province = get_settings().demo_province
    with Session(engine) as db_session, db_session.begin():
        if db_session.scalar(select(MedicalCertificate.certificate_id).limit(1)) is not None:
            return "hospital certificates already seeded; skipping"
        outcomes = seed(db_session=db_session, province=province, today=clock.today())
    return (
        f"synthetic hospital {province}001: {outcomes['accepted']:,} certificates signed, "
        f"verified and stored ({outcomes['refused']} refused) in "
        f"{time.perf_counter() - started:.1f} s"
    )
