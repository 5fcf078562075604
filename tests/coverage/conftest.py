"""Coverage fixtures: a sending employer, another one, a worker, an employer's API client."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from ansinh.core.security.actor import Actor
from ansinh.registry import service as registry
from ansinh.registry.schemas import EmployerCreate
from tests.conftest import api_headers
from tests.contributions.conftest import register

API = "/api/v1/coverage/certificates"
SENDER = "HQ0001A"
OTHER = "HQ0002B"
EMPLOYER = Actor(kind="client", id="coverage-test", scopes=frozenset({"coverage:apply"}))
PURPOSE = "certificate of coverage for a posted worker"


def _employer(db_session: Session, unit_code: str, tax_code: str, name: str) -> str:
    registry.create_employer(
        db_session=db_session,
        employer_in=EmployerCreate(
            unit_code=unit_code,
            tax_code=tax_code,
            name=name,
            province_code="79",
            wage_region="I",
        ),
    )
    return unit_code


@pytest.fixture()
def employers(db_session: Session) -> tuple[str, str]:
    """Two employers that post workers to Korea."""
    return (
        _employer(db_session, SENDER, "0318888881", "Công ty TNHH Kỹ thuật Hàn Việt"),
        _employer(db_session, OTHER, "0318888882", "Công ty CP Xây dựng Sông Hàn"),
    )


@pytest.fixture()
def worker(db_session: Session, employers: tuple[str, str]) -> str:  # noqa: ARG001
    """A worker to post abroad."""
    return register(db_session, "Trần Văn Bình", date(1990, 5, 17), sex="M")


@pytest.fixture()
def headers(db_session: Session) -> dict[str, str]:
    """The sending employer's software, allowed to apply for certificates."""
    return api_headers(db_session, "coverage:apply", client_id="coverage-test")
