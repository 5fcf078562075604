"""`ansinh officers create`: an account with a role, its password stored as an argon2 hash."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.cli import app
from ansinh.portal.models import Officer
from ansinh.portal.officers import cli


@pytest.fixture()
def in_test_transaction(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    """Run the command inside the test's rolled-back transaction."""

    @contextmanager
    def _unit_of_work() -> Iterator[Session]:
        yield db_session

    monkeypatch.setattr(cli, "unit_of_work", _unit_of_work)
    return db_session


def test_create_an_officer_with_a_prompted_password(in_test_transaction: Session) -> None:
    result = CliRunner().invoke(
        app,
        ["officers", "create", "tran.van.c", "--full-name", "Trần Văn C", "--role", "reviewer"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    officer = in_test_transaction.get(Officer, "tran.van.c")
    assert officer is not None and officer.role == "reviewer"
    assert officer.password_hash.startswith("$argon2id$")


def test_a_short_password_or_unknown_role_is_refused(in_test_transaction: Session) -> None:
    runner = CliRunner()
    short = runner.invoke(
        app,
        ["officers", "create", "x.y", "--full-name", "X Y"],
        env={"ANSINH_OFFICER_PASSWORD": "short"},
    )
    assert short.exit_code == 1 and "12 characters" in short.output
    role = runner.invoke(
        app,
        ["officers", "create", "x.y", "--full-name", "X Y", "--role", "boss"],
        env={"ANSINH_OFFICER_PASSWORD": "a long enough password"},
    )
    assert role.exit_code == 1 and "role" in role.output
