"""The registry's set-based verbs read a caller's staging table and write only registry tables."""

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.security.actor import SYSTEM
from ansinh.identity import build_personal_id
from ansinh.registry import bulk
from ansinh.registry import service as registry
from ansinh.registry.schemas import EmployerCreate


def _stage(db_session: Session, name: str, columns: str, rows: str) -> None:
    db_session.execute(text(f"CREATE TEMP TABLE {name} ({columns}) ON COMMIT DROP"))
    db_session.execute(text(f"INSERT INTO {name} VALUES {rows}"))


def test_a_staged_workforce_is_registered_hired_paid_and_let_go(db_session: Session) -> None:
    registry.create_employer(
        db_session=db_session,
        employer_in=EmployerCreate(
            unit_code="BK0001A",
            tax_code="0312345670",
            name="Công ty Bulk",
            province_code="79",
            wage_region="I",
        ),
    )
    pid = build_personal_id(birth_registration_code="079", sex="F", birth_year=1990, serial=4242)
    _stage(
        db_session,
        "new_people",
        "personal_id text, full_name text, date_of_birth date, sex text, province_code text, "
        "si_number text",
        f"('{pid}', 'Lê Thị Bulk', '1990-02-03', 'F', '79', NULL)",
    )
    bulk.register_persons(db_session=db_session, staging="new_people")
    si = db_session.scalar(text("SELECT si_number FROM new_people"))
    assert si is not None and si.startswith("79") and len(si) == 10
    person = registry.get_person(db_session=db_session, si_number=si)
    assert (person.personal_id, person.birth_registration_code, person.province_code) == (
        pid,
        "079",
        "79",
    )

    _stage(
        db_session,
        "hires",
        "si_number text, unit_code text, start_date date, contract_type text, salary bigint, "
        "sort_key int",
        f"('{si}', 'BK0001A', '2026-01-05', 'indefinite', 9000000, 1)",
    )
    bulk.start_employments(db_session=db_session, staging="hires")
    (employment,) = registry.list_employments(db_session=db_session, si_number=si)
    _stage(
        db_session,
        "raises",
        "employment_id bigint, effective_from date, amount bigint",
        f"({employment.employment_id}, '2026-04-01', 11000000)",
    )
    bulk.set_salaries(db_session=db_session, staging="raises")
    _stage(
        db_session,
        "leavers",
        "employment_id bigint, end_date date",
        f"({employment.employment_id}, '2026-03-31')",
    )
    bulk.end_employments(db_session=db_session, staging="leavers")
    db_session.expire_all()
    (employment,) = registry.list_employments(db_session=db_session, si_number=si)
    assert employment.end_date == date(2026, 3, 31)
    assert [(s.effective_from, s.amount) for s in employment.salaries] == [
        (date(2026, 1, 5), 9_000_000)
    ]  # the raise after the end no longer applies


def test_set_based_audit_writes_one_event_per_distinct_subject(db_session: Session) -> None:
    written = audit.record_from_select(
        db_session=db_session,
        actor=SYSTEM,
        subjects="SELECT s AS subject FROM unnest(ARRAY['7900000001', '7900000001', "
        "'7900000002']) s",
        action="create",
        resource="registry.person",
        purpose="test",
    )
    assert written == 2
