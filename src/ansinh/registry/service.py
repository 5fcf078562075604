"""Registry use cases. Services flush; the request or job boundary commits."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from pydantic import ValidationError
from sqlalchemy import Select, String, and_, extract, func, or_, select, text
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.arrays import any_of
from ansinh.core.audit import service as audit
from ansinh.core.audit.models import AuditEvent
from ansinh.core.errors import Conflict, Unprocessable, reasons_of
from ansinh.core.events import service as events
from ansinh.core.pagination import PageParams, fetch_page
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.geo import resolve_address
from ansinh.registry.enums import AuthStatus
from ansinh.registry.exceptions import (
    DuplicateIdentifier,
    EmployerNotFound,
    EmploymentNotFound,
    PersonNotFound,
)
from ansinh.registry.models import Employer, Employment, Person, Salary
from ansinh.registry.schemas import (
    ChangeSource,
    EmployerCreate,
    EmploymentCreate,
    EmploymentStarted,
    PersonCreate,
    PersonIdentityChanged,
    PersonRegistered,
    PersonSearch,
    PersonUpdate,
    SalaryCreate,
)

REGISTER_CORRECTION = "apply the population register's correction of identity data"


def _flush_unique(db_session: Session, field: str) -> None:
    """Flush inside a savepoint, turning a unique violation into a clear 409."""
    try:
        with db_session.begin_nested():
            db_session.flush()
    except IntegrityError as exc:
        raise DuplicateIdentifier(field) from exc


def allocate_si_number(*, db_session: Session, province_code: str | None) -> str:
    """Allocate a new 10-digit SI number: issuing province prefix + 8-digit sequence."""
    prefix = province_code or "00"
    while True:
        serial = db_session.execute(text("SELECT nextval('si_number_seq')")).scalar_one()
        candidate = f"{prefix}{serial % 100_000_000:08d}"
        if db_session.get(Person, candidate) is None:
            return candidate


def get_person(*, db_session: Session, si_number: str) -> Person:
    """Return the person with `si_number` or raise PersonNotFound (unaudited: for other verbs)."""
    person = db_session.get(Person, si_number)
    if person is None:
        raise PersonNotFound()
    return person


def get_persons(*, db_session: Session, si_numbers: Collection[str]) -> dict[str, Person]:
    """The persons among `si_numbers` that exist, by SI number, in one query (unaudited)."""
    rows = db_session.scalars(select(Person).where(any_of(Person.si_number, si_numbers, String)))
    return {person.si_number: person for person in rows}


def find_persons(*, db_session: Session, personal_ids: Collection[str]) -> dict[str, Person]:
    """The persons among `personal_ids` that exist, by personal ID, in one query (unaudited)."""
    rows = db_session.scalars(select(Person).where(Person.personal_id.in_(list(personal_ids))))
    return {person.personal_id: person for person in rows if person.personal_id}


def read_person(*, db_session: Session, si_number: str, actor: Actor, purpose: str) -> Person:
    """Return the person with `si_number` or raise PersonNotFound; the read is audited."""
    person = get_person(db_session=db_session, si_number=si_number)
    audit.record(
        db_session=db_session,
        actor=actor,
        purpose=purpose,
        subjects=[si_number],
        action="read",
        resource="registry.person",
    )
    return person


def page_persons(
    *,
    db_session: Session,
    statement: Select[Person],
    params: PageParams,
    actor: Actor,
    purpose: str,
) -> tuple[list[Person], int]:
    """One page of `statement` (from search_persons or list_persons) and the total; audited."""
    rows, total = fetch_page(db_session, statement, params)
    audit.record(
        db_session=db_session,
        actor=actor,
        purpose=purpose,
        subjects=[p.si_number for p in rows],
        action="read",
        resource="registry.person",
    )
    return rows, total


def page_person_audit(
    *, db_session: Session, si_number: str, params: PageParams, actor: Actor, purpose: str
) -> tuple[list[AuditEvent], int]:
    """One page of who read or changed the person's data, newest first; the read is audited."""
    get_person(db_session=db_session, si_number=si_number)
    return audit.read_events(
        db_session=db_session, subject=si_number, params=params, actor=actor, purpose=purpose
    )


def create_person(
    *, db_session: Session, person_in: PersonCreate, actor: Actor, purpose: str
) -> Person:
    """Register a person, allocating an SI number when none is given; the write is audited."""
    fields = person_in.model_dump()
    if fields["province_code"] is None and person_in.address:
        # Old records name pre-2025 provinces; store today's province.
        province = resolve_address(person_in.address)
        fields["province_code"] = province.code if province else None
    if fields["si_number"] is None:
        fields["si_number"] = allocate_si_number(
            db_session=db_session, province_code=fields["province_code"]
        )
    elif db_session.get(Person, fields["si_number"]) is not None:
        raise DuplicateIdentifier("si_number")
    if person_in.personal_id is not None:
        fields["birth_registration_code"] = person_in.personal_id[:3]
    person = Person(**fields)
    db_session.add(person)
    _flush_unique(db_session, "personal_id")
    db_session.refresh(person)
    events.record(db_session=db_session, event=PersonRegistered(si_number=person.si_number))
    audit.record(
        db_session=db_session,
        actor=actor,
        purpose=purpose,
        subjects=[person.si_number],
        action="create",
        resource="registry.person",
    )
    return person


