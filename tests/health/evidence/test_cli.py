"""`ansinh evidence`: a synthetic key written, its certificate registered and listed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.cli import app
from ansinh.health.evidence import cli, keys
from ansinh.health.models import Facility
from tests.health.conftest import FACILITY


@pytest.fixture()
def in_test_transaction(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands run inside the test's rolled-back transaction."""

    @contextmanager
    def _unit_of_work() -> Iterator[Session]:
        yield db_session

    monkeypatch.setattr(cli, "unit_of_work", _unit_of_work)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["evidence", *args])
    return result.exit_code, result.output


def test_a_synthetic_certificate_is_registered_and_listed(
    tmp_path: Path,
    db_session: Session,
    facilities: list[Facility],
    in_test_transaction: None,
) -> None:
    code, _ = _run("synthetic-key", FACILITY, str(tmp_path))
    assert code == 0
    assert (tmp_path / f"{FACILITY}.key.pem").stat().st_mode & 0o777 == 0o600
    code, output = _run("register-certificate", FACILITY, str(tmp_path / f"{FACILITY}.cert.pem"))
    assert code == 0 and "registered" in output
    assert len(keys.active(db_session=db_session, facility_code=FACILITY)) == 1
    code, listed = _run("certificates", FACILITY)
    assert code == 0 and "synthetic" in listed
    [row] = keys.listed(db_session=db_session, facility_code=FACILITY)
    code, _ = _run("deactivate-certificate", str(row.certificate_id))
    assert code == 0 and keys.active(db_session=db_session, facility_code=FACILITY) == []
    code, output = _run("deactivate-certificate", "999999")
    assert code == 1 and "no signing certificate" in output


def test_a_file_that_is_not_a_certificate_is_refused(
    tmp_path: Path,
    db_session: Session,
    facilities: list[Facility],
    in_test_transaction: None,
) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    code, output = _run("register-certificate", FACILITY, str(junk))
    assert code == 1 and "not a PEM-encoded X.509 certificate" in output
    assert keys.listed(db_session=db_session, facility_code=FACILITY) == []
