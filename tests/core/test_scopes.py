"""API clients get only scopes the platform knows; a typo is refused when the client is made."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.cli import app
from ansinh.core.errors import Unprocessable
from ansinh.core.security import service
from ansinh.core.security.deps import require


def test_an_unknown_scope_is_refused_with_the_known_ones(db_session: Session) -> None:
    with pytest.raises(Unprocessable, match="unknown scopes: hi:eligibilty"):
        service.create(
            db_session=db_session, client_id="c1", name="Clinic", scopes=["hi:eligibilty"]
        )
    client, _ = service.create(
        db_session=db_session, client_id="c2", name="Clinic", scopes=["hi:eligibility"]
    )
    assert client.scopes == ["hi:eligibility"]


def test_the_command_refuses_an_unknown_scope_before_printing_a_key() -> None:
    result = CliRunner().invoke(app, ["clients", "create", "c3", "--name", "X", "--scopes", "nope"])
    assert result.exit_code == 2 and "ak_" not in result.stdout


def test_a_route_cannot_require_a_scope_that_is_not_listed() -> None:
    with pytest.raises(ValueError, match="not listed"):
        require("registry:reed")