def update_person(
    *,
    db_session: Session,
    si_number: str,
    person_in: PersonUpdate,
    actor: Actor,
    purpose: str,
    source: ChangeSource = "registry",
) -> Person:
    """Apply identity-data changes, re-checking the personal ID against the result; audited."""
    person = get_person(db_session=db_session, si_number=si_number)
    changes = person_in.model_dump(exclude_unset=True)
    current = {k: getattr(person, k) for k in PersonCreate.model_fields if k != "si_number"}
    try:
        merged = PersonCreate.model_validate(current | changes).model_dump()
    except ValidationError as exc:
        raise Unprocessable(reasons_of(exc.errors())) from None
    for key in changes:
        setattr(person, key, merged[key])
    if "personal_id" in changes and person.personal_id is not None:
        person.birth_registration_code = person.personal_id[:3]
    _flush_unique(db_session, "personal_id")
    if changes:
        changed = PersonIdentityChanged(si_number=si_number, fields=sorted(changes), source=source)
        events.record(db_session=db_session, event=changed)
    audit.record(
        db_session=db_session,
        actor=actor,
        purpose=purpose,
        subjects=[si_number],
        action="update",
        resource="registry.person",
    )
    return person


def update_from_register(
    *, db_session: Session, personal_id: str, person_in: PersonUpdate
) -> Person | None:
    """Apply the population register's correction to whoever holds `personal_id` (None: nobody)."""
    si_number = db_session.scalar(select(Person.si_number).where(Person.personal_id == personal_id))
    if si_number is None:
        return None
    return update_person(
        db_session=db_session,
        si_number=si_number,
        person_in=person_in,
        actor=SYSTEM,
        purpose=REGISTER_CORRECTION,
        source="population_register",
    )


def search_persons(search: PersonSearch) -> Select[Person]:
    """Build the query matching a person search."""
    conditions = []
    if search.personal_id:
        conditions.append(Person.personal_id == search.personal_id)
    if search.si_number:
        conditions.append(Person.si_number == search.si_number)
    if search.old_id_card:
        conditions.append(Person.old_id_card == search.old_id_card)
    if search.full_name:
        by_name = [Person.full_name == search.full_name]
        if search.birth_year:
            by_name.append(extract("year", Person.date_of_birth) == search.birth_year)
        conditions.append(and_(*by_name))
    return select(Person).where(or_(*conditions)).order_by(Person.si_number)


def list_persons(
    *, province_code: str | None = None, auth_status: str | None = None
) -> Select[Person]:
    """Build the query listing persons, optionally filtered."""
    statement = select(Person).order_by(Person.si_number)
    if province_code:
        statement = statement.where(Person.province_code == province_code)
    if auth_status:
        statement = statement.where(Person.auth_status == auth_status)
    return statement


def get_employer(*, db_session: Session, unit_code: str) -> Employer:
    """Return the employer or raise EmployerNotFound."""
    employer = db_session.get(Employer, unit_code)
    if employer is None:
        raise EmployerNotFound(unit_code)
    return employer


def create_employer(*, db_session: Session, employer_in: EmployerCreate) -> Employer:
    """Register an employer."""
    if db_session.get(Employer, employer_in.unit_code) is not None:
        raise DuplicateIdentifier("unit_code")
    employer = Employer(**employer_in.model_dump())
    db_session.add(employer)
    _flush_unique(db_session, "tax_code")
    return employer


def list_employers(*, province_code: str | None = None) -> Select[Employer]:
    """Build the query listing employers, optionally by province."""
    statement = select(Employer).order_by(Employer.unit_code)
    if province_code:
        statement = statement.where(Employer.province_code == province_code)
    return statement


def get_employment(*, db_session: Session, employment_id: int) -> Employment:
    """Return the employment or raise EmploymentNotFound (unaudited: for other verbs)."""
    employment = db_session.get(Employment, employment_id)
    if employment is None:
        raise EmploymentNotFound(employment_id)
    return employment


def read_employment(
    *, db_session: Session, employment_id: int, actor: Actor, purpose: str
) -> Employment:
    """Return the employment with its salaries or raise EmploymentNotFound; audited."""
    employment = get_employment(db_session=db_session, employment_id=employment_id)
    audit.record(
        db_session=db_session,
        actor=actor,
        purpose=purpose,
        subjects=[employment.si_number],
        action="read",
        resource="registry.employment",
    )
    return employment


def list_employments(*, db_session: Session, si_number: str) -> Sequence[Employment]:
    """Return a person's employments, oldest first (unaudited: for other verbs)."""
    return db_session.scalars(
        select(Employment)
        .where(Employment.si_number == si_number)
        .order_by(Employment.start_date, Employment.employment_id)
    ).all()


