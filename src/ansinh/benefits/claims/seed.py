"""A month of demo claims from the synthetic province's workforce, through the claims verbs.

Employers' batches of sickness and childbirth claims with their certificates (a few late, a few
missing their certificate), citizens' own withdrawals, pensions opened by an officer and waiting
for a checker, refusals and an adjustment: every back-office and portal screen has data.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service
from ansinh.benefits.claims.enums import Branch, ClaimantKind, ClaimStatus
from ansinh.benefits.claims.models import Claim
from ansinh.benefits.claims.schemas import Adjustment, ClaimLine, Refusal
from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.core.security.actor import Actor
from ansinh.health.evidence.schemas import Certificate
from ansinh.health.evidence.service import store_certificate
from ansinh.registry import service as registry

MAKER = Actor(kind="officer", id="demo.maker")
PURPOSE = "demo data"
FACILITY = "79001"
CASH = {"channel": "cash"}


@dataclass(frozen=True)
class Worker:
    """An employed person of the demo province and their employer."""

    si_number: str
    sex: str
    born: date
    unit_code: str


def _workers(db_session: Session, province_code: str, wanted: int) -> list[Worker]:
    found = []
    persons = db_session.scalars(registry.list_persons(province_code=province_code))
    for person in persons:
        jobs = registry.list_employments(db_session=db_session, si_number=person.si_number)
        current = [job for job in jobs if job.end_date is None]
        if current:
            found.append(
                Worker(person.si_number, person.sex, person.date_of_birth, current[0].unit_code)
            )
        if len(found) >= wanted:
            break
    return found


def _certify(
    db_session: Session,
    serial: str,
    kind: Literal["sick_leave", "birth"],
    si_number: str,
    **dates: date,
) -> str:
    fields = {"from_date": None, "to_date": None, "event_date": None} | dates
    certificate = Certificate(
        serial=serial,
        kind=kind,
        personal_id=None,
        si_number=si_number,
        facility_code=FACILITY,
        caesarean=None,
        under_32_weeks=None,
        **fields,
    )
    store_certificate(db_session, certificate=certificate)
    return serial


def _employer_lines(
    db_session: Session, workers: list[Worker], today: date, rng: random.Random
) -> dict[tuple[str, date], list[ClaimLine]]:
    batches: dict[tuple[str, date], list[ClaimLine]] = defaultdict(list)
    filing_days: dict[str, date] = {}
    for n, worker in enumerate(workers):
        # one batch per employer, the employers' filing days spread over the month
        received = filing_days.setdefault(
            worker.unit_code, today - timedelta(days=rng.randint(1, 30))
        )
        start = received - timedelta(days=rng.randint(3, 12))
        late = n % 40 == 7
        if late:
            start = received - timedelta(days=70)
        if worker.sex == "F" and n % 9 == 0:
            serial = _certify(
                db_session, f"DEMO-B{n:05d}", "birth", worker.si_number, event_date=start
            )
            line = ClaimLine(
                si_number=worker.si_number,
                branch=Branch.CHILDBIRTH,
                period_from=start,
                facts={"children": 1},
                certificate_serials=[serial],
                **CASH,
            )
        else:
            end = start + timedelta(days=rng.randint(0, 4))
            serial = f"DEMO-S{n:05d}"
            if n % 25 != 3:  # now and then the clinic has not sent the certificate yet
                _certify(
                    db_session, serial, "sick_leave", worker.si_number, from_date=start, to_date=end
                )
            line = ClaimLine(
                si_number=worker.si_number,
                branch=Branch.SICKNESS,
                period_from=start,
                period_to=end,
                facts={"leave_days": (end - start).days + 1},
                certificate_serials=[serial],
                employer_received_on=end + timedelta(days=1) if late else None,
                late_explanation="Đơn vị chậm tổng hợp hồ sơ do thay đổi kế toán"
                if n % 80 == 7
                else None,
                **CASH,
            )
        batches[(worker.unit_code, received)].append(line)
    return batches


def _file_batches(
    db_session: Session, batches: dict[tuple[str, date], list[ClaimLine]]
) -> list[str]:
    references = []
    for (unit, received), lines in sorted(batches.items(), key=lambda item: item[0][1]):
        filed = service.file_claims(
            db_session,
            lines=lines,
            claimant_kind=ClaimantKind.EMPLOYER,
            received_on=received,
            unit_code=unit,
            batch_id=uuid.uuid4(),
            actor=Actor(kind="client", id=f"payroll-{unit}"),
            purpose=PURPOSE,
        )
        references += [line.reference for line in filed.filed]
    return references


def _citizens_and_officers(db_session: Session, workers: list[Worker], today: date) -> None:
    for worker in workers[:3]:
        service.file_claims(
            db_session,
            lines=[
                ClaimLine(
                    si_number=worker.si_number,
                    branch=Branch.ONE_TIME_WITHDRAWAL,
                    period_from=today,
                    facts={"ground": "out_of_insurance"},
                    **CASH,
                )
            ],
            claimant_kind=ClaimantKind.CITIZEN,
            received_on=today - timedelta(days=2),
            actor=Actor(kind="citizen", id=worker.si_number),
            purpose=PURPOSE,
        )
    oldest = sorted(workers, key=lambda w: w.born)[:4]
    pension_start = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    service.file_claims(
        db_session,
        lines=[
            ClaimLine(
                si_number=w.si_number,
                branch=Branch.PENSION,
                period_from=pension_start,
                **CASH,
            )
            for w in oldest
        ],
        claimant_kind=ClaimantKind.OFFICER,
        received_on=today - timedelta(days=5),
        actor=MAKER,
        purpose=PURPOSE,
    )


def _officers_work(db_session: Session, references: list[str]) -> None:
    claims = list(db_session.scalars(select(Claim).where(Claim.reference.in_(references))))
    held = [c.reference for c in claims if c.status == ClaimStatus.HELD][:2]
    for reference in held:
        refusal = Refusal(reasons=["Cơ sở khám chữa bệnh chưa gửi giấy chứng nhận nghỉ việc"])
        service.refuse(
            db_session, reference=reference, refusal=refusal, actor=MAKER, purpose=PURPOSE
        )
    granted = [c for c in claims if c.status == ClaimStatus.GRANTED and c.branch == Branch.SICKNESS]
    if granted:
        claim = granted[0]
        adjustment = Adjustment(
            facts={"leave_days": int(claim.facts.get("leave_days", 1)) + 1},
            reason="Bổ sung một ngày nghỉ theo giấy ra viện",
        )
        service.adjust(
            db_session,
            reference=claim.reference,
            adjustment=adjustment,
            actor=MAKER,
            purpose=PURPOSE,
        )


def seed_demo_claims(
    db_session: Session, *, province_code: str, today: date, workers: int = 300
) -> int:
    """File a month of claims once (none if any claim exists); return how many were filed."""
    if db_session.scalar(select(Claim.claim_id).limit(1)) is not None:
        return 0
    rng = random.Random(12)
    found = _workers(db_session, province_code, workers)
    references = _file_batches(db_session, _employer_lines(db_session, found, today, rng))
    _citizens_and_officers(db_session, found, today)
    _officers_work(db_session, references)
    return len(db_session.scalars(select(Claim.claim_id)).all())


def seed_demo_month(engine: Engine) -> str:
    """Seed the demo's month of claims in one transaction and say how long it took."""
    started = time.perf_counter()
    with Session(engine) as db_session, db_session.begin():
        filed = seed_demo_claims(
            db_session, province_code=get_settings().demo_province, today=clock.today()
        )
    if not filed:
        return "benefit claims already seeded; skipping"
    return f"seeded {filed:,} benefit claims in {time.perf_counter() - started:.1f} s"
