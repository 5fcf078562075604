"""Registry REST API, thin: the verbs audit every read and write of a person's data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status
from sqlalchemy import Select

from ansinh.core.audit.schemas import AuditEventRead
from ansinh.core.db import DbSession
from ansinh.core.pagination import IdPath, Page, PageParams, Paging, fetch_page
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import Purpose, require
from ansinh.identity.schemas import SiNumberPath
from ansinh.registry import service
from ansinh.registry.enums import AuthStatus
from ansinh.registry.models import Person
from ansinh.registry.schemas import (
    EmployerCreate,
    EmployerRead,
    EmploymentCreate,
    EmploymentRead,
    PersonCreate,
    PersonRead,
    PersonSearch,
    PersonUpdate,
    SalaryCreate,
)

router = APIRouter(prefix="/api/v1/registry", tags=["registry"])

Reader = Annotated[Actor, Depends(require("registry:read"))]
Writer = Annotated[Actor, Depends(require("registry:write"))]
ProvinceFilter = Annotated[str | None, Query(pattern=r"^\d{2}$")]


@router.post("/persons", status_code=status.HTTP_201_CREATED, response_model=PersonRead)
def create_person(body: PersonCreate, db: DbSession, actor: Writer, purpose: Purpose) -> PersonRead:
    """Register an insured person."""
    person = service.create_person(db_session=db, person_in=body, actor=actor, purpose=purpose)
    return PersonRead.model_validate(person)


@router.post("/persons/search", response_model=Page[PersonRead])
def search_persons(
    body: PersonSearch, db: DbSession, actor: Reader, purpose: Purpose, paging: Paging
) -> Page[PersonRead]:
    """Find persons by personal ID, SI number, old ID card number, or name and birth year."""
    return _person_page(db, service.search_persons(body), paging, actor, purpose)


@router.get("/persons", response_model=Page[PersonRead])
def list_persons(
    db: DbSession,
    actor: Reader,
    purpose: Purpose,
    paging: Paging,
    province_code: ProvinceFilter = None,
    auth_status: AuthStatus | None = None,
) -> Page[PersonRead]:
    """List persons, optionally by current province and authentication status."""
    statement = service.list_persons(province_code=province_code, auth_status=auth_status)
    return _person_page(db, statement, paging, actor, purpose)


def _person_page(
    db: DbSession, statement: Select[Person], paging: PageParams, actor: Actor, purpose: str
) -> Page[PersonRead]:
    rows, total = service.page_persons(
        db_session=db, statement=statement, params=paging, actor=actor, purpose=purpose
    )
    items = [PersonRead.model_validate(p) for p in rows]
    return Page(items=items, total=total, page=paging.page, size=paging.size)


@router.get("/persons/{si_number}", response_model=PersonRead)
def get_person(
    si_number: SiNumberPath, db: DbSession, actor: Reader, purpose: Purpose
) -> PersonRead:
    """Read one person."""
    person = service.read_person(db_session=db, si_number=si_number, actor=actor, purpose=purpose)
    return PersonRead.model_validate(person)


@router.patch("/persons/{si_number}", response_model=PersonRead)
def update_person(
    si_number: SiNumberPath, body: PersonUpdate, db: DbSession, actor: Writer, purpose: Purpose
) -> PersonRead:
    """Change a person's identity data."""
    person = service.update_person(
        db_session=db, si_number=si_number, person_in=body, actor=actor, purpose=purpose
    )
    return PersonRead.model_validate(person)


@router.get("/persons/{si_number}/employments", response_model=list[EmploymentRead])
def list_person_employments(
    si_number: SiNumberPath, db: DbSession, actor: Reader, purpose: Purpose
) -> list[EmploymentRead]:
    """A person's employments with salary history."""
    employments = service.read_employments(
        db_session=db, si_number=si_number, actor=actor, purpose=purpose
    )
    return [EmploymentRead.model_validate(e) for e in employments]


@router.get("/persons/{si_number}/audit", response_model=Page[AuditEventRead])
def list_person_audit(
    si_number: SiNumberPath, db: DbSession, actor: Reader, purpose: Purpose, paging: Paging
) -> Page[AuditEventRead]:
    """Who read or changed this person's data, newest first."""
    rows, total = service.page_person_audit(
        db_session=db, si_number=si_number, params=paging, actor=actor, purpose=purpose
    )
    items = [AuditEventRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, size=paging.size)


@router.post("/employers", status_code=status.HTTP_201_CREATED, response_model=EmployerRead)
def create_employer(body: EmployerCreate, db: DbSession, _: Writer) -> EmployerRead:
    """Register an employer."""
    return EmployerRead.model_validate(service.create_employer(db_session=db, employer_in=body))


@router.get("/employers", response_model=Page[EmployerRead])
def list_employers(
    db: DbSession, _: Reader, paging: Paging, province_code: ProvinceFilter = None
) -> Page[EmployerRead]:
    """List employers, optionally by province."""
    rows, total = fetch_page(db, service.list_employers(province_code=province_code), paging)
    items = [EmployerRead.model_validate(e) for e in rows]
    return Page(items=items, total=total, page=paging.page, size=paging.size)


@router.get("/employers/{unit_code}", response_model=EmployerRead)
def get_employer(
    unit_code: Annotated[str, Path(pattern=r"^[A-Z0-9]{5,12}$")], db: DbSession, _: Reader
) -> EmployerRead:
    """Read one employer."""
    return EmployerRead.model_validate(service.get_employer(db_session=db, unit_code=unit_code))


@router.post("/employments", status_code=status.HTTP_201_CREATED, response_model=EmploymentRead)
def create_employment(
    body: EmploymentCreate, db: DbSession, actor: Writer, purpose: Purpose
) -> EmploymentRead:
    """Record a contract between a person and an employer."""
    employment = service.create_employment(
        db_session=db, employment_in=body, actor=actor, purpose=purpose
    )
    return EmploymentRead.model_validate(employment)


@router.get("/employments/{employment_id}", response_model=EmploymentRead)
def get_employment(
    employment_id: IdPath, db: DbSession, actor: Reader, purpose: Purpose
) -> EmploymentRead:
    """Read one employment with its salary history."""
    employment = service.read_employment(
        db_session=db, employment_id=employment_id, actor=actor, purpose=purpose
    )
    return EmploymentRead.model_validate(employment)


@router.post(
    "/employments/{employment_id}/salaries",
    status_code=status.HTTP_201_CREATED,
    response_model=EmploymentRead,
)
def add_salary(
    employment_id: IdPath,
    body: SalaryCreate,
    db: DbSession,
    actor: Writer,
    purpose: Purpose,
) -> EmploymentRead:
    """Record a salary change."""
    employment = service.add_salary(
        db_session=db, employment_id=employment_id, salary_in=body, actor=actor, purpose=purpose
    )
    return EmploymentRead.model_validate(employment)
