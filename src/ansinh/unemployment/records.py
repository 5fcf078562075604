"""The UI contribution record an employment centre asks for: signed, audited, counted."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.contributions.book.service import histories
from ansinh.core import clock, signing
from ansinh.core.audit import service as audit
from ansinh.core.errors import NotFound
from ansinh.core.security.actor import Actor
from ansinh.eid import usage
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonSearch
from ansinh.rules.history import expand
from ansinh.rules.reads import law
from ansinh.unemployment.models import Entitlement
from ansinh.unemployment.schemas import MonthSalary, Record, SignedRecord, Termination

RECORDS_PROVIDED = "ui_records"
RESOURCE = "unemployment.record"


def _used_and_reserved(db_session: Session, si_number: str) -> tuple[int, int]:
    used, reserved = db_session.execute(
        select(
            func.coalesce(func.sum(Entitlement.months_used), 0),
            func.coalesce(func.sum(Entitlement.months_reserved), 0),
        ).where(Entitlement.si_number == si_number, Entitlement.status != "moved")
    ).one()
    return int(used), int(reserved)


def _termination(db_session: Session, si_number: str) -> Termination | None:
    employments = registry.list_employments(db_session=db_session, si_number=si_number)
    last = employments[-1] if employments else None
    if last is None or last.end_date is None:
        return None
    return Termination(
        unit_code=last.unit_code,
        started_on=last.start_date,
        ended_on=last.end_date,
        contract_type=last.contract_type,
    )


def build_record(db_session: Session, si_number: str, full_name: str, on: date) -> Record:
    """A person's UI record as of `on` (unaudited: for `contribution_record` and the checks)."""
    periods = histories(db_session=db_session, si_numbers=[si_number], until=on).get(si_number, [])
    months = [m for m in expand(periods) if m.scheme == "compulsory" and m.unemployment_insured]
    used, reserved = _used_and_reserved(db_session, si_number)
    recent = int(str(law("unemployment/average_salary_months", on)))
    return Record(
        si_number=si_number,
        full_name=full_name,
        as_of=on,
        ui_months=max(len(months) - used, 0),
        used_months=used,
        reserved_months=reserved,
        last_six=[MonthSalary(month=m.month, salary=int(m.salary)) for m in months[-recent:]],
        termination=_termination(db_session, si_number),
    )


def contribution_record(
    *, db_session: Session, personal_id: str, actor: Actor, purpose: str
) -> SignedRecord:
    """The UI contribution record of the person with `personal_id`, signed; audited, counted."""
    person = db_session.scalar(registry.search_persons(PersonSearch(personal_id=personal_id)))
    if person is None:
        raise NotFound("Không có người tham gia bảo hiểm với số định danh này.")
    record = build_record(db_session, person.si_number, person.full_name, clock.today())
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[person.si_number],
        action="read",
        resource=RESOURCE,
        purpose=purpose,
    )
    usage.count(db_session=db_session, metric=RECORDS_PROVIDED)
    return SignedRecord(record=record, jws=signing.sign(record.model_dump(mode="json")))
