"""`ansinh facilities clerks add/list/disable`: a facility's clerks, from the command line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.cli import app
from ansinh.health import clerks_cli
from ansinh.health import service as health
from ansinh.health.models import Facility

CLERK_ID = "079185000777"


@pytest.fixture()
def facility(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> str:
    """A facility, and the commands running inside the test's rolled-back transaction."""

    @contextmanager
    def _unit_of_work() -> Iterator[Session]:
        yield db_session

    monkeypatch.setattr(clerks_cli, "unit_of_work", _unit_of_work)
    db_session.add(
        Facility(code="79001", name="Trạm Y tế Phường 1", level="primary", province_code="79")
    )
    db_session.flush()
    return "79001"


def _run(*args: str, prompted: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(app, ["facilities", "clerks", *args], input=prompted)
    return result.exit_code, result.output


def test_a_clerk_is_added_listed_masked_and_disabled(facility: str, db_session: Session) -> None:
    code, _ = _run("add", facility, "--full-name", "Lê Thị Hoa", prompted=f"{CLERK_ID}\n")
    assert code == 0
    code, listed = _run("list", facility)
    assert code == 0 and "Lê Thị Hoa" in listed and CLERK_ID not in listed
    code, _ = _run("disable", facility, prompted=f"{CLERK_ID}\n")
    assert code == 0
    assert (
        health.find_clerk(db_session=db_session, facility_code=facility, personal_id=CLERK_ID)
        is None
    )
    assert _run("disable", facility, prompted=f"{CLERK_ID}\n")[0] == 1


def test_a_bad_personal_id_or_facility_is_refused(facility: str) -> None:
    assert _run("add", facility, "--full-name", "Lê Thị Hoa", prompted="12345\n")[0] == 2
    assert _run("list", "99999")[0] == 2