def last_employments(*, db_session: Session, si_numbers: Collection[str]) -> dict[str, Employment]:
    """Each person's employment that started last, by SI number, in one query (unaudited)."""
    rows = db_session.scalars(
        select(Employment)
        .where(Employment.si_number.in_(list(si_numbers)))
        .order_by(
            Employment.si_number, Employment.start_date.desc(), Employment.employment_id.desc()
        )
        .ext(distinct_on(Employment.si_number))
    )
    return {employment.si_number: employment for employment in rows}


def read_employments(
    *, db_session: Session, si_number: str, actor: Actor, purpose: str
) -> Sequence[Employment]:
    """A registered person's employments with salaries, oldest first; the read is audited."""
    get_person(db_session=db_session, si_number=si_number)
    employments = list_employments(db_session=db_session, si_number=si_number)
    audit.record(
        db_session=db_session,
        actor=actor,
        purpose=purpose,
        subjects=[si_number],
        action="read",
        resource="registry.employment",
    )
    return employments


def _overlapping(db_session: Session, employment_in: EmploymentCreate) -> bool:
    far_future = date.max
    new_end = employment_in.end_date or far_future
    return (
        db_session.scalar(
            select(Employment.employment_id).where(
                Employment.si_number == employment_in.si_number,
                Employment.unit_code == employment_in.unit_code,
                Employment.start_date <= new_end,
                or_(Employment.end_date.is_(None), Employment.end_date >= employment_in.start_date),
            )
        )
        is not None
    )


def create_employment(
    *, db_session: Session, employment_in: EmploymentCreate, actor: Actor, purpose: str
) -> Employment:
    """Record a contract with its starting salary, refusing overlaps; the write is audited."""
    if db_session.get(Person, employment_in.si_number) is None:
        raise Unprocessable("si_number: no person with that SI number is registered")
    if db_session.get(Employer, employment_in.unit_code) is None:
        raise Unprocessable(f"unit_code: no employer {employment_in.unit_code} is registered")
    if _overlapping(db_session, employment_in):
        raise Conflict("this person already has an employment with that employer in the period")
    fields = employment_in.model_dump(exclude={"salary"})
    employment = Employment(
        **fields,
        salaries=[Salary(effective_from=employment_in.start_date, amount=employment_in.salary)],
    )
    db_session.add(employment)
    db_session.flush()
    started = EmploymentStarted(
        employment_id=employment.employment_id,
        si_number=employment.si_number,
        unit_code=employment.unit_code,
        start_date=employment.start_date,
    )
    events.record(db_session=db_session, event=started)
    audit.record(
        db_session=db_session,
        actor=actor,
        purpose=purpose,
        subjects=[employment.si_number],
        action="create",
        resource="registry.employment",
    )
    return employment


def add_salary(
    *, db_session: Session, employment_id: int, salary_in: SalaryCreate, actor: Actor, purpose: str
) -> Employment:
    """Record a salary change within the employment's period; the write is audited."""
    employment = get_employment(db_session=db_session, employment_id=employment_id)
    if salary_in.effective_from < employment.start_date or (
        employment.end_date is not None and salary_in.effective_from > employment.end_date
    ):
        raise Unprocessable("effective_from: outside the employment's period")
    if any(s.effective_from == salary_in.effective_from for s in employment.salaries):
        raise Conflict("a salary is already recorded from that date")
    employment.salaries.append(Salary(**salary_in.model_dump()))
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=actor,
        purpose=purpose,
        subjects=[employment.si_number],
        action="update",
        resource="registry.employment",
    )
    return employment


def count_insured(*, db_session: Session, on: date) -> tuple[int, int]:
    """Persons with an employment running on `on`, and how many of them are verified."""
    insured = (
        select(Employment.si_number)
        .where(Employment.start_date <= on)
        .where(or_(Employment.end_date.is_(None), Employment.end_date >= on))
    )
    total, verified = db_session.execute(
        select(func.count(), func.count().filter(Person.auth_status == AuthStatus.VERIFIED))
        .select_from(Person)
        .where(Person.si_number.in_(insured))
    ).one()
    return int(total), int(verified)


def set_auth_status(
    *, db_session: Session, si_number: str, status: AuthStatus, personal_id: str | None = None
) -> Person:
    """Record a check against the population register (taking its personal ID if given)."""
    person = get_person(db_session=db_session, si_number=si_number)
    if personal_id and person.personal_id != personal_id:
        person.personal_id = personal_id
        person.birth_registration_code = personal_id[:3]
    person.auth_status, person.auth_checked_at = status, clock.now()
    return person


def count_by_auth_status(
    *, db_session: Session, province_code: str | None = None
) -> dict[str, int]:
    """Persons per authentication status (optionally in one province)."""
    statement = select(Person.auth_status, func.count()).group_by(Person.auth_status)
    if province_code:
        statement = statement.where(Person.province_code == province_code)
    return {str(s): int(n) for s, n in db_session.execute(statement).all()}


def verified_personal_ids(*, db_session: Session) -> Sequence[str]:
    """The personal IDs of every verified person."""
    statement = select(Person.personal_id).where(
        Person.auth_status == AuthStatus.VERIFIED, Person.personal_id.is_not(None)
    )
    return [str(p) for p in db_session.scalars(statement)]
