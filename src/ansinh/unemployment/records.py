"""The UI contribution record an employment centre asks for: signed, audited, counted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.contributions.book.service import histories
from ansinh.core import clock, signing
from ansinh.core.audit import service as audit
from ansinh.core.errors import NotFound
from ansinh.core.security.actor import Actor
from ansinh.eid import usage
from ansinh.registry import service as registry
from ansinh.rules.history import expand
from ansinh.rules.reads import law
from ansinh.unemployment.models import Entitlement
from ansinh.unemployment.schemas import MonthSalary, Record, SignedRecord, Termination

if TYPE_CHECKING:  # the registry's verbs return these; nothing here touches its tables
    from ansinh.registry.models import Employment, Person

RECORDS_PROVIDED = "ui_records"
RESOURCE = "unemployment.record"


def _used_and_reserved(db_session: Session, si_numbers: list[str]) -> dict[str, tuple[int, int]]:
    rows = db_session.execute(
        select(
            Entitlement.si_number,
            func.sum(Entitlement.months_used),
            func.sum(Entitlement.months_reserved),
        )
        .where(Entitlement.si_number.in_(si_numbers), Entitlement.status != "moved")
        .group_by(Entitlement.si_number)
    ).all()
    return {si: (int(used), int(reserved)) for si, used, reserved in rows}


def _termination(last: Employment | None) -> Termination | None:
    if last is None or last.end_date is None:
        return None
    return Termination(
        unit_code=last.unit_code,
        started_on=last.start_date,
        ended_on=last.end_date,
        contract_type=last.contract_type,
    )


def build_records(db_session: Session, persons: Sequence[Person], on: date) -> list[Record]:
    """Persons' UI records as of `on`, their books read at once (unaudited: for the verbs)."""
    si_numbers = [p.si_number for p in persons]
    books = histories(db_session=db_session, si_numbers=si_numbers, until=on)
    spent = _used_and_reserved(db_session, si_numbers)
    last = registry.last_employments(db_session=db_session, si_numbers=si_numbers)
    recent = int(str(law("unemployment/average_salary_months", on)))
    records = []
    for person in persons:
        months = [
            m
            for m in expand(books.get(person.si_number, []))
            if m.scheme == "compulsory" and m.unemployment_insured
        ]
        used, reserved = spent.get(person.si_number, (0, 0))
        records.append(
            Record(
                si_number=person.si_number,
                full_name=person.full_name,
                as_of=on,
                ui_months=max(len(months) - used, 0),
                used_months=used,
                reserved_months=reserved,
                last_six=[
                    MonthSalary(month=m.month, salary=int(m.salary)) for m in months[-recent:]
                ],
                termination=_termination(last.get(person.si_number)),
            )
        )
    return records


def contribution_records(
    *, db_session: Session, personal_ids: Sequence[str], actor: Actor, purpose: str
) -> list[SignedRecord | None]:
    """The signed UI records of the persons with `personal_ids`, in order (None: unknown).

    Every record answered is audited against its person and counted for the scorecard.
    """
    known = registry.find_persons(db_session=db_session, personal_ids=personal_ids)
    found = [known.get(pid) for pid in personal_ids]
    persons = [p for p in found if p is not None]
    records = iter(build_records(db_session, persons, clock.today()))
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[p.si_number for p in persons],
        action="read",
        resource=RESOURCE,
        purpose=purpose,
    )
    usage.count(db_session=db_session, metric=RECORDS_PROVIDED, times=len(persons))
    answers: list[SignedRecord | None] = []
    for person in found:
        record = None if person is None else next(records)
        answers.append(
            None
            if record is None
            else SignedRecord(record=record, jws=signing.sign(record.model_dump(mode="json")))
        )
    return answers


def contribution_record(
    *, db_session: Session, personal_id: str, actor: Actor, purpose: str
) -> SignedRecord:
    """The UI contribution record of the person with `personal_id`, signed; audited, counted."""
    [answer] = contribution_records(
        db_session=db_session, personal_ids=[personal_id], actor=actor, purpose=purpose
    )
    if answer is None:
        raise NotFound("Không có người tham gia bảo hiểm với số định danh này.")
    return answer
