"""Online-services fixtures: an insured person with an HI card, an employer, officers, files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.security.actor import Actor
from ansinh.health.models import Card, Facility
from ansinh.registry import service as registry
from ansinh.registry.schemas import EmployerCreate
from ansinh.services import service
from ansinh.services.catalogue import Procedure
from ansinh.services.models import Application
from ansinh.services.schemas import FileIn
from tests.benefits.claims.conftest import (
    Insure,
    insure,  # noqa: F401  (a fixture)
)
from tests.portal.conftest import (  # noqa: F401  (fixtures)
    browser,
    eid,
    eid_app_key,
    portal_app,
    provider,
)

DAY = date(2026, 10, 5)  # a Monday; the primary-care window of the quarter is open
UNIT = "HQ0001A"
MAKER = Actor(kind="officer", id="nguyen.van.a")
CHECKER = Actor(kind="officer", id="tran.thi.b")
EMPLOYER = Actor(kind="client", id="services-test", scopes=frozenset({"services:apply"}))
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture()
def applicant(db_session: Session, insure: Insure) -> str:  # noqa: F811
    """An insured woman of province 79 with a current HI card; an employer that posts workers."""
    si = insure()
    # a personal ID that agrees with the birth year and sex (079 · woman born 19xx · 90)
    db_session.execute(
        text("UPDATE persons SET personal_id = :pid WHERE si_number = :si"),
        {"pid": "079190" + si[-6:], "si": si},
    )
    db_session.add_all(
        [
            Facility(code="79001", name="Trạm Y tế Phường 1", level="primary", province_code="79"),
            Facility(code="79002", name="Bệnh viện Quận 3", level="basic", province_code="79"),
        ]
    )
    db_session.flush()
    db_session.add_all(
        [
            Card(
                si_number=si,
                object_code="DN",
                benefit_level=4,
                province_code="79",
                valid_from=date(2026, 1, 1),
                valid_to=date(2026, 12, 31),
                facility_code="79001",
            ),
        ]
    )
    registry.create_employer(
        db_session=db_session,
        employer_in=EmployerCreate(
            unit_code=UNIT,
            tax_code="0318888881",
            name="Công ty TNHH Kỹ thuật Hàn Việt",
            province_code="79",
            wage_region="I",
        ),
    )
    db_session.flush()
    return si


def answers_for(db_session: Session, procedure: Procedure, si_number: str) -> dict[str, Any]:
    """The catalogue's example answers, with its placeholders filled for `si_number`."""
    person = registry.get_person(db_session=db_session, si_number=si_number)
    fill = {
        "@name": person.full_name.upper(),
        "@recent": (clock.today() - timedelta(days=10)).isoformat(),
        "@unit": UNIT,
    }
    return {
        k: fill.get(v, v) if isinstance(v, str) else v for k, v in (procedure.example or {}).items()
    }


def files_for(procedure: Procedure, content: bytes = PDF) -> list[FileIn]:
    """One PDF per required document of the procedure."""
    return [
        FileIn(a.kind, f"{a.kind}.pdf", "application/pdf", content)
        for a in procedure.attachments
        if a.required
    ]


Submit = Callable[..., Application]


@pytest.fixture()
def submit(db_session: Session, applicant: str) -> Submit:
    """File `code` for the applicant with the catalogue's example (overridable)."""

    def file(code: str, *, with_files: bool = True, **overrides: Any) -> Application:
        procedure = service.get_service(code)
        employer = "citizen" not in procedure.filers
        return service.submit(
            db_session=db_session,
            service=procedure,
            si_number=applicant,
            level=2,
            answers=answers_for(db_session, procedure, applicant) | overrides,
            actor=EMPLOYER if employer else Actor(kind="citizen", id=applicant),
            applicant_kind="employer" if employer else "citizen",
            files=files_for(procedure) if with_files else [],
        )

    return file
